"""Connects the Card tender's page to a card payment: finds this PC's terminal (on a
worker: the key is in the OS keyring) and the location's readers, starts the payment, and
shows its progress and outcome in words the desk can act on. GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from medspa_desktop.domain.card_terminal import CardTerminal, TerminalRefused, TerminalUnreachable
from medspa_desktop.payments.provider import card_terminal
from medspa_desktop.services.card_attempts import AttemptInfo
from medspa_desktop.services.card_readers import CardReaderInfo, list_card_readers
from medspa_desktop.services.errors import ServiceError, ValidationError
from medspa_desktop.services.tickets_read import TicketView
from medspa_desktop.store.errors import StoreError
from medspa_desktop.ui.checkout.card_flow import CardFlow
from medspa_desktop.ui.checkout.card_page import CardPage
from medspa_desktop.ui.checkout.words import (
    CANCELLING,
    CARD_NOT_SET_UP,
    CARD_OFFLINE,
    STARTING,
    money,
)
from medspa_desktop.ui.ops import GENERIC_FAILURE, NetworkOp
from medspa_desktop.ui.session import AppSession

TerminalSource = Callable[[], CardTerminal | None]
"""Gives this PC's card terminal, or None when card payments are not set up; called on a
worker (it may read the OS keyring)."""


def this_pc_terminal(session: AppSession) -> TerminalSource:
    """This PC's terminal: the simulated reader in demo mode, Stripe with a saved key."""
    store = session.store
    return lambda: card_terminal(store.data_dir, demo=store.demo)


class CardControl(QObject):
    """``ended(info or None)`` when a card payment is over, however it ended."""

    ended = Signal(object)

    def __init__(
        self, owner: QWidget, session: AppSession, page: CardPage, source: TerminalSource
    ) -> None:
        super().__init__(owner)
        self._owner, self._session, self._page, self._source = owner, session, page, source
        self.terminal: CardTerminal | None = None
        self.flow = CardFlow(owner, session)
        self.flow.waiting.connect(lambda _info: page.show_waiting())
        self.flow.ticked.connect(page.show_elapsed)
        self.flow.note.connect(page.show_note)
        self.flow.finished.connect(self._finished)
        self.flow.failed.connect(self._failed)
        page.cancel_button.clicked.connect(self.cancel)
        page.set_unavailable("Looking for this PC's card reader set-up…")

    def load(self, location_id: str) -> None:
        """Find the terminal (network pool) and the location's readers (database)."""
        NetworkOp(self._owner, self._source).success(self._terminal_found).failure(
            self._no_terminal
        ).run()
        self._session.query(
            self._owner, lambda uow, actor: list_card_readers(location_id, uow=uow, actor=actor)
        ).success(self._readers_found).run()

    def _terminal_found(self, terminal: CardTerminal | None) -> None:
        self.terminal = terminal
        self._page.set_unavailable("" if terminal is not None else CARD_NOT_SET_UP)

    def _no_terminal(self, err: BaseException) -> None:
        known = isinstance(err, ServiceError | StoreError)
        self._page.set_unavailable(str(err) if known else GENERIC_FAILURE)

    def _readers_found(self, readers: list[CardReaderInfo]) -> None:
        self._page.show_readers(readers)

    def charge(self, ticket: TicketView, amount_minor: int) -> None:
        reader_id = self._page.readers.currentData()
        if self.terminal is None or not reader_id:
            self.ended.emit(None)  # nothing started: the tenders are free again
            return
        self._page.show_progress(STARTING.format(reader=self._page.reader_label()))
        self.flow.start(self.terminal, ticket.id, amount_minor, reader_id)

    def cancel(self) -> None:
        """Cancel (Esc): the reader stops; what Stripe says decides what is recorded."""
        if not self.flow.busy:
            return
        self._page.waiting.setText(CANCELLING)
        self._page.cancel_button.setEnabled(False)
        self.flow.cancel()

    def _finished(self, info: AttemptInfo) -> None:
        amount = money(info.amount_minor, info.currency)
        if info.status == "succeeded":
            self._page.show_outcome("info", "Card payment taken", f"{amount} on the card.")
        elif info.status == "failed":
            self._page.show_outcome("danger", "Card declined", info.message)
        else:
            self._page.show_outcome("warning", "Card payment cancelled", info.message)
        self.ended.emit(info)

    def _failed(self, err: BaseException) -> None:
        if isinstance(err, TerminalUnreachable):
            self._page.show_outcome("warning", "No internet connection", CARD_OFFLINE)
        elif isinstance(err, ValidationError):
            self._page.show_outcome("", "", "")
            self._page.amount.show_error(next(iter(err.field_errors.values()), str(err)))
        elif isinstance(err, ServiceError | TerminalRefused | StoreError):
            self._page.show_outcome("danger", "Card payment not started", str(err))
        else:
            self._page.show_outcome("danger", "Card payment not started", GENERIC_FAILURE)
        self.ended.emit(None)
