"""Render every main view and dialog offscreen to PNG: at 1366×768, and in tablet mode at
1280×800 (landscape) and 800×1280 (portrait).

Used by ``medspa screenshots``. It drives the real widgets with the real services: opens the
store, builds the demo clinic if a demo folder is empty, logs in as a demo manager through
the auth service, and waits for every operation before each picture. It runs on the main
thread of a command, so it may block while it waits.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from medspa_desktop.services import setup
from medspa_desktop.services.demo_clinic import DemoSummary, create_demo_clinic
from medspa_desktop.store.database import Store, open_store
from medspa_desktop.ui import screenshot_scenes as scenes
from medspa_desktop.ui.app import route_qt_messages
from medspa_desktop.ui.shooter import Shooter
from medspa_desktop.ui.style import apply_style

log = logging.getLogger(__name__)

SIZES = (
    ("desktop-1366x768", QSize(1366, 768), False),
    ("tablet-1280x800", QSize(1280, 800), True),
    ("tablet-portrait-800x1280", QSize(800, 1280), True),
)


def _open(data_dir: Path, demo: bool) -> tuple[Store, bool, DemoSummary | None]:
    store = open_store(data_dir, demo=demo)
    with store.uow() as uow:
        first_run = setup.is_first_run(uow=uow)
    if demo and first_run:
        log.info("Building the demo clinic for screenshots in %s", data_dir)
        return store, False, create_demo_clinic(store)
    return store, first_run, None


def _application() -> QApplication:
    """The running application, or a new one. Offscreen (``medspa screenshots``), its screen
    is made as large as the largest size shot, as a real device's screen is: Qt's default
    offscreen screen is 800×800, and dialogs limited to it would look cut short."""
    running = QApplication.instance()
    if isinstance(running, QApplication):
        return running
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        return QApplication([])
    width = max(size.width() for _, size, _ in SIZES)
    height = max(size.height() for _, size, _ in SIZES)
    screen = {"name": "screenshots", "x": 0, "y": 0, "width": width, "height": height}
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "offscreen.json"
        config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
        # The platform reads its configuration once, while the application starts.
        return QApplication(["medspa", "-platform", f"offscreen:configfile={config}"])


def render_screenshots(data_dir: Path, out_dir: Path, *, demo: bool) -> list[Path]:
    """Render every screen of the app as PNG files under ``out_dir``; returns their paths.

    Without demo credentials (a real clinic's folder) only the screens before log-in can
    be shown. Main thread; needs a QApplication-capable platform (``offscreen`` works).
    """
    app = _application()
    previous = (app.styleSheet(), app.font(), app.property("tablet"))
    previous_handler = route_qt_messages()
    store, first_run, summary = _open(data_dir, demo)
    paths: list[Path] = []
    try:
        for folder_name, size, tablet in SIZES:
            apply_style(app, tablet=tablet)
            folder = out_dir / folder_name
            folder.mkdir(parents=True, exist_ok=True)
            shooter = Shooter(folder, size)
            scenes.render_all(shooter, store, first_run=first_run, summary=summary)
            paths += shooter.paths
            # NOTE: outside an event loop nothing deleteLater marked is ever deleted; the
            # closed scenes of one size would stay, and the next change of style crashes Qt.
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    finally:
        Shooter(out_dir, QSize()).settle()
        store.close()
        app.setStyleSheet(previous[0])  # the caller's look, as it was before
        app.setFont(previous[1])
        app.setProperty("tablet", previous[2])
        qInstallMessageHandler(previous_handler)
    return paths
