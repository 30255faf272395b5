"""Screenshot scenes of the calendar: the day by practitioner with an appointment chosen, by
room and machine, a practitioner's week, the booking dialog, a refused double booking
with the manager's override field, a weekly series checked date by date, and the waitlist
(``screenshot_waitlist``).

The scenes change nothing in the clinic's data: the refused booking is refused by the
booking service itself (a clash writes nothing), a series is only checked (``preview_series``
writes nothing), and the remembered view is put back to the day by practitioner afterwards.
Main thread of ``medspa screenshots``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QWidget

from medspa_desktop.services.calendar import CalendarCard
from medspa_desktop.ui.calendar.booking_dialog import BookingDialog, BookingStart
from medspa_desktop.ui.calendar.screenshot_waitlist import waitlist_scenes
from medspa_desktop.ui.calendar.section import CalendarSection
from medspa_desktop.ui.calendar.toolbar import RESOURCES_DAY, STAFF_DAY, WEEK
from medspa_desktop.ui.main_window import MainWindow
from medspa_desktop.ui.shooter import Shooter

Over = Callable[[Shooter, str, QWidget, QWidget], None]
"""``screenshot_scenes.over``: picture a dialog over the window."""


def calendar_scenes(shot: Shooter, window: MainWindow, over: Over) -> None:
    """Every calendar scene, over ``window`` with a manager logged in."""
    if window.work is None or not window.work.has_section("calendar"):
        return
    window.show_section("calendar")
    section = window.work.calendar()
    section.set_mode(STAFF_DAY)
    section.go_today()
    shot.settle()
    chosen = _busy_card(section)
    if chosen is not None:
        section.canvas.select(chosen.id)
        section.board.reveal(section.canvas.card_rect(chosen.id))
    shot.shoot("calendar-day", window)
    section.canvas.select(None)
    for mode, name in ((RESOURCES_DAY, "calendar-rooms-and-machines"), (WEEK, "calendar-week")):
        section.set_mode(mode)
        shot.settle()
        shot.shoot(name, window)
    section.set_mode(STAFF_DAY)
    shot.settle()
    _booking_scenes(shot, window, section, over)
    waitlist_scenes(shot, window, section, over)


def _busy_card(section: CalendarSection) -> CalendarCard | None:
    """A card around now with the most flags: the details panel at its fullest."""
    cards = section.view.cards if section.view else ()
    now = section.canvas.now_minute or 10 * 60
    return max(cards, key=lambda c: (len(c.flags), -abs(c.start_minute - now)), default=None)


def _booking_scenes(
    shot: Shooter, window: MainWindow, section: CalendarSection, over: Over
) -> None:
    clash = _upcoming_card(shot, section)
    if clash is None or section.view is None:
        return
    zone = ZoneInfo(section.view.time_zone)
    start = clash.starts_at.astimezone(zone)
    when = BookingStart(start.date(), start.hour * 60 + start.minute, clash.staff_id)
    client = _other_client(section, clash)
    dialog = _dialog(shot, section, when, clash, client)
    over(shot, "calendar-booking", window, dialog)
    dialog = _dialog(shot, section, when, clash, client)
    dialog.book()  # the practitioner is busy then: refused, nothing is written
    shot.settle()
    over(shot, "calendar-double-booking-refused", window, dialog)
    dialog = _dialog(shot, section, when, clash, client)
    dialog.repeat.on.setChecked(True)
    dialog.repeat.every.setValue(1)
    dialog.repeat.times.setValue(6)
    dialog.book()  # only checks the dates: nothing is written
    shot.settle()
    over(shot, "calendar-series-checked", window, dialog)


def _dialog(
    shot: Shooter,
    section: CalendarSection,
    when: BookingStart,
    clash: CalendarCard,
    client: CalendarCard,
) -> BookingDialog:
    """The dialog as the desk leaves it: client found, the clashing service chosen."""
    dialog = section.open_booking(when)
    assert dialog is not None
    shot.settle()
    row = dialog.legs.rows[0]
    row.service.setCurrentIndex(max(row.service.findData(clash.service_id), 0))
    row.staff.setCurrentIndex(max(row.staff.findData(clash.staff_id), 0))
    dialog.client.search.setText(client.client_name.split()[0])
    dialog.client.choose(client.client_id)
    shot.settle()
    return dialog


def _other_client(section: CalendarSection, clash: CalendarCard) -> CalendarCard:
    """Another client of the day, one with allergies if there is one (the dialog warns)."""
    cards = (
        [c for c in section.view.cards if c.client_id != clash.client_id] if section.view else []
    )
    return max(cards, key=lambda c: "allergy" in c.flags, default=clash)


def _upcoming_card(shot: Shooter, section: CalendarSection) -> CalendarCard | None:
    """A booking still ahead, today or on one of the next days, to book over."""
    now = dt.datetime.now(dt.UTC)
    for _ in range(7):
        cards = section.view.cards if section.view else ()
        ahead = [c for c in cards if c.starts_at > now and c.status in ("booked", "confirmed")]
        if ahead:
            return ahead[len(ahead) // 2]
        section.step(1)
        shot.settle()
    return None
