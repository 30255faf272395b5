"""The signature pad: mouse and finger strokes make a signature the consent service accepts;
an empty pad, or a tap, is reported and cannot be submitted; Clear starts again."""

from __future__ import annotations

import itertools
import math

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QInputDevice
from PySide6.QtTest import QTest

from medspa_desktop.domain.signature import signature_from_json, signature_json
from medspa_desktop.ui.signature_pad import SignaturePad
from medspa_desktop.ui.style import TOUCH_TARGET_PX

LEFT = Qt.MouseButton.LeftButton
NO_KEYS = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def pad(qtbot) -> SignaturePad:
    widget = SignaturePad()
    qtbot.addWidget(widget)
    widget.resize(640, 280)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def path(x0: int = 40, count: int = 30) -> list[QPoint]:
    """A wavy line across about two thirds of the pad."""
    return [QPoint(x0 + 14 * i, 110 + round(40 * math.sin(i / 3))) for i in range(count)]


def sign_with_mouse(qtbot, pad: SignaturePad, points: list[QPoint]) -> None:
    canvas = pad.canvas
    qtbot.mousePress(canvas, LEFT, NO_KEYS, points[0])
    for point in points[1:]:
        qtbot.mouseMove(canvas, point)
    qtbot.mouseRelease(canvas, LEFT, NO_KEYS, points[-1])


def sign_with_finger(pad: SignaturePad, points: list[QPoint], device) -> None:
    canvas = pad.canvas
    QTest.touchEvent(canvas, device).press(0, points[0], canvas).commit()
    for point in points[1:]:
        QTest.touchEvent(canvas, device).move(0, point, canvas).commit()
    QTest.touchEvent(canvas, device).release(0, points[-1], canvas).commit()


def inked_pixels(pad: SignaturePad) -> int:
    image = pad.canvas.grab().toImage()
    step = 3
    return sum(
        1
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
        if QColor(image.pixel(x, y)).lightness() < 80
    )


def test_an_empty_pad_is_empty_and_cannot_be_submitted(pad):
    assert pad.is_empty()
    assert pad.problem() == "Ask the client to sign in the box."
    assert not pad.clear_button.isEnabled()
    assert pad.strokes().strokes == ()


def test_mouse_strokes_make_a_signature_the_service_accepts(qtbot, pad):
    with qtbot.waitSignal(pad.changed):
        sign_with_mouse(qtbot, pad, path())
    sign_with_mouse(qtbot, pad, path(x0=470, count=8))
    signature = pad.strokes()
    assert len(signature.strokes) == 2 and signature.point_count >= 38
    assert (signature.width, signature.height) == (pad.canvas.width(), pad.canvas.height())
    first = signature.strokes[0]
    assert (first[0].x, first[0].y) == (40, 110) and first[0].pressure is None
    assert all(a.t <= b.t for a, b in itertools.pairwise(first))
    assert pad.problem() is None and not pad.is_empty()
    assert signature_from_json(signature_json(signature)).point_count == signature.point_count
    assert inked_pixels(pad) > 20


def test_finger_strokes_on_a_touch_screen_make_one_stroke_each(pad):
    finger = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)
    points = path()
    sign_with_finger(pad, points, finger)
    signature = pad.strokes()
    assert len(signature.strokes) == 1  # not drawn a second time as mouse events
    (stroke,) = signature.strokes
    assert [(p.x, p.y) for p in stroke] == [(q.x(), q.y()) for q in [*points, points[-1]]]
    assert {p.pressure for p in stroke} == {None}  # this screen measures no pressure
    assert pad.problem() is None


def test_a_pressure_sensitive_screen_records_pressure(pad):
    caps = QInputDevice.Capability.Position | QInputDevice.Capability.Pressure
    screen = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen, caps)
    sign_with_finger(pad, path(), screen)
    pressures = {point.pressure for point in pad.strokes().strokes[0]}
    assert pressures and None not in pressures and all(0 < p <= 1 for p in pressures)


def test_a_tap_is_not_a_signature(qtbot, pad):
    qtbot.mouseClick(pad.canvas, LEFT, NO_KEYS, QPoint(100, 100))
    assert not pad.is_empty()
    assert "too small" in pad.problem()


def test_clear_empties_the_pad_and_its_button_is_a_touch_target(qtbot, pad):
    sign_with_mouse(qtbot, pad, path())
    button = pad.clear_button
    assert button.isEnabled()
    assert button.height() >= TOUCH_TARGET_PX and button.width() >= TOUCH_TARGET_PX
    with qtbot.waitSignal(pad.changed):
        qtbot.mouseClick(button, LEFT)
    assert pad.is_empty() and not button.isEnabled()
    assert pad.problem() == "Ask the client to sign in the box."
    assert inked_pixels(pad) == 0


def test_strokes_leaving_the_pad_are_kept_inside_it(qtbot, pad):
    points = [*path(), QPoint(pad.canvas.width() + 80, -40)]
    sign_with_mouse(qtbot, pad, points)
    last = pad.strokes().strokes[0][-1]
    assert (last.x, last.y) == (pad.canvas.width(), 0)
    assert pad.problem() is None
