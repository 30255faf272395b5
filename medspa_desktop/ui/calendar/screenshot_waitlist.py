"""Screenshot scenes of the waitlist and of a double booking on the calendar: the waitlist
with clients waiting (the first one offered a freed time 12 minutes ago), adding one, the
offer of a cancelled time, and a card that sync found double booked with its "Resolve
double booking…" button.

The scenes change nothing in the clinic's data: the demo clinic has nobody waiting, so the
entries shown are made up from the day's clients (only on screen), nothing is saved in the
add form, and the double booking is a real appointment of the day shown with the
``conflict`` status (only on screen). Main thread of ``medspa screenshots``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from medspa_desktop.services.calendar import CalendarCard, CalendarView
from medspa_desktop.services.waitlist import OfferedTime, WaitlistInfo, WaitlistOffer
from medspa_desktop.ui.calendar import when
from medspa_desktop.ui.calendar.section import CalendarSection
from medspa_desktop.ui.calendar.waitlist_dialog import WaitlistDialog
from medspa_desktop.ui.calendar.waitlist_offers import OfferDialog
from medspa_desktop.ui.shooter import Shooter

Over = Callable[[Shooter, str, QWidget, QWidget], None]
WISHES = (
    ((), "Can come at short notice"),
    (((0, 9 * 60, 12 * 60), (2, 9 * 60, 12 * 60)), ""),
    (((4, 13 * 60, 18 * 60),), "Prefers the afternoon; call her mobile"),
)


def waitlist_scenes(shot: Shooter, window: QWidget, section: CalendarSection, over: Over) -> None:
    """The waitlist scenes, over ``window`` with a manager logged in."""
    view = section.view
    if view is None or not view.cards:
        return
    freed = view.cards[len(view.cards) // 2]
    entries = _made_up(view, section.today(), freed)
    dialog = section.open_waitlist()
    if dialog is not None:
        shot.settle()  # its own (empty) list has come; the made-up one replaces it
        assert dialog.facts is not None
        dialog.show_facts(dataclasses.replace(dialog.facts, entries=entries))
        over(shot, "calendar-waitlist", window, dialog)
        _add_form(shot, window, dialog, over)
    offers = [WaitlistOffer(e, freed.starts_at, freed.staff_id) for e in entries[:2]]
    phones = {e.client_id: f"(555) 010-01{n:02d}" for n, e in enumerate(entries)}  # made up
    offer = OfferDialog(window, offers, freed, view.time_zone, phones)
    offer.list.setCurrentRow(1)  # the first has not answered yet: the desk calls the next
    over(shot, "calendar-waitlist-offer", window, offer)
    _double_booking(shot, window, section, view)


def _add_form(shot: Shooter, window: QWidget, dialog: WaitlistDialog, over: Over) -> None:
    form, facts = dialog.add(), dialog.facts
    if form is None or facts is None:
        return
    shot.settle()
    form.client.choose(facts.entries[0].client_id)
    form.legs.choose(facts.services[0].id if facts.services else None, None)
    form.times.days[1].setChecked(True)
    form.times.days[3].setChecked(True)
    form.times.between.setChecked(True)
    shot.settle()
    over(shot, "calendar-waitlist-add", window, form)
    dialog.close()


def _made_up(view: CalendarView, today: dt.date, freed: CalendarCard) -> tuple[WaitlistInfo, ...]:
    """Three of the day's clients as if waiting, the oldest first; the first was offered
    ``freed``'s time 12 minutes ago and has not answered yet."""
    seen: dict[str, CalendarCard] = {}
    for card in view.cards:
        seen.setdefault(card.client_id, card)
    chosen = list(seen.values())[: len(WISHES)]
    now = dt.datetime.now(dt.UTC)
    joined = now - dt.timedelta(days=9)
    offered = OfferedTime(
        freed.starts_at, freed.staff_id, freed.staff_name, now - dt.timedelta(minutes=12)
    )
    return tuple(
        WaitlistInfo(
            id=f"scene-{n}",
            client_id=card.client_id,
            client_name=card.client_name,
            service_id=card.service_id,
            service_name=card.service_name,
            staff_id=card.staff_id if n == 1 else None,
            earliest_date=today,
            latest_date=today + dt.timedelta(days=14 + 7 * n),
            preferred_times=WISHES[n][0],
            status="offered" if n == 0 else "waiting",
            notes=WISHES[n][1],
            created_at=joined + dt.timedelta(days=3 * n),
            offered=offered if n == 0 else None,
        )
        for n, card in enumerate(chosen)
    )


def _double_booking(
    shot: Shooter, window: QWidget, section: CalendarSection, view: CalendarView
) -> None:
    card = max(view.cards, key=lambda c: c.start_minute)
    clash = dataclasses.replace(card, status="conflict")
    shown = dataclasses.replace(view, cards=tuple(clash if c is card else c for c in view.cards))
    section.board.show_view(shown, with_staff=False, zone_label=when.zone_label(view))
    section.canvas.select(clash.id)
    section.board.reveal(section.canvas.card_rect(clash.id))
    shot.shoot("calendar-double-booked-card", window)
    section.canvas.select(None)
    section.reload()
    shot.settle()
