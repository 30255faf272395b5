"""Before and after: two photos side by side (one above the other on a tablet held upright),
or one over the other with a divider the
finger drags to reveal the after photo. Both are opened through ``photo_image`` (audited)
on the worker and decoded in memory. GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QDialog, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from medspa_desktop.services.photo_rules import PhotoInfo
from medspa_desktop.ui.photos.choices import SegmentChoice
from medspa_desktop.ui.photos.look import PHOTOS_QSS
from medspa_desktop.ui.photos.pictures import caption, pixmap_of
from medspa_desktop.ui.photos.work import open_image
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import ResponsiveBox, button, label

HANDLE_PX = 22
SIDE_BY_SIDE_PX = 900
BACKDROP = QColor("#10212b")


def fitted(picture: QPixmap, room: QRectF) -> QRectF:
    """Where ``picture`` goes in ``room``: as large as fits, centred, its shape kept."""
    if picture.isNull() or picture.width() == 0:
        return room
    scale = min(room.width() / picture.width(), room.height() / picture.height())
    size = QSize(int(picture.width() * scale), int(picture.height() * scale))
    corner = room.center() - QPointF(size.width() / 2, size.height() / 2)
    return QRectF(corner, size.toSizeF())


class PhotoPane(QWidget):
    """One photo fitted into the widget on a dark backdrop."""

    def __init__(self) -> None:
        super().__init__()
        self.picture = QPixmap()
        self.setMinimumSize(200, 200)

    def set_picture(self, picture: QPixmap) -> None:
        self.picture = picture
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKDROP)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if not self.picture.isNull():
            painter.drawPixmap(fitted(self.picture, QRectF(self.rect())), self.picture,
                               QRectF(self.picture.rect()))  # fmt: skip


class RevealSlider(PhotoPane):
    """``before`` on the left of the divider, ``after`` on the right; drag to move it.

    ``split`` is the divider's place across the photo, 0 (all after) to 1 (all before).
    """

    split_changed = Signal(float)

    def __init__(self) -> None:
        super().__init__()
        self.after = QPixmap()
        self.split = 0.5
        self.setCursor(Qt.CursorShape.SplitHCursor)

    def set_pictures(self, before: QPixmap, after: QPixmap) -> None:
        self.after = after
        self.set_picture(before)

    def frame(self) -> QRectF:
        return fitted(self.picture if not self.picture.isNull() else self.after,
                      QRectF(self.rect()))  # fmt: skip

    def divider_x(self) -> float:
        frame = self.frame()
        return frame.left() + self.split * frame.width()

    def set_split(self, split: float) -> None:
        split = min(1.0, max(0.0, split))
        if split != self.split:
            self.split = split
            self.split_changed.emit(split)
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._follow(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._follow(event)

    def _follow(self, event: QMouseEvent) -> None:
        frame = self.frame()
        if frame.width() > 0:
            self.set_split((event.position().x() - frame.left()) / frame.width())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKDROP)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame, x = self.frame(), self.divider_x()
        if not self.after.isNull():
            painter.drawPixmap(frame, self.after, QRectF(self.after.rect()))
        if not self.picture.isNull():
            painter.save()
            painter.setClipRect(QRectF(frame.left(), frame.top(), x - frame.left(),
                                       frame.height()))  # fmt: skip
            painter.drawPixmap(frame, self.picture, QRectF(self.picture.rect()))
            painter.restore()
        painter.setPen(QPen(QColor("#ffffff"), 3))
        painter.drawLine(QPointF(x, frame.top()), QPointF(x, frame.bottom()))
        painter.setBrush(QColor("#1f6f78"))
        painter.drawEllipse(QPointF(x, frame.center().y()), HANDLE_PX, HANDLE_PX)
        painter.drawText(QRectF(x - HANDLE_PX, frame.center().y() - HANDLE_PX, 2 * HANDLE_PX,
                                2 * HANDLE_PX), Qt.AlignmentFlag.AlignCenter, "◀ ▶")  # fmt: skip


class CompareDialog(QDialog):
    """``before`` and ``after`` (the older and the newer photo), opened on the worker."""

    def __init__(
        self, parent: QWidget | None, session: AppSession, before: PhotoInfo, after: PhotoInfo
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Before and after")
        self.setStyleSheet(PHOTOS_QSS)
        self.pictures: dict[str, QPixmap] = {}
        self.before, self.after = before, after
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 12, 20, 14)
        top = QHBoxLayout()
        top.addWidget(label("Before and after", "title"), 1)
        self.view = SegmentChoice([("side", "Side by side"), ("slider", "Slider")])
        self.view.changed.connect(self.show_view)
        top.addWidget(self.view)
        self.close_button = button("Close")
        self.close_button.clicked.connect(self.reject)
        top.addWidget(self.close_button)
        column.addLayout(top)
        self.pages = QStackedWidget()
        self.slider = RevealSlider()
        self.pages.addWidget(self._side_by_side())
        self.pages.addWidget(self.slider)
        column.addWidget(self.pages, 1)
        for photo in (before, after):
            session.query(self, open_image(photo.id, session.store.blobs)).success(
                lambda data, p=photo.id: self._opened(p, data)
            ).run()

    def _side_by_side(self) -> ResponsiveBox:
        """Before beside after; one over the other on a tablet held upright."""
        side = ResponsiveBox(SIDE_BY_SIDE_PX)
        self.panes = (PhotoPane(), PhotoPane())
        for pane, photo in zip(self.panes, (self.before, self.after), strict=True):
            named = QWidget()
            box = QVBoxLayout(named)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(label(caption(photo).replace("\n", " — "), "field"))
            box.addWidget(pane, 1)
            side.add(named, 1)
        return side

    def show_view(self, which: str) -> None:
        self.pages.setCurrentIndex(1 if which == "slider" else 0)

    def loaded(self) -> bool:
        return len(self.pictures) == 2

    def _opened(self, photo_id: str, data: bytes) -> None:
        self.pictures[photo_id] = pixmap_of(data)
        if not self.loaded():
            return
        before, after = self.pictures[self.before.id], self.pictures[self.after.id]
        self.panes[0].set_picture(before)
        self.panes[1].set_picture(after)
        self.slider.set_pictures(before, after)
