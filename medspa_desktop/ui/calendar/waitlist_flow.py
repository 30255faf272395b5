"""The waitlist from the calendar: the list (Ctrl+W), and the offer of a freed time.

After a cancellation or a no-show on the calendar, the clients waiting whom that time suits
(``offers_for``) are offered it in the order they joined. The desk calls them in turn, marks
the one it phoned as offered (``offer_time``), records a no (``decline_offer``: waiting
again, same place), and books the one who takes it through the booking dialog, opened with
their client, service, practitioner and the freed time; the entry is then marked booked
with the new appointment. An offered client can also be booked, or their no recorded, from
the list. The offer and the list follow every change announced through the ``OpHub``,
including what a sync brought in. GUI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.permissions import is_allowed
from medspa_desktop.services.booking import BookedVisit
from medspa_desktop.services.calendar import CalendarCard
from medspa_desktop.services.clients import get_client_profile
from medspa_desktop.services.waitlist import (
    FreedTime,
    WaitlistInfo,
    WaitlistOffer,
    offers_for,
    offers_for_time,
)
from medspa_desktop.services.waitlist_status import (
    OfferTime,
    decline_offer,
    expire_waitlist,
    offer_time,
    set_waitlist_status,
)
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.calendar.booking_dialog import BookingDialog, BookingStart
from medspa_desktop.ui.calendar.waitlist_dialog import WAITLIST, WaitlistDialog
from medspa_desktop.ui.calendar.waitlist_offers import OfferDialog
from medspa_desktop.ui.clients.model import display_phone
from medspa_desktop.ui.ops import Changed, OpChanges, show_failure
from medspa_desktop.ui.session import AppSession, ServiceCall


@dataclass(frozen=True)
class Offers:
    offers: list[WaitlistOffer]
    phones: dict[str, str]
    """Each waiting client's phone (E.164) by client id: the desk calls them."""


def offers_to_call(
    freed: str | FreedTime, uow: UnitOfWork, actor: Actor, known: Collection[str] = ()
) -> Offers:
    """Who could take the freed time, with the phones of those not ``known`` yet. Database
    worker.

    NOTE: a phone comes with the client's profile, whose every opening is audited: only
    the clients offered the time are opened, as the desk is about to call them, and each
    only once while the offer is shown.
    """
    if isinstance(freed, FreedTime):  # the time a moved booking left
        offers = offers_for_time(freed, uow=uow, actor=actor)
    else:  # a cancelled or no-show appointment's id
        offers = offers_for(freed, uow=uow, actor=actor)
    phones = {}
    if is_allowed(actor.role, Action.CLIENT_VIEW):
        for client_id in dict.fromkeys(offer.entry.client_id for offer in offers):
            if client_id not in known:
                phones[client_id] = get_client_profile(client_id, uow=uow, actor=actor).phone
    return Offers(offers, phones)


class WaitlistFlow(QObject):
    """Opens the list, and offers freed times; ``booked(BookedVisit)`` once a waiting client
    is booked into one. ``time_zone()`` is the calendar's. ``list_dialog``, ``offer`` and
    ``booking`` are the last ones shown (for tests and screenshots)."""

    booked = Signal(object)

    def __init__(self, session: AppSession, parent: QWidget, time_zone: Callable[[], str]) -> None:
        super().__init__(parent)
        self._session = session
        self._parent = parent
        self._zone = time_zone
        self._freed: CalendarCard | None = None
        self._freed_as: str | FreedTime = ""
        """What ``offers_to_call`` is asked about the freed time shown."""
        self._phones: dict[str, str] = {}
        self.list_dialog: WaitlistDialog | None = None
        self.offer: OfferDialog | None = None
        self.booking: BookingDialog | None = None
        session.hub.changed.connect(self._on_changes)

    def open_list(self, today: dt.date) -> WaitlistDialog | None:
        """The list, after the entries whose last day has passed are expired."""
        if not self._session.may(Action.WAITLIST_VIEW) or not self._session.actor.location_id:
            return None
        self._expire()
        if self.list_dialog is not None:
            self.list_dialog.deleteLater()
        self.list_dialog = WaitlistDialog(self._parent, self._session, today, self._zone())
        self.list_dialog.book.connect(self._book_offered)
        self.list_dialog.open()
        return self.list_dialog

    def _expire(self) -> None:
        # NOTE: asked before the list's own query, which runs after it on the one database
        # worker and so never shows an entry this expires.
        if not self._session.may(Action.WAITLIST_MANAGE):
            return
        location_id = self._session.actor.location_id or ""
        self._session.mutate(
            self._parent,
            lambda uow, actor: expire_waitlist(location_id, uow=uow, actor=actor),
            lambda expired: WAITLIST if expired else OpChanges(),
        ).run()

    def freed(self, card: CalendarCard) -> None:
        """``card`` was just cancelled or marked as a no-show: offer its time to the
        clients it suits, if any."""
        self._ask(card, card.id)

    def left(self, card: CalendarCard) -> None:
        """``card`` (as it was) was just moved away: offer the time it left."""
        self._ask(
            card, FreedTime(self._session.actor.location_id or "", card.starts_at, card.staff_id)
        )

    def _ask(self, card: CalendarCard, freed: str | FreedTime) -> None:
        if not self._session.may(Action.WAITLIST_VIEW):
            return
        self._session.query(
            self._parent, lambda uow, actor: offers_to_call(freed, uow, actor)
        ).success(lambda found: self._show(found, card, freed)).run()

    def _show(self, found: Offers, card: CalendarCard, freed: str | FreedTime) -> None:
        if not found.offers:
            return
        if self.offer is not None:
            self.offer.deleteLater()
        self._freed, self._freed_as, self._phones = card, freed, {}
        self.offer = OfferDialog(self._parent, [], card, self._zone(), {})
        self._show_offers(self.offer, found)
        session = self._session
        may_change = session.may(Action.WAITLIST_MANAGE)
        may_book = may_change and session.may(Action.APPOINTMENT_BOOK)
        self.offer.book_button.setVisible(may_book)
        self.offer.offered_button.setVisible(may_change)
        self.offer.declined_button.setVisible(may_change)
        self.offer.dismiss_button.setText("Not now" if may_book else "Close")
        self.offer.offer.connect(self.mark_offered)
        self.offer.decline.connect(self.decline)
        self.offer.take.connect(self.book)
        self.offer.open()

    def _show_offers(self, dialog: OfferDialog, found: Offers) -> None:
        country = self._session.country
        self._phones.update({k: display_phone(v, country) for k, v in found.phones.items()})
        dialog.show_offers(found.offers, self._phones)

    # ---- the desk's answers -----------------------------------------------------------------

    def mark_offered(self, offer: WaitlistOffer) -> None:
        """The desk phoned the client and offered them the time."""
        command = OfferTime(offer.entry.id, offer.starts_at, offer.staff_id)
        self._answer(lambda uow, actor: offer_time(command, uow=uow, actor=actor))

    def decline(self, offer: WaitlistOffer) -> None:
        """The client said no: waiting again, in the same place."""
        self._answer(lambda uow, actor: decline_offer(offer.entry.id, uow=uow, actor=actor))

    def _answer(self, call: ServiceCall[WaitlistInfo]) -> None:
        dialog = self.offer
        # The change announced refreshes the offer (``_on_changes``).
        self._session.mutate(dialog, call, WAITLIST).failure(
            lambda err: self._not_saved(dialog, err)
        ).run()

    def _not_saved(self, dialog: OfferDialog | None, err: BaseException) -> None:
        if dialog is not None:
            dialog.set_busy(False)
        show_failure(dialog or self._parent, err, "Not saved")

    # ---- booking ----------------------------------------------------------------------------

    def book(self, offer: WaitlistOffer) -> BookingDialog | None:
        """The booking dialog for the client who takes the freed time, over the offer."""
        return self.open_booking(offer.entry, offer.starts_at, offer.staff_id, self.offer)

    def _book_offered(self, entry: WaitlistInfo) -> None:
        if entry.offered is not None:
            self.open_booking(entry, entry.offered.starts_at, entry.offered.staff_id,
                              self.list_dialog)  # fmt: skip

    def open_booking(
        self, entry: WaitlistInfo, starts_at: dt.datetime, staff_id: str, over: QWidget | None
    ) -> BookingDialog | None:
        """The calendar's booking dialog with the entry's client, service, the practitioner
        and the time; once booked, the entry is marked booked with the appointment."""
        session = self._session
        if not (session.may(Action.APPOINTMENT_BOOK) and session.may(Action.WAITLIST_MANAGE)):
            return None
        zone = self._zone()
        local = starts_at.astimezone(ZoneInfo(zone))
        minute = local.hour * 60 + local.minute
        start = BookingStart(local.date(), minute, staff_id, entry.client_id, entry.service_id)
        self.booking = BookingDialog(over or self._parent, session, start, zone)
        self.booking.booked.connect(lambda visit: self._booked(entry, visit))
        self.booking.open()
        return self.booking

    def _booked(self, entry: WaitlistInfo, visit: BookedVisit) -> None:
        appointment_id = visit.appointments[0].id

        def mark(uow: UnitOfWork, actor: Actor) -> WaitlistInfo:
            return set_waitlist_status(
                entry.id, "booked", uow=uow, actor=actor, appointment_id=appointment_id
            )

        self._session.mutate(self._parent, mark, WAITLIST).failure(
            lambda err: show_failure(self._parent, err, "Booked, still on the waitlist")
        ).run()
        if self.offer is not None and self.offer.isVisible():
            self.offer.accept()  # the time is taken
        self.booked.emit(visit)

    # ---- keeping up -------------------------------------------------------------------------

    def _on_changes(self, changes: OpChanges) -> None:
        """A change here, on another screen, or pulled by a sync: show the offer afresh."""
        offer, card = self.offer, self._freed
        if offer is None or card is None or not offer.isVisible():
            return
        if not changes.touches(Changed.WAITLIST, Changed.APPOINTMENTS):
            return
        known, freed = tuple(self._phones), self._freed_as
        self._session.query(
            offer, lambda uow, actor: offers_to_call(freed, uow, actor, known)
        ).success(lambda found: self._show_offers(offer, found)).failure(
            lambda _err: offer.show_offers([], {})  # the freed appointment is gone
        ).run()
