"""What every tab of the client's record shares: it follows the client shown, and it reads
what it shows only while it is on screen, so opening a profile never reads (and audits) a
chart list or intake answers nobody looks at. A change announced for the client (or by a
sync) reloads the tab at once when it is on screen, else the next time it is shown. GUI
thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from medspa_desktop.services.errors import ServiceError
from medspa_desktop.store.errors import StoreError
from medspa_desktop.ui.ops import GENERIC_FAILURE, Changed, OpChanges
from medspa_desktop.ui.session import AppSession, ServiceCall

T = TypeVar("T")


def in_words(err: BaseException) -> str:
    return str(err) if isinstance(err, ServiceError | StoreError) else GENERIC_FAILURE


def concerns_client(changes: OpChanges, client_id: str, *kinds: Changed) -> bool:
    """A change of this client's rows, or one of ``kinds`` not narrowed to any client (a
    sync, a chart or a booking)."""
    if client_id in changes.client_ids:
        return True
    return not changes.client_ids and changes.touches(*kinds)


class RecordTab(QWidget):
    """Subclasses give ``concerns``, ``load``, ``clear`` and ``show_problem``."""

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.session = session
        self.client_id: str | None = None
        self.client_name = ""
        self.stale = False

    def show_client(self, client_id: str, client_name: str) -> None:
        self.client_id, self.client_name = client_id, client_name
        self.clear()
        self.stale = True
        if self.isVisible():
            self.reload()

    def forget(self) -> None:
        """No client any more (the screen was locked for someone else)."""
        self.client_id, self.client_name, self.stale = None, "", False
        self.clear()

    def on_changes(self, changes: OpChanges) -> None:
        if self.client_id is None or not self.concerns(changes, self.client_id):
            return
        self.stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        if self.client_id is not None:
            self.stale = False
            self.load(self.client_id)

    def ask(self, call: ServiceCall[T], show: Callable[[T], None]) -> None:
        """Run ``call`` on the database worker; ``show(result)`` if still the same client."""
        asked = self.client_id

        def shown(result: T) -> None:
            if self.client_id == asked:
                show(result)

        def failed(err: BaseException) -> None:
            if self.client_id == asked:
                self.show_problem(in_words(err))

        self.session.query(self, call).success(shown).failure(failed).run()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.reload()

    def concerns(self, changes: OpChanges, client_id: str) -> bool:
        raise NotImplementedError

    def load(self, client_id: str) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def show_problem(self, text: str) -> None:
        raise NotImplementedError
