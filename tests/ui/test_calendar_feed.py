"""A practitioner makes, copies and switches off their private calendar feed from the week."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from medspa_desktop.store.models import CalendarFeed
from medspa_desktop.sync import state
from medspa_desktop.ui.calendar.toolbar import WEEK
from medspa_desktop.ui.feed_dialog import CalendarFeedDialog

from .calendar_clinic import set_up_schedule
from .calendar_steps import open_calendar
from .conftest import wait_idle

SERVER = "https://sync.lumen.example"


def test_a_practitioner_makes_a_feed_address_shown_once_and_switches_it_off(qtbot, window, clinic):
    schedule = set_up_schedule(clinic)
    with clinic.store.engine.begin() as conn:
        state.put_setting(conn, state.SERVER_URL, SERVER)
    section = open_calendar(qtbot, window, clinic.log_in("lee"), schedule)
    section.set_mode(WEEK)
    wait_idle(qtbot)
    assert section.toolbar.more_button.isVisible()
    assert section.toolbar.feed_action.isVisible()  # in the "More" menu

    section.toolbar.feed_action.trigger()
    dialog = section.findChild(CalendarFeedDialog)
    qtbot.waitExposed(dialog)
    dialog.make_button.click()
    qtbot.waitUntil(lambda: dialog.address.text() != "", timeout=10_000)
    assert dialog.address.text().startswith(f"{SERVER}/feeds/")
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == dialog.address.text()
    with clinic.store.session_factory() as s:
        (feed,) = s.query(CalendarFeed).all()
        assert feed.staff_id == schedule.staff["lee"] and feed.revoked_at is None
        assert dialog.address.text().split("/")[-1][:-4] not in feed.secret_hash

    wait_idle(qtbot)
    dialog.feeds.setCurrentRow(0)
    dialog.revoke()
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
    confirm = next(b for b in box.buttons() if b.text() == "Switch off")
    confirm.click()
    wait_idle(qtbot)
    qtbot.waitUntil(lambda: "switched off" in dialog.feeds.item(0).text(), timeout=10_000)
    with clinic.store.session_factory() as s:
        assert s.query(CalendarFeed).one().revoked_at is not None
