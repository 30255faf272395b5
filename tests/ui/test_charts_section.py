"""The Charts section: where a chart is opened from, and the lot recall for managers and
owners (the front desk never sees it)."""

from __future__ import annotations

import pytest

from medspa_desktop.domain.actor import Role
from medspa_desktop.ui.charting.section import ChartsSection

from .calendar_clinic import Schedule, set_up_schedule
from .charting_steps import FillerClinic, set_up_fillers
from .conftest import wait_idle


@pytest.fixture
def fillers(clinic) -> FillerClinic:
    schedule: Schedule = set_up_schedule(clinic)
    return set_up_fillers(schedule)


def _charts(qtbot, window, session) -> ChartsSection:
    window.start_session(session)
    qtbot.waitUntil(lambda: window.work is not None, timeout=10_000)
    window.show_section("charts")
    qtbot.waitUntil(lambda: window.work.current_key() == "charts", timeout=10_000)
    section = window.work.section("charts")
    assert isinstance(section, ChartsSection)
    return section


def test_a_manager_looks_a_lot_up_and_is_told_what_was_found(qtbot, window, clinic, fillers):
    clinic.add_staff("mona", Role.MANAGER)
    section = _charts(qtbot, window, clinic.log_in("mona"))
    assert section.recall.isVisibleTo(section)
    section.lot.setText("jv-2201")  # typed in any case
    section.find_button.click()
    qtbot.waitUntil(lambda: section.last is not None, timeout=10_000)
    wait_idle(qtbot)
    assert "Lot jv-2201" in section.summary.text() or "JV-2201" in section.summary.text()
    assert "nobody was treated with it" in section.summary.text()
    section.lot.setText("NOPE-1")
    section.find_button.click()
    qtbot.waitUntil(lambda: section.last is not None and section.last.lot_number == "NOPE-1")
    wait_idle(qtbot)
    assert "No lot numbered NOPE-1" in section.summary.text()


def test_a_practitioner_sees_where_charts_open_but_no_lot_recall(qtbot, window, clinic, fillers):
    section = _charts(qtbot, window, clinic.log_in("lee"))
    assert "press “Chart…”" in section.how.text()
    assert not section.recall.isVisibleTo(section)
