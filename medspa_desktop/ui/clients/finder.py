"""Type-ahead client search: debounced, run on the database worker, stale answers dropped.

Typing restarts a short timer; when it fires the search runs on the worker. While one search
is running, newer text waits (only the latest is kept) and runs as soon as the first is
back, so a fast typist never queues up a pile of searches, and an answer for text that has
since changed is never shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from medspa_desktop.domain.actor import Actor
from medspa_desktop.services import clients
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.clients.model import ClientRow, rows_of
from medspa_desktop.ui.session import AppSession

DEBOUNCE_MS = 150
RESULT_LIMIT = 50
PAGE_SIZE = 100


@dataclass(frozen=True)
class Found:
    """An answer for ``text``; ``total`` is the whole list's size when browsing."""

    text: str
    rows: list[ClientRow]
    total: int
    offset: int = 0


class ClientFinder(QObject):
    """Emits ``found(Found)`` with the answer for the latest text only. GUI thread."""

    found = Signal(object)
    failed = Signal(object)

    def __init__(self, session: AppSession, country: Callable[[], str]) -> None:
        super().__init__()
        self._session = session
        self._country = country
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._run_latest)
        self._wanted = ""
        self._running: str | None = None

    @property
    def busy(self) -> bool:
        return self._timer.isActive() or self._running is not None

    def type(self, text: str) -> None:
        """The search box changed: search once typing pauses."""
        self._wanted = text
        self._timer.start()

    def now(self, text: str) -> None:
        """Search at once (a refresh after a change, or Enter pressed before the pause)."""
        self._wanted = text
        self._timer.stop()
        self._run_latest()

    def more(self, offset: int) -> None:
        """The next page of the whole list, while the search box is empty."""
        if self._running is None and not self._wanted.strip():
            self._start("", offset)

    def stop(self) -> None:
        self._timer.stop()

    def _run_latest(self) -> None:
        if self._running is None:
            self._start(self._wanted, 0)

    def _start(self, text: str, offset: int) -> None:
        self._running = text
        country = self._country()
        term = text.strip()

        def call(uow: UnitOfWork, actor: Actor) -> Found:
            if term:
                found = clients.search_clients(term, uow=uow, actor=actor, limit=RESULT_LIMIT)
                return Found(text, rows_of(found, country), len(found))
            page = clients.list_clients(
                clients.ListClients(offset=offset, limit=PAGE_SIZE), uow=uow, actor=actor
            )
            return Found(text, rows_of(page.items, country), page.total, page.offset)

        self._session.query(self.parent(), call).success(self._done).failure(self._failed).run()

    def _done(self, answer: Found) -> None:
        self._running = None
        if answer.text != self._wanted:
            self._run_latest()  # the text changed while this ran: its answer is stale
            return
        self.found.emit(answer)

    def _failed(self, err: BaseException) -> None:
        self._running = None
        self.failed.emit(err)
