"""Screenshot scenes of the photo gallery: a client's photos (painted here and saved
through the services, as a camera would hand them over) and the before/after slider.

NOTE: like the charting scenes these change the demo clinic's data: four photos are added
to the first client. Main thread of ``medspa screenshots``; the client is found by reading
the store directly, as a scene may.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.services.photos import SavePhoto, save_photo
from medspa_desktop.store.models import Client, Photo
from medspa_desktop.ui.main_window import MainWindow
from medspa_desktop.ui.photos.dialog import PhotoDialog
from medspa_desktop.ui.photos.pictures import jpeg_of
from medspa_desktop.ui.shooter import Shooter

SHOTS = (("#3d5a6c", 0.0, "lips", "front"), ("#4a6b5d", 0.1, "face", "left_oblique"),
         ("#5b4a6c", 0.0, "face", "front"), ("#6c4a4a", 0.6, "face", "front"))  # fmt: skip
"""Backdrop, redness faded (0 before, more after), area and angle; oldest first."""


def photos_scenes(shot: Shooter, window: MainWindow) -> None:
    """The gallery and the compare slider over ``window`` (a manager logged in)."""
    session = window.session
    if not session.may(Action.PHOTO_CAPTURE):
        return
    with session.store.uow() as uow:
        client = uow.session.scalars(select(Client).where(Client.deleted.is_(False))).first()
        if client is None:
            return
        client_id, name = client.id, f"{client.first_name} {client.last_name}"
        taken = uow.session.scalars(select(Photo.id).where(Photo.client_id == client_id)).first()
        for colour, calm, area, angle in () if taken else SHOTS:  # once for every screen size
            data = jpeg_of(_portrait(colour, calm))
            command = SavePhoto(client_id, data, area, angle)
            save_photo(command, uow=uow, actor=session.actor, blobs=session.store.blobs)
    dialog = PhotoDialog(window, session, client_id, client_name=name)
    dialog.show()
    shot.settle()
    dialog.grid.setCurrentRow(0)
    for row in (0, 1):
        dialog.grid.tick(dialog.grid.item(row).data(Qt.ItemDataRole.UserRole))
    shot.shoot("photos-gallery", window, dialog)
    compare = dialog.open_compare()
    if compare is not None:
        shot.settle()
        shot.shoot("photos-compare-side-by-side", window, compare)
        compare.view.choose("slider")
        compare.slider.set_split(0.42)
        shot.shoot("photos-compare-slider", window, compare)
        compare.reject()
    dialog.reject()
    shot.settle()


def _portrait(colour: str, calm: float, width: int = 900, height: int = 1200) -> QImage:
    """A made-up portrait: a backdrop, a face and cheeks whose redness ``calm`` fades."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#e9c4ad"))
    painter.drawRect(QRectF(width * 0.38, height * 0.7, width * 0.24, height * 0.3))
    painter.drawEllipse(QRectF(width * 0.22, height * 0.12, width * 0.56, height * 0.66))
    red = QColor(214, 92, 92, int(150 * (1 - calm)))
    painter.setBrush(red)
    for x in (0.32, 0.58):
        painter.drawEllipse(QRectF(width * x, height * 0.45, width * 0.1, height * 0.08))
    painter.setBrush(QColor("#b5655f"))
    painter.drawEllipse(QRectF(width * 0.42, height * 0.6, width * 0.16, height * 0.05))
    painter.setBrush(QColor("#3b2a26"))
    for x in (0.36, 0.56):
        painter.drawEllipse(QRectF(width * x, height * 0.36, width * 0.08, height * 0.035))
    painter.end()
    return image
