"""The grid of a client's photos: thumbnails newest first, each with its area, angle and
date, and a tick box to pick two for comparing. Scrolls with a flick of the finger.
GUI thread; the grid only shows what the gallery service returned."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QScroller

from medspa_desktop.services.photo_gallery import GalleryPhoto
from medspa_desktop.ui.photos.look import THUMB_PX
from medspa_desktop.ui.photos.pictures import arriving_tile, caption, pixmap_of

PHOTO_ID = Qt.ItemDataRole.UserRole
PICKED_AT_MOST = 2


class PhotoGrid(QListWidget):
    """``chosen(photo_id or None)`` when a tile is tapped; ``picked(ids)`` when ticks change."""

    chosen = Signal(object)
    picked = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("PhotoGrid")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setWordWrap(True)
        self.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.setGridSize(QSize(THUMB_PX + 44, THUMB_PX + 96))
        self.setSpacing(6)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.ticked: list[str] = []
        """The photos picked for comparing, in the order they were ticked."""
        self.currentItemChanged.connect(
            lambda item, _old: self.chosen.emit(item.data(PHOTO_ID) if item else None)
        )
        self.itemChanged.connect(self._tick_changed)

    def show_photos(self, photos: Sequence[GalleryPhoto]) -> None:
        """Show ``photos`` (newest first); ticks and the chosen tile stay where they can."""
        current = self.current_id()
        ids = {p.photo.id for p in photos}
        self.ticked = [i for i in self.ticked if i in ids]
        self.blockSignals(True)
        self.clear()
        for shown in photos:
            thumbnail = pixmap_of(shown.thumbnail)
            if thumbnail.isNull():
                thumbnail = arriving_tile(THUMB_PX)
            icon = QIcon(thumbnail)
            icon.addPixmap(thumbnail, QIcon.Mode.Selected)  # not tinted: the frame says chosen
            item = QListWidgetItem(icon, caption(shown.photo))
            item.setData(PHOTO_ID, shown.photo.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = shown.photo.id in self.ticked
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.addItem(item)
            if shown.photo.id == current:
                self.setCurrentItem(item)
        self.blockSignals(False)
        self.chosen.emit(self.current_id())
        self.picked.emit(list(self.ticked))

    def current_id(self) -> str | None:
        item = self.currentItem()
        return item.data(PHOTO_ID) if item is not None else None

    def item_of(self, photo_id: str) -> QListWidgetItem | None:
        for row in range(self.count()):
            if self.item(row).data(PHOTO_ID) == photo_id:
                return self.item(row)
        return None

    def tick(self, photo_id: str, ticked: bool = True) -> None:
        """Tick (or untick) a photo as a tap on its box would."""
        item = self.item_of(photo_id)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def _tick_changed(self, item: QListWidgetItem) -> None:
        photo_id = item.data(PHOTO_ID)
        if item.checkState() == Qt.CheckState.Checked and photo_id not in self.ticked:
            self.ticked.append(photo_id)
            if len(self.ticked) > PICKED_AT_MOST:  # a third tick replaces the oldest
                self.tick(self.ticked[0], ticked=False)
        elif item.checkState() == Qt.CheckState.Unchecked and photo_id in self.ticked:
            self.ticked.remove(photo_id)
        self.picked.emit(list(self.ticked))
