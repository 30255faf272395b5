"""The waitlist from the calendar: the list (Ctrl+W), and the offer of a freed time.

After a cancellation or a no-show on the calendar, the clients waiting whom that time suits
(``offers_for``) are offered it in the order they joined; the front desk calls them in turn
and books the one who takes it into the freed time (``book_visit``, and the entry marked
booked with the new appointment), or leaves it. GUI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.permissions import is_allowed
from medspa_desktop.services.booking import BookedVisit, BookVisit, VisitLeg, book_visit
from medspa_desktop.services.calendar import CalendarCard
from medspa_desktop.services.clients import get_client_profile
from medspa_desktop.services.waitlist import WaitlistOffer, offers_for, set_waitlist_status
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.calendar.status_menu import APPOINTMENTS
from medspa_desktop.ui.calendar.waitlist_dialog import WaitlistDialog
from medspa_desktop.ui.calendar.waitlist_offers import OfferDialog
from medspa_desktop.ui.clients.model import display_phone
from medspa_desktop.ui.ops import show_failure
from medspa_desktop.ui.session import AppSession


def book_offer(
    offer: WaitlistOffer, location_id: str, uow: UnitOfWork, actor: Actor
) -> BookedVisit:
    """Book the waiting client into the freed time and mark their entry booked with it.
    Database worker."""
    entry = offer.entry
    leg = VisitLeg(entry.service_id, offer.staff_id)
    command = BookVisit(entry.client_id, location_id, offer.starts_at, (leg,))
    visit = book_visit(command, uow=uow, actor=actor)
    set_waitlist_status(
        entry.id, "booked", uow=uow, actor=actor, appointment_id=visit.appointments[0].id
    )
    return visit


@dataclass(frozen=True)
class Offers:
    offers: list[WaitlistOffer]
    phones: dict[str, str]
    """Each waiting client's phone (E.164) by client id: the desk calls them."""


def offers_to_call(appointment_id: str, uow: UnitOfWork, actor: Actor) -> Offers:
    """Who could take the freed time, with their phones. Database worker.

    NOTE: a phone comes with the client's profile, whose every opening is audited: only
    the clients offered the time are opened, as the desk is about to call them.
    """
    offers = offers_for(appointment_id, uow=uow, actor=actor)
    phones = {}
    if is_allowed(actor.role, Action.CLIENT_VIEW):
        for client_id in dict.fromkeys(offer.entry.client_id for offer in offers):
            phones[client_id] = get_client_profile(client_id, uow=uow, actor=actor).phone
    return Offers(offers, phones)


class WaitlistFlow(QObject):
    """Opens the list, and offers freed times; ``booked(BookedVisit)`` once a waiting client
    is booked into one. ``time_zone()`` is the calendar's. ``list_dialog`` and ``offer``
    are the last ones shown (for tests and screenshots)."""

    booked = Signal(object)

    def __init__(self, session: AppSession, parent: QWidget, time_zone: Callable[[], str]) -> None:
        super().__init__(parent)
        self._session = session
        self._parent = parent
        self._zone = time_zone
        self.list_dialog: WaitlistDialog | None = None
        self.offer: OfferDialog | None = None

    def open_list(self, today: dt.date) -> WaitlistDialog | None:
        if not self._session.may(Action.WAITLIST_VIEW) or not self._session.actor.location_id:
            return None
        if self.list_dialog is not None:
            self.list_dialog.deleteLater()
        self.list_dialog = WaitlistDialog(self._parent, self._session, today, self._zone())
        self.list_dialog.open()
        return self.list_dialog

    def freed(self, card: CalendarCard) -> None:
        """``card`` was just cancelled or marked as a no-show: offer its time to the
        clients it suits, if any."""
        if not self._session.may(Action.WAITLIST_VIEW):
            return
        self._session.query(
            self._parent, lambda uow, actor: offers_to_call(card.id, uow, actor)
        ).success(lambda found: self._show(found, card)).run()

    def _show(self, found: Offers, card: CalendarCard) -> None:
        if not found.offers:
            return
        if self.offer is not None:
            self.offer.deleteLater()
        phones = {k: display_phone(v, self._session.country) for k, v in found.phones.items()}
        self.offer = OfferDialog(self._parent, found.offers, card, self._zone(), phones)
        session = self._session
        may_book = session.may(Action.WAITLIST_MANAGE) and session.may(Action.APPOINTMENT_BOOK)
        self.offer.book_button.setVisible(may_book)
        self.offer.dismiss_button.setText("Not now" if may_book else "Close")
        self.offer.take.connect(self.book)
        self.offer.open()

    def book(self, offer: WaitlistOffer) -> None:
        location_id = self._session.actor.location_id or ""
        self._session.mutate(
            self.offer, lambda uow, actor: book_offer(offer, location_id, uow, actor), APPOINTMENTS
        ).success(self._booked).failure(self._not_booked).run()

    def _booked(self, visit: BookedVisit) -> None:
        if self.offer is not None:
            self.offer.accept()
        self.booked.emit(visit)

    def _not_booked(self, err: BaseException) -> None:
        if self.offer is not None:
            self.offer.book_button.setEnabled(True)
        show_failure(self.offer or self._parent, err, "Not booked")
