"""What the photo tests share: photos painted in memory and written by the test as the
files a practitioner would choose, a session for a member of staff, and the gallery opened
at tablet size."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from sqlalchemy import select

from medspa_desktop.store.models import Photo
from medspa_desktop.ui.photos.dialog import PhotoDialog
from medspa_desktop.ui.photos.pictures import jpeg_of
from medspa_desktop.ui.session import AppSession

from .conftest import wait_idle

TABLET = (1280, 800)


def painted(colour: str, width: int = 640, height: int = 480) -> QImage:
    """A photo-like picture: a coloured backdrop with a pale oval where a face would be."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#f1d3c0"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(width // 3, height // 6, width // 3, height * 2 // 3)
    painter.end()
    return image


def chosen_file(folder: Path, name: str, colour: str) -> Path:
    """A JPEG the test writes itself, as a photo the practitioner picks to import."""
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(jpeg_of(painted(colour)))
    return path


def session_of(clinic, staff_session) -> AppSession:
    session = AppSession(clinic.store)
    session.staff = staff_session
    return session


def open_gallery(qtbot, session: AppSession, client_id: str) -> PhotoDialog:
    dialog = PhotoDialog(None, session, client_id, client_name="Ada Lovelace")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(*TABLET)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is not dialog.loading, timeout=10_000)
    wait_idle(qtbot)
    return dialog


def import_files(qtbot, dialog: PhotoDialog, paths, area: str, angle: str) -> None:
    before = len(dialog.gallery.photos) if dialog.gallery else 0
    dialog.import_files(paths, area, angle)
    qtbot.waitUntil(
        lambda: dialog.gallery is not None and len(dialog.gallery.photos) == before + len(paths),
        timeout=10_000,
    )
    wait_idle(qtbot)


def stored_photos(store) -> list[Photo]:
    with store.session_factory() as session:
        rows = list(session.scalars(select(Photo).order_by(Photo.taken_at)))
        session.expunge_all()
    return rows
