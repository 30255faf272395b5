"""Pictures of widgets for ``medspa screenshots``: wait until the screen is settled, save PNG."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPoint, QSize
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from medspa_desktop.ui.ops import TaskManager

SETTLE_TIMEOUT_S = 30.0


@dataclass
class Shooter:
    """Saves numbered PNGs of one size into ``folder``."""

    folder: Path
    size: QSize
    paths: list[Path] = field(default_factory=list)

    def settle(self) -> None:
        """Process events until no operation is in flight and the screen has painted."""
        manager = TaskManager.instance()
        deadline = time.monotonic() + SETTLE_TIMEOUT_S
        while time.monotonic() < deadline:
            for _ in range(5):
                QApplication.processEvents()
            if manager.in_flight == 0:
                break
            time.sleep(0.005)
        for _ in range(10):
            QApplication.processEvents()

    def shoot(
        self, name: str, window: QWidget, dialog: QWidget | None = None, *, dim: bool = True
    ) -> Path:
        """Save ``window`` as a PNG, with ``dialog`` centred over it (the window dimmed)."""
        self.settle()
        picture = window.grab()
        if dialog is not None:
            front = dialog.grab()
            painter = QPainter(picture)
            if dim:
                painter.fillRect(picture.rect(), QColor(16, 33, 43, 110))
            corner = QPoint(
                max(0, (picture.width() - front.width()) // 2),
                max(0, (picture.height() - front.height()) // 2),
            )
            painter.drawPixmap(corner, front)
            painter.setPen(QColor("#98a2b3"))  # the edge a window manager would draw
            painter.drawRect(corner.x() - 1, corner.y() - 1, front.width() + 1, front.height() + 1)
            painter.end()
        path = self.folder / f"{len(self.paths) + 1:02d}-{name}.png"
        if not picture.save(str(path)):
            raise OSError(f"Could not write the screenshot {path}")
        self.paths.append(path)
        return path


def blank_page(size: QSize) -> QWidget:
    page = QWidget()
    page.setObjectName("Page")
    page.resize(size)
    return page
