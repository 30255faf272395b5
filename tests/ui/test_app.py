"""Start-up: opening the clinic off the GUI thread, demo mode, store errors, screenshots."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from medspa_desktop.store.keys import DEMO_KEY_FILE
from medspa_desktop.ui.app import AppController
from medspa_desktop.ui.main_window import DEMO_BANNER
from medspa_desktop.ui.screenshots import render_screenshots
from medspa_desktop.ui.widgets import AlertBanner

from .conftest import wait_idle


def start(qtbot, folder) -> AppController:
    controller = AppController(folder, demo=True)
    controller.start()
    qtbot.waitUntil(lambda: controller.window or controller.error_box, timeout=20_000)
    wait_idle(qtbot)
    return controller


def test_demo_folder_opens_on_the_login_screen_with_banner_and_demo_log_ins(qtbot, demo_folder):
    controller = start(qtbot, demo_folder)
    window = controller.window
    qtbot.addWidget(window)
    try:
        assert controller.splash is None
        assert window.locked and window.pages.currentWidget() is window.login
        banner_text = " ".join(
            label.text() for label in window.findChildren(type(window.login.heading))
        )
        assert DEMO_BANNER in banner_text
        hints = [
            b for b in window.login.findChildren(AlertBanner) if "Demo clinic" in b.title.text()
        ]
        assert hints and "Password for all" in hints[0].text.text()
    finally:
        window.close()
        wait_idle(qtbot)
        controller.session.store.close()


def test_a_store_error_is_shown_with_its_own_message(qtbot, demo_folder):
    (demo_folder / DEMO_KEY_FILE).unlink()

    controller = start(qtbot, demo_folder)

    assert controller.window is None and controller.splash is None
    box = controller.error_box
    assert box.isVisible()
    assert DEMO_KEY_FILE in box.text() and "Delete the folder" in box.text()
    box.finished.disconnect()  # closing it would end the app: here, the test session
    box.close()


@pytest.mark.slow  # every screen, three times over: half a minute
def test_screenshots_cover_every_screen_at_every_size(qtbot, demo_folder, tmp_path):
    paths = render_screenshots(demo_folder, tmp_path / "shots", demo=True)

    desktop = [p for p in paths if p.parent.name == "desktop-1366x768"]
    tablet = [p for p in paths if p.parent.name == "tablet-1280x800"]
    upright = [p for p in paths if p.parent.name == "tablet-portrait-800x1280"]
    assert len(desktop) == len(tablet) == len(upright) == len(paths) // 3
    names = {p.stem.split("-", 1)[1] for p in desktop}
    expected = {
        "wizard-1-clinic", "login", "login-pin-pad", "lock-screen", "section-calendar",
        "section-settings", "clients-search-results", "client-profile",
        "client-edit-validation-errors", "confirm-disable-staff", "settings-staff-dialog",
    }  # fmt: skip
    assert expected <= names
    first_desktop, first_tablet = QImage(str(desktop[5])), QImage(str(tablet[5]))
    assert (first_desktop.width(), first_desktop.height()) == (1366, 768)
    assert (first_tablet.width(), first_tablet.height()) == (1280, 800)
    first_upright = QImage(str(upright[5]))
    assert (first_upright.width(), first_upright.height()) == (800, 1280)
