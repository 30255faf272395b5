"""The face diagram of an injection map: a simple face drawn from the front, the left or
the right, with the points placed on it. A tap on empty face places a point; a tap on a
point chooses it. Coordinates are normalised (0..1) over the drawing's square, so a point
lands where it was tapped whatever the widget's size. GUI thread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

POINT_RADIUS_PX = 13
HIT_RADIUS_PX = 24
"""A point is chosen by a tap within this distance: a 48 px target for a gloved finger."""
INK = QColor("#667085")
POINT = QColor("#c0396b")
CHOSEN = QColor("#1f6f78")


class FaceMap(QWidget):
    """Draws ``view`` with its points; ``tapped(x, y)`` on empty face, ``point_tapped(index)``
    (the index in the full list of points) on a point."""

    tapped = Signal(float, float)
    point_tapped = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Face diagram: tap to place an injection point")
        self.setMinimumSize(360, 400)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.view = "front"
        self.points: Sequence[Mapping[str, Any]] = ()
        self.chosen: int | None = None
        self.read_only = False

    def sizeHint(self) -> QSize:
        return QSize(440, 480)

    def show_points(
        self, view: str, points: Sequence[Mapping[str, Any]], chosen: int | None
    ) -> None:
        self.view, self.points, self.chosen = view, points, chosen
        self.update()

    def drawing(self) -> QRectF:
        """The square the face is drawn in (and points are normalised over)."""
        side = min(self.width(), self.height()) - 16
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def place_of(self, x: float, y: float) -> QPointF:
        """Where the normalised point ``(x, y)`` is on the widget."""
        square = self.drawing()
        return QPointF(square.left() + x * square.width(), square.top() + y * square.height())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.read_only:
            super().mousePressEvent(event)
            return
        where = event.position()
        hit = self._point_at(where)
        if hit is not None:
            self.point_tapped.emit(hit)
            return
        square = self.drawing()
        if square.contains(where):
            x = (where.x() - square.left()) / square.width()
            y = (where.y() - square.top()) / square.height()
            self.tapped.emit(round(x, 4), round(y, 4))

    def _point_at(self, where: QPointF) -> int | None:
        best: tuple[float, int] | None = None
        for index, point in enumerate(self.points):
            if point.get("view") != self.view:
                continue
            gap = self.place_of(point["x"], point["y"]) - where
            distance = (gap.x() ** 2 + gap.y() ** 2) ** 0.5
            if distance <= HIT_RADIUS_PX and (best is None or distance < best[0]):
                best = (distance, index)
        return best[1] if best else None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        square = self.drawing()
        painter.setPen(QPen(INK, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.view == "front":
            _front(painter, square)
        else:
            painter.save()
            if self.view == "right":  # the right side is the left one mirrored
                painter.translate(square.center().x() * 2, 0)
                painter.scale(-1, 1)
            _profile(painter, square)
            painter.restore()
        self._paint_points(painter)
        painter.end()

    def _paint_points(self, painter: QPainter) -> None:
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        for index, point in enumerate(self.points):
            if point.get("view") != self.view:
                continue
            centre = self.place_of(point["x"], point["y"])
            colour = CHOSEN if index == self.chosen else POINT
            painter.setPen(QPen(QColor("#ffffff"), 2))
            painter.setBrush(colour)
            painter.drawEllipse(centre, POINT_RADIUS_PX, POINT_RADIUS_PX)
            box = QRectF(centre.x() - 13, centre.y() - 13, 26, 26)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(index + 1))


def _at(square: QRectF, x: float, y: float) -> QPointF:
    return QPointF(square.left() + x * square.width(), square.top() + y * square.height())


def _box(square: QRectF, x: float, y: float, w: float, h: float) -> QRectF:
    return QRectF(_at(square, x, y), _at(square, x + w, y + h))


def _front(painter: QPainter, s: QRectF) -> None:
    painter.drawEllipse(_box(s, 0.22, 0.06, 0.56, 0.84))  # head
    painter.drawEllipse(_box(s, 0.16, 0.40, 0.07, 0.14))  # ears
    painter.drawEllipse(_box(s, 0.77, 0.40, 0.07, 0.14))
    for left in (0.32, 0.56):
        painter.drawArc(_box(s, left, 0.33, 0.12, 0.05), 20 * 16, 140 * 16)  # brow
        painter.drawEllipse(_box(s, left + 0.01, 0.40, 0.10, 0.04))  # eye
    nose = QPainterPath(_at(s, 0.49, 0.44))
    nose.lineTo(_at(s, 0.46, 0.58))
    nose.quadTo(_at(s, 0.50, 0.62), _at(s, 0.54, 0.58))
    painter.drawPath(nose)
    lips = QPainterPath(_at(s, 0.40, 0.70))
    lips.quadTo(_at(s, 0.50, 0.66), _at(s, 0.60, 0.70))
    lips.quadTo(_at(s, 0.50, 0.76), _at(s, 0.40, 0.70))
    painter.drawPath(lips)


def _profile(painter: QPainter, s: QRectF) -> None:
    """The face seen from its left: looking left, the back of the head on the right."""
    face = QPainterPath(_at(s, 0.62, 0.06))
    face.quadTo(_at(s, 0.30, 0.04), _at(s, 0.28, 0.30))  # crown to forehead
    face.quadTo(_at(s, 0.27, 0.38), _at(s, 0.30, 0.40))  # brow
    face.lineTo(_at(s, 0.20, 0.55))  # nose bridge to tip
    face.lineTo(_at(s, 0.29, 0.59))  # under the nose
    face.quadTo(_at(s, 0.25, 0.65), _at(s, 0.28, 0.68))  # upper lip
    face.quadTo(_at(s, 0.25, 0.72), _at(s, 0.29, 0.75))  # lower lip
    face.quadTo(_at(s, 0.24, 0.84), _at(s, 0.36, 0.88))  # chin
    face.quadTo(_at(s, 0.56, 0.86), _at(s, 0.62, 0.70))  # jawline
    face.lineTo(_at(s, 0.64, 0.94))  # neck
    painter.drawPath(face)
    back = QPainterPath(_at(s, 0.62, 0.06))
    back.quadTo(_at(s, 0.86, 0.12), _at(s, 0.82, 0.46))
    back.quadTo(_at(s, 0.80, 0.62), _at(s, 0.76, 0.94))
    painter.drawPath(back)
    painter.drawEllipse(_box(s, 0.56, 0.40, 0.07, 0.14))  # ear
    painter.drawEllipse(_box(s, 0.32, 0.40, 0.06, 0.03))  # eye
    painter.drawArc(_box(s, 0.30, 0.34, 0.10, 0.04), 20 * 16, 140 * 16)  # brow
