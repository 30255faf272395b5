"""The signature pad: the client signs on the tablet with a finger, a stylus or the mouse.

``SignaturePad`` is the box to sign in with a Clear button (44 px touch target) under it.
It records every stroke as timed points with the pen's pressure where the device reports
one (a stylus, a pressure-sensitive touch screen) and ``None`` where it does not (mouse,
most fingers). ``strokes()`` returns the ``domain.signature.Signature`` the consent service
takes; ``problem()`` says why it would be refused (empty, a tap, a tiny scribble), so a
screen can keep its Submit button disabled. GUI thread only.

Input: touch and tablet events are taken first (and accepted, so Qt does not also turn them
into mouse events); mouse events that the system synthesised from touch are ignored, so a
finger never draws twice. One finger draws; a second finger on the pad is ignored.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QEventPoint,
    QInputDevice,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from medspa_desktop.domain.signature import (
    Signature,
    SignaturePoint,
    signature_problem,
)
from medspa_desktop.ui.style import TOUCH_TARGET_PX, set_role

INK = QColor("#10212b")
GUIDE = QColor("#98a2b3")
PEN_PX = (1.4, 4.2)
"""Ink width at no and at full pressure; without a pressure reading, the middle."""
_TOUCH_EVENTS = {
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd,
    QEvent.Type.TouchCancel,
}


class SignatureCanvas(QWidget):
    """The area that records and paints strokes (the pad without its button)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 140)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName("Signature box")
        self._strokes: list[list[SignaturePoint]] = []
        self._drawing = False
        self._touch_id: int | None = None
        self._clock = QElapsedTimer()

    def strokes(self) -> Signature:
        return Signature(
            float(self.width()),
            float(self.height()),
            tuple(tuple(stroke) for stroke in self._strokes if stroke),
        )

    def is_empty(self) -> bool:
        return not any(self._strokes)

    def clear(self) -> None:
        had_ink = not self.is_empty()
        self._strokes, self._drawing, self._touch_id = [], False, None
        self._clock.invalidate()
        self.update()
        if had_ink:
            self.changed.emit()

    # Input -----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if _is_synthesised(event) or event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        self._begin(event.position(), None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drawing and not _is_synthesised(event):
            self._extend(event.position(), None)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drawing and not _is_synthesised(event):
            self._extend(event.position(), None)
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        pressure = max(0.0, min(1.0, event.pressure()))
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), pressure)
        elif kind == QEvent.Type.TabletMove and self._drawing:
            self._extend(event.position(), pressure)
        elif kind == QEvent.Type.TabletRelease and self._drawing:
            self._end()
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() in _TOUCH_EVENTS and isinstance(event, QTouchEvent):
            self._touch(event)
            event.accept()
            return True
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> None:
        if event.type() == QEvent.Type.TouchCancel:
            self._end()
            return
        device = event.pointingDevice()
        measures = bool(device and device.capabilities() & QInputDevice.Capability.Pressure)
        for point in event.points():
            pressure = point.pressure() if measures else None
            if self._touch_id is None and point.state() == QEventPoint.State.Pressed:
                self._touch_id = point.id()
                self._begin(point.position(), pressure)
            elif point.id() == self._touch_id and point.state() == QEventPoint.State.Released:
                # A lifted finger reports no pressure: keep the last one measured.
                self._extend(point.position(), self._strokes[-1][-1].pressure)
                self._end()
            elif point.id() == self._touch_id:
                self._extend(point.position(), pressure)

    def _begin(self, at: QPointF, pressure: float | None) -> None:
        if not self._clock.isValid():
            self._clock.start()
        self._drawing = True
        self._strokes.append([])
        self._extend(at, pressure)

    def _extend(self, at: QPointF, pressure: float | None) -> None:
        x = min(max(at.x(), 0.0), float(self.width()))
        y = min(max(at.y(), 0.0), float(self.height()))
        stroke = self._strokes[-1]
        stroke.append(SignaturePoint(x, y, float(self._clock.elapsed()), pressure))
        self._update_around(stroke[-3:])
        self.changed.emit()

    def _end(self) -> None:
        self._drawing, self._touch_id = False, None

    # Painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(event.rect(), QColor("#ffffff"))
        self._paint_guide(painter)
        for stroke in self._strokes:
            _paint_stroke(painter, stroke)
        painter.end()

    def _paint_guide(self, painter: QPainter) -> None:
        baseline = self.height() * 0.72
        painter.setPen(QPen(GUIDE, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(24, baseline), QPointF(self.width() - 24, baseline))
        painter.drawText(QPointF(24, baseline - 8), "×")
        painter.setPen(QPen(GUIDE, 1))
        painter.drawRect(QRectF(0.5, 0.5, self.width() - 1, self.height() - 1))

    def _update_around(self, points: list[SignaturePoint]) -> None:
        margin = PEN_PX[1] + 2
        xs, ys = [p.x for p in points], [p.y for p in points]
        box = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        self.update(box.adjusted(-margin, -margin, margin, margin).toAlignedRect())


def _paint_stroke(painter: QPainter, stroke: list[SignaturePoint]) -> None:
    """Quadratic curves through the midpoints of the recorded points, so fast strokes look
    round, not jagged; each piece takes the width of its point's pressure."""
    if not stroke:
        return
    pen = QPen(INK, _width(stroke[0].pressure), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if len(stroke) == 1:
        painter.setPen(pen)
        painter.drawPoint(QPointF(stroke[0].x, stroke[0].y))
        return
    start = QPointF(stroke[0].x, stroke[0].y)
    for index in range(1, len(stroke)):
        here = QPointF(stroke[index].x, stroke[index].y)
        after = stroke[index + 1] if index + 1 < len(stroke) else stroke[index]
        end = (here + QPointF(after.x, after.y)) / 2
        path = QPainterPath(start)
        path.quadTo(here, end)
        pen.setWidthF(_width(stroke[index].pressure))
        painter.strokePath(path, pen)
        start = end


def _width(pressure: float | None) -> float:
    low, high = PEN_PX
    return (low + high) / 2 if pressure is None else low + (high - low) * pressure


def _is_synthesised(event: QMouseEvent) -> bool:
    return event.source() != Qt.MouseEventSource.MouseEventNotSynthesized


class SignaturePad(QWidget):
    """The signature box with its hint and Clear button; ``changed`` on every new point and
    on clearing."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = SignatureCanvas(self)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setMinimumSize(2 * TOUCH_TARGET_PX, TOUCH_TARGET_PX)
        self.clear_button.setEnabled(False)
        self.clear_button.clicked.connect(self.clear)
        hint = QLabel("Sign above the line with a finger or stylus.")
        set_role(hint, "hint")
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(row)
        self.canvas.changed.connect(self._on_changed)

    def strokes(self) -> Signature:
        return self.canvas.strokes()

    def is_empty(self) -> bool:
        return self.canvas.is_empty()

    def problem(self) -> str | None:
        """Why the consent service would refuse this signature now, or ``None``."""
        return signature_problem(self.strokes())

    def clear(self) -> None:
        self.canvas.clear()

    def _on_changed(self) -> None:
        self.clear_button.setEnabled(not self.canvas.is_empty())
        self.changed.emit()
