"""The main window: log-in/lock screen or the work area, demo banner, status bar, shortcuts.

Locking replaces the whole work area with the lock screen and closes open dialogs, so no
client detail stays on screen; the window title never names a client. A session a manager
ended (disabled, new role, password reset) locks the screen at the next check: every minute
and before each move to another section.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.services import auth
from medspa_desktop.services.workplace import Workplace, current_workplace
from medspa_desktop.ui.checkout.new_sale import NewSaleDialog, open_new_sale
from medspa_desktop.ui.demo_hints import DemoHints
from medspa_desktop.ui.idle import IdleWatcher
from medspa_desktop.ui.login import LoginScreen
from medspa_desktop.ui.nav import SECTIONS, NavBar
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.session_guard import ACCOUNT_CHANGED, SessionGuard
from medspa_desktop.ui.shortcuts import (
    FIND_CLIENT,
    HELP,
    LOCK,
    NEW_CLIENT,
    NEW_SALE,
    ShortcutHelp,
)
from medspa_desktop.ui.status import StatusLine
from medspa_desktop.ui.sync_bridge import SyncBridge
from medspa_desktop.ui.sync_panel import SyncDialog
from medspa_desktop.ui.widgets import label
from medspa_desktop.ui.workarea import WorkArea

APP_TITLE = "MedSpa Desktop"
DEMO_BANNER = "Demo data — key stored in a file"
SMALLEST = (760, 600)
"""A tablet held upright (800 wide) and the smallest laptop window still fit."""
NAV_RAIL_BELOW_PX = 1000
"""Narrower than this, the navigation shows icons only and the sections get the room."""


class MainWindow(QMainWindow):
    """One window for the whole working day. GUI thread."""

    def __init__(self, session: AppSession, demo: DemoHints | None = None) -> None:
        super().__init__()
        self.session = session
        self.locked = True
        self.sync = SyncBridge(session, self)
        """Started by the app (``AppController``), not here: tests choose their own worker.
        It keeps syncing while the screen is locked (other devices' bookings keep arriving);
        it stops when the window closes."""
        self.setMinimumSize(*SMALLEST)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        if session.store.demo:
            column.addWidget(_demo_banner())
        column.addWidget(self._make_pages(demo), 1)
        self.setCentralWidget(central)
        self.status = StatusLine()
        self.setStatusBar(self.status)
        self.status.show_sync(self.sync.status)
        self.sync.status_changed.connect(self.status.show_sync)
        self.status.sync.clicked.connect(self.open_sync_panel)
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self.lock)
        self.guard = SessionGuard(session, self)
        self.guard.ended.connect(lambda: self.lock(reason=ACCOUNT_CHANGED))
        session.hub.changed.connect(self._on_changes)
        self._shortcuts = self._make_shortcuts()
        self._show_login_page()

    def _make_pages(self, demo: DemoHints | None) -> QStackedWidget:
        """The log-in/lock screen, and the work area (navigation plus sections)."""
        self.pages = QStackedWidget()
        self.login = LoginScreen(self.session, demo if self.session.store.demo else None)
        self.login.logged_in.connect(self.start_session)
        self.nav = NavBar()
        self.nav.chosen.connect(self.show_section)
        self.nav.lock_requested.connect(self.lock)
        self.work_holder = QWidget()
        self.work_row = QHBoxLayout(self.work_holder)
        self.work_row.setContentsMargins(0, 0, 0, 0)
        self.work_row.setSpacing(0)
        self.work_row.addWidget(self.nav)
        self.work: WorkArea | None = None
        self.pages.addWidget(self.login)
        self.pages.addWidget(self.work_holder)
        return self.pages

    # ---- sessions -------------------------------------------------------------------------

    def start_session(self, staff_session: auth.StaffSession) -> None:
        """Show the work area for whoever just logged in or unlocked."""
        previous = self.session.staff
        self.session.staff = staff_session
        self.session.query(
            self, lambda uow, actor: current_workplace(uow=uow, actor=actor)
        ).success(lambda place: self._enter(staff_session, previous, place)).run()

    def _enter(
        self, staff: auth.StaffSession, previous: auth.StaffSession | None, place: Workplace
    ) -> None:
        self.session.set_workplace(place)
        same_person = previous is not None and previous.actor == staff.actor
        if self.work is None or not same_person:
            self._build_work_area()
        self.locked = False
        self.nav.mark(self.work.current_key())  # a click while locked may have moved it
        self.pages.setCurrentWidget(self.work_holder)
        self._enable_shortcuts(True)
        self.status.show_actor(staff.actor, place.location)
        self.setWindowTitle(f"{APP_TITLE} — {place.organisation}")
        self.idle.start(staff.idle_lock_minutes)
        self.guard.start()

    def lock(self, reason: str = "") -> None:
        """Hide everything behind the lock screen now (Ctrl+L, the Lock button, idle time, a
        session a manager ended); ``reason`` is shown on the lock screen."""
        if self.locked:
            return
        staff = self.session.staff
        if staff is not None:
            # NOTE: the screen locks at once; recording the lock in the audit log follows.
            self.session.mutate(
                None, lambda uow, _actor: auth.lock(staff, uow=uow), OpChanges()
            ).failure(lambda _err: None).run()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        self._show_login_page(locked=True, reason=reason)

    def _on_changes(self, changes: OpChanges) -> None:
        """A staff change made here may end this session; a new lock time applies at once."""
        if self.locked:
            return
        if changes.touches(Changed.STAFF):
            self.guard.check()
        if not changes.touches(Changed.LOCATIONS):
            return
        location_id = self.session.actor.location_id
        self.session.query(
            self, lambda uow, _actor: auth.idle_lock_minutes(location_id, uow=uow)
        ).success(self._restart_idle).run()

    def _restart_idle(self, minutes: int) -> None:
        if not self.locked:
            self.idle.start(minutes)

    def _show_login_page(self, *, locked: bool = False, reason: str = "") -> None:
        self.locked = True
        self.idle.stop()
        self.guard.stop()
        self._enable_shortcuts(False)
        if locked:
            self.login.show_locked(self.session.organisation_name, reason)
            self.setWindowTitle(f"{APP_TITLE} — Locked")
            self.status.show_locked()
        else:
            self.login.show_login(self.session.organisation_name)
            self.setWindowTitle(APP_TITLE)
            self.status.show_actor(None, self.session.location_name)
        self.pages.setCurrentWidget(self.login)

    def _build_work_area(self) -> None:
        if self.work is not None:
            self.work_row.removeWidget(self.work)
            self.work.shut_down()
            self.work.deleteLater()
        self.work = WorkArea(self.session, self.sync)
        self.work_row.addWidget(self.work, 1)
        self.nav.show_for(self.session.actor.role, self.session.organisation_name)
        self._show(self.work, self.work.home_section())

    # ---- navigation -----------------------------------------------------------------------

    def show_section(self, key: str, then: Callable[[WorkArea], None] | None = None) -> None:
        """Go to section ``key`` once the session is confirmed to still hold, then ``then``.

        NOTE: the move waits for the answer (a few milliseconds on the database worker), so
        a member of staff a manager disabled never sees another section's data.
        """
        if self.work is None or not self.work.has_section(key):
            return
        if key == self.work.current_key():  # not a move: Ctrl+N on the client list
            self._go(key, then)
        else:
            self.guard.check(lambda: self._go(key, then))

    def _go(self, key: str, then: Callable[[WorkArea], None] | None) -> None:
        if not self.locked and self.work is not None and self.work.has_section(key):
            self._show(self.work, key, then)

    def _show(
        self, work: WorkArea, key: str, then: Callable[[WorkArea], None] | None = None
    ) -> None:
        work.show_section(key)
        self.nav.mark(key)
        if then is not None:
            then(work)

    def open_sync_panel(self) -> SyncDialog | None:
        """The Sync panel over the window (the status bar's sync indicator); not when locked."""
        if self.locked:
            return None
        dialog = SyncDialog(self, self.session, self.sync)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def find_client(self) -> None:
        self.show_section("clients", lambda work: work.clients().find())

    def new_client(self) -> None:
        self.show_section("clients", lambda work: work.clients().new_client())

    def new_sale(self) -> NewSaleDialog | None:
        """Ctrl+Shift+S: a sale without an appointment, over whichever section is shown."""
        if self.locked:
            return None
        return open_new_sale(self, self.session)

    def _make_shortcuts(self) -> list[QShortcut]:
        pairs = [(f"Ctrl+{n}", s.key) for n, s in enumerate(SECTIONS, start=1)]
        shortcuts = [
            self._shortcut(keys, lambda key=key: self.show_section(key)) for keys, key in pairs
        ]
        shortcuts += [
            self._shortcut(FIND_CLIENT, self.find_client),
            self._shortcut(NEW_CLIENT, self.new_client),
            self._shortcut(NEW_SALE, self.new_sale),
            self._shortcut(LOCK, self.lock),
            self._shortcut(HELP, lambda: ShortcutHelp(self).exec()),
        ]
        return shortcuts

    def _shortcut(self, keys: str, slot: object) -> QShortcut:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.activated.connect(slot)
        return shortcut

    def _enable_shortcuts(self, enabled: bool) -> None:
        for shortcut in self._shortcuts:
            shortcut.setEnabled(enabled)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.nav.set_compact(event.size().width() < NAV_RAIL_BELOW_PX)
        super().resizeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle.stop()
        self.guard.stop()
        self.sync.stop()
        if self.work is not None:
            self.work.shut_down()
        super().closeEvent(event)


def _demo_banner() -> QFrame:
    banner = QFrame()
    banner.setObjectName("DemoBanner")
    row = QHBoxLayout(banner)
    row.setContentsMargins(16, 6, 16, 6)
    row.addWidget(label(DEMO_BANNER))
    row.addSpacing(24)
    purpose = label("Made-up clients for trying the app; not for real client data.", wrap=True)
    purpose.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    row.addWidget(purpose, 1)  # wraps rather than running into the first words when narrow
    return banner
