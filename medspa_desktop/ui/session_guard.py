"""Ends a logged-in session that a manager changed: disabled, new role, password reset.

The auth service knows whether a session still holds; this asks it on the database worker
every minute and before each move to another section, and reports a session that ended.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from medspa_desktop.services import auth
from medspa_desktop.ui.ops import QueryOp
from medspa_desktop.ui.session import AppSession

CHECK_INTERVAL_MS = 60_000
ACCOUNT_CHANGED = "Your account was changed by a manager; log in again."


class SessionGuard(QObject):
    """Emits ``ended`` when the logged-in session no longer holds. GUI thread.

    A check that fails (the database busy or unreadable) keeps the session: the next one
    asks again. Answers about a session that has since locked or changed are dropped.
    """

    ended = Signal()

    def __init__(self, session: AppSession, window: QWidget) -> None:
        super().__init__(window)
        self._session = session
        self._window = window
        self._watched: auth.StaffSession | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.check)

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self, interval_ms: int = CHECK_INTERVAL_MS) -> None:
        """Watch the session logged in now, checking every ``interval_ms``."""
        self._watched = self._session.staff
        self._timer.start(interval_ms)

    def stop(self) -> None:
        """Stop checking (lock, log-out, close); answers still on their way are ignored."""
        self._timer.stop()
        self._watched = None

    def check(self, then: Callable[[], None] | None = None) -> None:
        """Ask whether the session still holds; run ``then`` if it does, else emit ``ended``."""
        watched = self._watched
        if watched is None:
            return
        call = self._session.unit_of_work(lambda uow: auth.session_still_valid(watched, uow=uow))
        QueryOp(self._window, call).success(
            lambda valid: self._answered(watched, valid, then)
        ).failure(lambda _err: self._answered(watched, True, then)).run()

    def _answered(
        self, asked_about: auth.StaffSession, valid: bool, then: Callable[[], None] | None
    ) -> None:
        if self._watched is not asked_about:
            return
        if not valid:
            self.stop()
            self.ended.emit()
        elif then is not None:
            then()
