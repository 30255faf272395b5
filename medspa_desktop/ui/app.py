"""Start the desktop app: open the store off the GUI thread, then set-up or log-in."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QObject, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressBar, QVBoxLayout, QWidget

from medspa_desktop.domain.actor import Actor
from medspa_desktop.jobs.reconcile_job import ReconcileJob
from medspa_desktop.jobs.sync_worker import Prepare
from medspa_desktop.payments.provider import card_terminal, seed_demo_reader
from medspa_desktop.payments.resume import settle_interrupted
from medspa_desktop.services import setup
from medspa_desktop.services.demo_clinic import DemoSummary, create_demo_clinic
from medspa_desktop.services.reconcile import Reconciliation, reconciling_owner
from medspa_desktop.store.database import Store, open_store
from medspa_desktop.store.errors import StoreError
from medspa_desktop.ui.demo_hints import demo_hints
from medspa_desktop.ui.main_window import APP_TITLE, MainWindow
from medspa_desktop.ui.onscreen_keyboard import install_onscreen_keyboard
from medspa_desktop.ui.ops import QueryOp, TaskManager, log_unexpected
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.style import apply_style, icon
from medspa_desktop.ui.widgets import label
from medspa_desktop.ui.wizard import FirstRunWizard

log = logging.getLogger(__name__)

LOG_FILE = "medspa-desktop.log"
CANT_OPEN = "MedSpa Desktop can't open the clinic data"


@dataclass(frozen=True)
class Opened:
    store: Store
    first_run: bool
    demo: DemoSummary | None = None
    payments_notice: str = ""


def configure_logging(data_dir: Path) -> None:
    """Log to ``<data-dir>/logs/medspa-desktop.log``, rotated at 2 MB, five files kept."""
    folder = data_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(folder / LOG_FILE, maxBytes=2_000_000, backupCount=5)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_QT_NOISE = frozenset({"This plugin does not support propagateSizeHints()"})
"""Qt's offscreen platform says this for every dialog; it changes nothing."""
_qt_log = logging.getLogger("qt")


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    level = logging.DEBUG if message in _QT_NOISE else _QT_LEVELS.get(kind, logging.WARNING)
    _qt_log.log(level, "%s", message)
    if level >= logging.ERROR:
        # NOTE: Qt aborts the process right after a fatal message (no platform plugin, for
        # one); the person who started the app must read why, not only the log file.
        print(f"MedSpa Desktop: {message}", file=sys.stderr, flush=True)


def route_qt_messages() -> object:
    """Send Qt's own messages to the log file instead of the terminal; returns the previous
    handler so a caller can put it back."""
    return qInstallMessageHandler(_qt_message)


def open_clinic(data_dir: Path, *, demo: bool) -> Opened:
    """Open (and in demo mode, fill) the store. Slow: runs on the database worker."""
    store = open_store(data_dir, demo=demo)
    try:
        with store.uow() as uow:
            first_run = setup.is_first_run(uow=uow)
        if demo and first_run:
            summary = create_demo_clinic(store)
            seed_demo_reader(store)
            return Opened(store, False, summary)
        seed_demo_reader(store)  # a demo made before its reader kept the history
        # NOTE: before anything else: a card payment a crash interrupted is found at Stripe
        # and recorded (or cancelled) before any ticket can be paid again.
        notice = settle_interrupted(store)
    except BaseException:
        store.close()
        raise
    return Opened(store, first_run, payments_notice=notice)


def nightly_reconciliation(store: Store) -> ReconcileJob:
    """The nightly comparison of card payments with Stripe, audited as the clinic's owner."""

    def owner() -> Actor | None:
        with store.uow() as uow:
            return reconciling_owner(uow)

    def report(result: Reconciliation) -> None:
        log.info("reconciled %s: %d difference(s)", result.day, len(result.differences))

    return ReconcileJob(
        store, lambda: card_terminal(store.data_dir, demo=store.demo), owner, report
    )


class Splash(QWidget):
    """A small window that says what is happening while the store opens."""

    def __init__(self, text: str) -> None:
        super().__init__(None, Qt.WindowType.SplashScreen)
        self.setObjectName("Page")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        picture = label("")
        picture.setPixmap(icon("app").pixmap(56, 56))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(picture)
        title = label(APP_TITLE, "title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        self.message = label(text, "hint")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.message)
        bar = QProgressBar()
        bar.setRange(0, 0)
        bar.setTextVisible(False)
        bar.setMaximumHeight(8)
        layout.addWidget(bar)
        self.setFixedSize(420, 230)


class AppController(QObject):
    """Opens the clinic, then shows the first-run wizard or the main window, and starts the
    sync worker (``prepare`` runs on it first: the demo server's set-up). GUI thread."""

    def __init__(
        self, data_dir: Path, *, demo: bool, prepare: Prepare | None = None, reconcile: bool = False
    ) -> None:
        super().__init__()
        self.reconcile = reconcile
        """Run the nightly card reconciliation (the app; not tests and screenshots)."""
        self.reconciler: ReconcileJob | None = None
        self.data_dir = data_dir
        self.demo = demo
        self.prepare = prepare
        self.session: AppSession | None = None
        self.window: MainWindow | None = None
        self.wizard: FirstRunWizard | None = None
        self.splash: Splash | None = None
        self.error_box: QMessageBox | None = None

    def start(self) -> None:
        text = "Creating the demo clinic…" if self.demo else "Opening the clinic database…"
        self.splash = Splash(text)
        self.splash.show()
        data_dir, demo = self.data_dir, self.demo
        QueryOp(None, lambda: open_clinic(data_dir, demo=demo)).success(self.opened).failure(
            self._failed
        ).run()

    def opened(self, opened: Opened) -> None:
        """Show the first screen for an opened store (also used by tests and screenshots)."""
        self.session = AppSession(opened.store)
        if opened.first_run:
            self.wizard = FirstRunWizard(self.session)
            self.wizard.clinic_set_up.connect(self._clinic_set_up)
            self.wizard.rejected.connect(QApplication.quit)
            self.wizard.show()
        else:
            hints = demo_hints(opened.demo) if opened.store.demo else None
            self.window = MainWindow(self.session, hints)
            self.window.showMaximized()
            self.window.sync.start(prepare=self.prepare)
            if opened.payments_notice:
                self._tell(opened.payments_notice)
            if self.reconcile:
                self.reconciler = nightly_reconciliation(opened.store)
                self.reconciler.start()
        # NOTE: closed after the next window shows, or Qt would quit with no window left.
        self._close_splash()

    def _tell(self, message: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Card payments", message, QMessageBox.StandardButton.Ok,
            self.window,
        )  # fmt: skip
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _clinic_set_up(self, result: setup.ClinicSetUp) -> None:
        assert self.session is not None
        self.window = MainWindow(self.session)
        self.window.start_session(result.session)
        self.window.showMaximized()
        self.window.sync.start(prepare=self.prepare)
        self.wizard = None

    def _failed(self, err: BaseException) -> None:
        self._close_splash()
        if isinstance(err, StoreError):
            message = str(err)
        else:
            log_unexpected(err, "Opening the clinic data")
            message = (
                "The clinic data could not be opened because of an unexpected problem. "
                f"Details are in the log file in {self.data_dir / 'logs'}. Restart MedSpa "
                "Desktop; if it happens again, contact support with that log file."
            )
        self.error_box = QMessageBox(
            QMessageBox.Icon.Critical, CANT_OPEN, message, QMessageBox.StandardButton.Close
        )
        self.error_box.finished.connect(lambda _result: QApplication.exit(1))
        self.error_box.open()

    def _close_splash(self) -> None:
        if self.splash is not None:
            self.splash.close()
            self.splash.deleteLater()
            self.splash = None

    def shut_down(self) -> None:
        """After the event loop ended: stop sync, finish queued work, save the clock, close
        the file."""
        if self.window is not None:
            self.window.sync.stop()
        if self.reconciler is not None:
            self.reconciler.stop()
        TaskManager.instance().shutdown()
        if self.session is not None:
            self.session.store.close()


def run_app(
    data_dir: Path, *, demo: bool, tablet: bool = False, prepare: Prepare | None = None
) -> int:
    """Run MedSpa Desktop on ``data_dir`` until the window closes; returns the exit code.
    ``prepare`` is the sync worker's set-up hook (``jobs.demo_server.DemoServer.prepare``)."""
    configure_logging(data_dir)
    route_qt_messages()
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName("MedSpa Desktop")
    apply_style(app, tablet=tablet)
    install_onscreen_keyboard(app)  # a tablet's, or a touch laptop's in desktop mode
    controller = AppController(data_dir, demo=demo, prepare=prepare, reconcile=True)
    controller.start()
    code = app.exec()
    controller.shut_down()
    log.info("MedSpa Desktop closed with exit code %s", code)
    return code
