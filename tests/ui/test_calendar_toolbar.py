"""The calendar toolbar on a 1366×768 clinic laptop: one row in every view, with nothing a
receptionist needs hidden, and its shortened buttons saying what they do."""

from __future__ import annotations

import datetime as dt

import pytest

from medspa_desktop.ui.calendar.toolbar import RESOURCES_DAY, STAFF_DAY, WEEK
from medspa_desktop.ui.style import apply_style

from .calendar_clinic import set_up_schedule
from .calendar_steps import open_calendar
from .conftest import wait_idle


@pytest.fixture
def desktop_look(qapp):
    """The application's desktop style sheet and font for one test (the widths depend on
    them), then the look before."""
    previous = (qapp.styleSheet(), qapp.font(), qapp.property("tablet"))
    apply_style(qapp, tablet=False)
    yield
    qapp.setStyleSheet(previous[0])
    qapp.setFont(previous[1])
    qapp.setProperty("tablet", previous[2])


@pytest.mark.usefixtures("desktop_look")
@pytest.mark.parametrize("mode", [STAFF_DAY, RESOURCES_DAY, WEEK])
def test_at_1366_wide_the_toolbar_fits_on_one_row(qtbot, window, clinic, mode):
    schedule = set_up_schedule(clinic)
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    # The longest title: a week over the new year, with the year ("28 Dec–3 Jan 2027").
    section.go_to(dt.date(dt.date.today().year, 12, 30))
    section.set_mode(mode)
    wait_idle(qtbot)
    bar = section.toolbar

    assert window.width() == 1366
    assert bar.sizeHint().width() <= bar.width()
    assert bar.views.geometry().top() == bar.nav.geometry().top(), "wrapped onto two rows"
    needed = [bar.today_button, bar.previous_button, bar.next_button, bar.date_button,
              *bar.mode_buttons.values(), bar.waitlist_button, bar.book_button]  # fmt: skip
    if mode == WEEK:
        needed += [bar.staff, bar.more_button]
    for widget in needed:
        assert widget.isVisible() and widget.width() >= widget.minimumSizeHint().width()


def test_the_buttons_shown_as_a_sign_have_names_and_tooltips_with_their_shortcut(
    qtbot, window, clinic
):
    schedule = set_up_schedule(clinic)
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    bar = section.toolbar

    assert bar.previous_button.accessibleName() == "Previous day"
    assert "Alt+Left" in bar.previous_button.toolTip()
    assert "Ctrl+G" in bar.date_button.toolTip() and bar.date_button.accessibleName()
    assert "Ctrl+B" in bar.book_button.toolTip()
    section.set_mode(WEEK)
    wait_idle(qtbot)
    assert bar.next_button.accessibleName() == "Next week"
    assert [a.text() for a in bar.more_menu.actions() if a.isVisible()] == ["Calendar feed…"]
