"""One card payment on a reader, driven from the GUI thread without ever blocking it.

Start (the attempt is written, or ``TerminalUnreachable`` says there is no internet before
anything is written), send to the reader, then a ``QTimer`` asks Stripe every
:data:`POLL_MS` through an operation on the network pool until the attempt is finished.
Cancel stops the reader; a tap that got through meanwhile is still recorded by the
service, so what ``finished`` reports is always what happened. GUI thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from medspa_desktop.domain.card_terminal import CardTerminal, TerminalError
from medspa_desktop.services.card_attempts import AttemptInfo
from medspa_desktop.services.card_payments import (
    StartCardPayment,
    cancel_card_payment,
    check_card_payment,
    send_to_reader,
    start_card_payment,
)
from medspa_desktop.ui.checkout.actions import PAID
from medspa_desktop.ui.ops import MutationOp, OpChanges
from medspa_desktop.ui.session import AppSession

POLL_MS = 700
NO_ANSWER = "No answer from Stripe yet — checking again…"


class CardOp(MutationOp[AttemptInfo]):
    """A card step: on the network pool; a recorded payment is announced."""

    network = True

    def __init__(self, parent: QWidget, work: Callable[[], AttemptInfo]) -> None:
        super().__init__(parent, work, lambda info: PAID if info.payment_id else OpChanges())


class CardFlow(QObject):
    """``waiting(info)`` once the reader shows the amount, ``ticked(seconds)`` while it
    waits, ``note(text)`` for a hiccup, ``finished(info)`` when paid, declined or
    cancelled, ``failed(error)`` when the payment never reached the reader."""

    waiting = Signal(object)
    ticked = Signal(float)
    note = Signal(str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, owner: QWidget, session: AppSession) -> None:
        super().__init__(owner)
        self._owner, self._session = owner, session
        self._uows = session.store.uow
        self._terminal: CardTerminal | None = None
        self.attempt: AttemptInfo | None = None
        self.busy = False
        self._stage = ""
        self._cancel_asked = False
        self._cancel_sent = False
        self._since = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._tick)

    def start(self, terminal: CardTerminal, ticket_id: str, amount: int, reader_id: str) -> None:
        """Charge ``amount`` on reader ``reader_id`` (a ``CardReader`` row's id)."""
        self._terminal, self.attempt = terminal, None
        self.busy, self._cancel_asked, self._stage = True, False, "starting"
        self._cancel_sent = False
        command = StartCardPayment(ticket_id, amount, reader_id)
        work = self._session.work(
            lambda uow, actor: start_card_payment(command, uow=uow, actor=actor, terminal=terminal)
        )
        CardOp(self._owner, work).success(self._started).failure(self._not_started).run()

    def cancel(self) -> None:
        """Esc or Cancel: stop the reader (now, or as soon as the attempt exists)."""
        if not self.busy or self._cancel_asked:
            return
        self._cancel_asked = True
        if self._stage == "waiting":
            self._cancel()

    def stop(self) -> None:
        """The dialog is going away: no more polling (the attempt itself is settled by the
        cancel already asked for, or at the next start)."""
        self._timer.stop()

    @property
    def cancelling(self) -> bool:
        return self.busy and self._cancel_asked

    # ---- steps -------------------------------------------------------------------------

    def _run(self, call: Callable[..., AttemptInfo]) -> CardOp:
        terminal, uows, attempt_id = self._terminal, self._uows, self._attempt_id()
        return CardOp(self._owner, lambda: call(attempt_id, uows=uows, terminal=terminal))

    def _attempt_id(self) -> str:
        assert self.attempt is not None
        return self.attempt.id

    def _started(self, info: AttemptInfo) -> None:
        self.attempt, self._stage = info, "sending"
        self._run(send_to_reader).success(self._sent).failure(self._not_sent).run()

    def _not_started(self, err: BaseException) -> None:
        self.busy, self._stage = False, ""
        self.failed.emit(err)

    def _sent(self, info: AttemptInfo) -> None:
        self.attempt = info
        if info.finished:
            self._end(info)
            return
        self._stage, self._since = "waiting", time.monotonic()
        if self._cancel_asked:
            self._cancel()
            return
        self.waiting.emit(info)
        self._timer.start()

    def _not_sent(self, err: BaseException) -> None:
        """Never reached the reader: end the attempt, then say why."""
        self._stage = "cancelling"
        self._run(cancel_card_payment).success(lambda _i: self._gave_up(err)).failure(
            lambda _e: self._gave_up(err)
        ).run()

    def _gave_up(self, err: BaseException) -> None:
        self.busy, self._stage = False, ""
        self.failed.emit(err)

    def _tick(self) -> None:
        self.ticked.emit(time.monotonic() - self._since)
        if self._stage != "waiting":
            return
        self._stage = "checking"
        self._run(check_card_payment).success(self._checked).failure(self._check_failed).run()

    def _checked(self, info: AttemptInfo) -> None:
        self.attempt = info
        if info.finished:
            self._end(info)
            return
        self.note.emit(info.message)
        self._resume()

    def _check_failed(self, err: BaseException) -> None:
        if not isinstance(err, TerminalError):
            self._timer.stop()
            self._gave_up(err)
            return
        self.note.emit(NO_ANSWER)
        self._resume()

    def _resume(self) -> None:
        """Back to waiting for the tap, or on to cancelling if Cancel came meanwhile."""
        if self._stage != "checking":
            return
        self._stage = "waiting"
        if self._cancel_asked and not self._cancel_sent:
            self._cancel()

    def _cancel(self) -> None:
        self._stage, self._cancel_sent = "cancelling", True
        self._run(cancel_card_payment).success(self._cancel_answered).failure(
            self._cancel_failed
        ).run()

    def _cancel_answered(self, info: AttemptInfo) -> None:
        self.attempt = info
        if info.finished:
            self._end(info)
            return
        self._stage = "waiting"  # Stripe is still processing a tap: keep checking
        self._timer.start()
        self.note.emit(info.message)

    def _cancel_failed(self, err: BaseException) -> None:
        self._stage, self._cancel_asked, self._cancel_sent = "waiting", False, False
        self.note.emit(f"Not cancelled yet: {_words(err)} Press Cancel to try again.")

    def _end(self, info: AttemptInfo) -> None:
        self._timer.stop()
        self.busy, self._stage = False, ""
        self.finished.emit(info)


def _words(err: Any) -> str:
    text = str(err).strip()
    return text if text.endswith(".") else f"{text}."
