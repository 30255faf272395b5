"""The status menu of an appointment: only the steps its status allows (``NEXT``) that the
logged-in role may take, and doing them through the appointment-life service.

Cancelling asks for a reason first and a no-show asks for confirmation; either frees the
time, which is announced (``freed``) so it can be offered to the waitlist. A cancelled
booking restored over a clash can be overridden by a manager, as a booking can. GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMenu, QWidget

from medspa_desktop.domain import appointment_status as st
from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Role
from medspa_desktop.domain.permissions import is_allowed
from medspa_desktop.services.appointment_life import (
    ChangeStatus,
    WaiveFee,
    change_status,
    waive_fee,
)
from medspa_desktop.services.booking import BookingRefused
from medspa_desktop.services.calendar import CalendarCard
from medspa_desktop.services.tickets import OpenTicket
from medspa_desktop.ui.calendar.prompts import ReasonDialog, RefusalDialog
from medspa_desktop.ui.checkout.card_control import TerminalSource
from medspa_desktop.ui.checkout.dialog import open_checkout
from medspa_desktop.ui.ops import Changed, OpChanges, show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import confirmation_box, when_confirmed

APPOINTMENTS = OpChanges.of(Changed.APPOINTMENTS)
VERBS = {
    st.CONFIRMED: "Confirm",
    st.CHECKED_IN: "Check in",
    st.IN_TREATMENT: "Start treatment",
    st.COMPLETED: "Complete",
    st.CANCELLED: "Cancel…",
    st.NO_SHOW: "Mark as no-show…",
}
FREES_TIME = frozenset({st.CANCELLED, st.NO_SHOW})
CHECKS_OUT = frozenset({st.CHECKED_IN, st.IN_TREATMENT, st.COMPLETED, st.NO_SHOW})
"""Statuses whose appointment can be checked out (a no-show for its fee)."""


@dataclass(frozen=True)
class StatusChoice:
    to_status: str
    label: str


def status_choices(status: str, role: Role) -> list[StatusChoice]:
    """The steps ``NEXT`` allows from ``status`` that ``role`` may take, in order."""
    choices = []
    for to_status in st.NEXT.get(status, ()):
        action = st.PERMISSION.get(to_status)
        if action is None or not is_allowed(role, action):
            continue
        if to_status == st.BOOKED:
            verb = "Accept the request" if status == st.REQUESTED else "Restore the booking"
        else:
            verb = VERBS.get(to_status, st.LABELS.get(to_status, to_status))
        choices.append(StatusChoice(to_status, verb))
    return choices


def may_check_out(status: str, role: Role) -> bool:
    return status in CHECKS_OUT and is_allowed(role, Action.TICKET_OPEN)


def may_waive(status: str, role: Role) -> bool:
    """A no-show carries the location's fee, which a manager may waive."""
    return status == st.NO_SHOW and is_allowed(role, Action.APPOINTMENT_WAIVE_FEE)


class StatusActions(QObject):
    """Builds the menu and carries out a choice; ``book_again(card)`` asks for a new booking,
    ``freed(card)`` says that ``card`` was just cancelled or marked as a no-show, and
    ``resolve_conflict()`` asks for the Sync panel (a double booking found by sync)."""

    book_again = Signal(object)
    freed = Signal(object)
    resolve_conflict = Signal()

    def __init__(self, session: AppSession, parent: QWidget) -> None:
        super().__init__(parent)
        self._session = session
        self._parent = parent
        self.terminal: TerminalSource | None = None
        """The card terminal checkout uses (None: this PC's); tests set their own."""

    def menu(self, card: CalendarCard) -> QMenu:
        """The menu for ``card`` (empty of what the role may not do)."""
        role = self._session.actor.role
        menu = QMenu(self._parent)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if card.status == st.CONFLICT:
            menu.addAction("Resolve double booking…", self.resolve_conflict.emit)
        if may_check_out(card.status, role):
            menu.addAction("Check out…", lambda: self.check_out(card))
            menu.addSeparator()
        for choice in status_choices(card.status, role):
            menu.addAction(choice.label, partial(self.choose, card, choice.to_status))
        if self._session.may(Action.APPOINTMENT_BOOK):
            menu.addSeparator()
            menu.addAction("Book again for this client…", lambda: self.book_again.emit(card))
        if may_waive(card.status, role):
            menu.addAction("Waive the no-show fee…", lambda: self.ask_waive(card))
        return menu

    def choose(self, card: CalendarCard, to_status: str) -> None:
        if to_status == st.CANCELLED:
            self.ask_cancel(card)
        elif to_status == st.NO_SHOW:
            box = confirmation_box(
                self._parent,
                "Mark as no-show?",
                f"Mark {card.client_name} as a no-show for {card.service_name}? The clinic's "
                "no-show fee is added at checkout unless a manager waives it.",
                "Mark as no-show",
                danger=True,
            )
            when_confirmed(box, lambda: self._change(card, to_status))
            box.open()
        else:
            self._change(card, to_status)

    def check_out(self, card: CalendarCard) -> QWidget | None:
        """Checkout for ``card``'s visit: its ticket, opened now or as it was left."""
        location_id = self._session.actor.location_id
        if location_id is None or not may_check_out(card.status, self._session.actor.role):
            return None
        opening = OpenTicket(location_id, appointment_id=card.id)
        return open_checkout(self._parent, self._session, opening, self.terminal)

    def cancel_if_allowed(self, card: CalendarCard) -> None:
        """Delete on a card: ask to cancel it only where its status and the role allow."""
        choices = status_choices(card.status, self._session.actor.role)
        if any(choice.to_status == st.CANCELLED for choice in choices):
            self.ask_cancel(card)

    def ask_cancel(self, card: CalendarCard) -> ReasonDialog:
        """Cancel only after a reason is given (Delete on a card comes here too)."""
        dialog = ReasonDialog(
            self._parent,
            "Cancel appointment",
            f"Cancel {card.client_name}'s {card.service_name}? It leaves the calendar and "
            "frees the time. A late cancellation may carry the clinic's fee.",
            "Cancel appointment",
            placeholder="e.g. Client unwell, will call to rebook",
            danger=True,
        )
        dialog.given.connect(lambda reason: self._change(card, st.CANCELLED, reason))
        dialog.open()
        return dialog

    def ask_waive(self, card: CalendarCard) -> ReasonDialog:
        dialog = ReasonDialog(
            self._parent,
            "Waive the fee",
            f"Waive the no-show fee for {card.client_name}? The reason is recorded.",
            "Waive fee",
            placeholder="e.g. Family emergency",
        )
        dialog.given.connect(lambda reason: self._run(card, self._waive_call(card, reason)))
        dialog.open()
        return dialog

    def _change(
        self, card: CalendarCard, to_status: str, reason: str = "", override: str = ""
    ) -> None:
        command = ChangeStatus(card.id, to_status, reason, override)
        retry = (lambda why: self._change(card, to_status, reason, why)) if not override else None
        done = (lambda _info: self.freed.emit(card)) if to_status in FREES_TIME else None
        self._run(
            card,
            lambda uow, actor: change_status(command, uow=uow, actor=actor),
            retry=retry,
            done=done,
        )

    @staticmethod
    def _waive_call(card: CalendarCard, reason: str) -> Callable[..., Any]:
        command = WaiveFee(card.id, reason)
        return lambda uow, actor: waive_fee(command, uow=uow, actor=actor)

    def _run(
        self,
        card: CalendarCard,
        call: Callable[..., Any],
        retry: Callable[[str], None] | None = None,
        done: Callable[[Any], None] | None = None,
    ) -> None:
        op = self._session.mutate(self._parent, call, APPOINTMENTS)
        if done is not None:
            op.success(done)
        op.failure(lambda err: self._refused(err, retry)).run()

    def _refused(self, err: BaseException, retry: Callable[[str], None] | None) -> None:
        if isinstance(err, BookingRefused) and err.can_override and retry is not None:
            dialog = RefusalDialog(
                self._parent,
                err,
                "Not restored",
                headline="The booking stays cancelled",
                go_ahead="Restore anyway",
            )
            dialog.override.connect(retry)
            dialog.open()
            return
        show_failure(self._parent, err, "Not changed")
