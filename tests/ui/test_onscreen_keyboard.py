"""A tablet's on-screen keyboard never hides the field being typed in: the chart's notes at
the bottom of a long form scroll up above the keyboard, the form keeps room for it while it
shows and gives that room back when it goes. The keyboard is simulated: the helper is
driven with the rectangle Qt would report."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from medspa_desktop.domain.chart_builtin import BUILT_IN
from medspa_desktop.domain.chart_template import parse_schema
from medspa_desktop.ui.charting.fields import TextField
from medspa_desktop.ui.charting.form import ChartForm
from medspa_desktop.ui.onscreen_keyboard import OnScreenKeyboard, keyboard_overlap

from .test_tablet_fit import tablet  # noqa: F401  (the fixture, used by every test here)

pytestmark = pytest.mark.usefixtures("tablet")

UPRIGHT = (800, 1280)
KEYBOARD = QRect(0, 1280 - 420, 800, 420)
"""A keyboard across the bottom third of an upright tablet, in the window's coordinates."""


@pytest.mark.parametrize(
    ("keyboard", "covered"),
    [
        (QRect(0, 900, 800, 380), 200),  # across the bottom of the area
        (QRect(), 0),  # hidden
        (QRect(0, 1100, 800, 180), 0),  # below the area
        (QRect(820, 500, 300, 300), 0),  # beside it (a floating keyboard)
        (QRect(0, 0, 800, 1280), 1000),  # over all of it
    ],
)
def test_the_keyboard_covers_only_the_part_of_a_scroll_area_it_overlaps(keyboard, covered):
    area = QRect(0, 100, 800, 1000)
    assert keyboard_overlap(area, keyboard) == covered


@pytest.fixture
def helper(qapp):
    """The application's keyboard helper for one test, then gone (no signals left over)."""
    made = OnScreenKeyboard(qapp)
    yield made
    made.setParent(None)
    made.deleteLater()


@pytest.fixture
def long_chart(qtbot):
    """The dermal filler chart form, as tall as a real one, on an upright tablet."""
    window = QWidget()
    form = ChartForm(parse_schema(BUILT_IN["filler"].schema), {})
    QVBoxLayout(window).addWidget(form)
    qtbot.addWidget(window)
    window.resize(*UPRIGHT)
    window.show()
    qtbot.waitExposed(window)
    return window, form


def place_in(widget: QWidget, container: QWidget) -> QRect:
    return QRect(widget.mapTo(container, QPoint(0, 0)), widget.size())


def test_the_notes_at_the_bottom_of_a_long_chart_scroll_above_the_keyboard(
    qtbot, helper, long_chart
):
    window, form = long_chart
    notes = [f for f in form.fields.values() if isinstance(f, TextField)][-1].edit
    window.activateWindow()
    notes.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is notes)
    assert form.verticalScrollBar().maximum() > 0
    assert place_in(notes, window).bottom() > KEYBOARD.top()  # under the keyboard as it is

    helper.keep_visible(KEYBOARD)

    typed_in = place_in(notes, window)
    assert typed_in.bottom() < KEYBOARD.top()
    assert typed_in.top() >= place_in(form, window).top()
    overlap = keyboard_overlap(place_in(form, window), KEYBOARD)
    assert form.viewportMargins().bottom() == overlap > 0

    helper.keep_visible(QRect())  # the keyboard went away
    assert form.viewportMargins().bottom() == 0


def test_nothing_moves_while_no_keyboard_shows(qtbot, helper, long_chart):
    window, form = long_chart
    notes = [f for f in form.fields.values() if isinstance(f, TextField)][-1].edit
    window.activateWindow()
    notes.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is notes)
    before = form.verticalScrollBar().value()

    helper.follow()  # Qt reports no keyboard here

    assert form.verticalScrollBar().value() == before
    assert form.viewportMargins().bottom() == 0


def test_a_keyboard_that_does_not_say_where_it_is_still_brings_the_field_into_view(
    qtbot, helper, long_chart
):
    window, form = long_chart
    notes = [f for f in form.fields.values() if isinstance(f, TextField)][-1].edit
    window.activateWindow()
    notes.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is notes)
    form.verticalScrollBar().setValue(0)
    viewport = form.viewport()
    assert not viewport.rect().contains(place_in(notes, viewport))

    helper.keep_visible(QRect(), shown=True)

    assert viewport.rect().contains(place_in(notes, viewport))
    assert form.viewportMargins().bottom() == 0
