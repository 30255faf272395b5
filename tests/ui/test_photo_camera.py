"""The camera screen without camera hardware (CI has none): it says the camera can't be used
and offers no shutter; the live picture is drawn with the previous photo faintly over it; and
a captured frame becomes a stored photo, encoded in memory."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from medspa_desktop.ui.photos.camera import CAMERA_TROUBLE, GHOST_OPACITY, CameraDialog, Preview
from medspa_desktop.ui.photos.pictures import jpeg_of

from .conftest import wait_idle
from .photos_steps import open_gallery, session_of, stored_photos


def _solid(colour: str, size: QSize = QSize(400, 300)) -> QImage:
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    return image


def test_with_no_camera_the_screen_says_so_and_offers_no_shutter(qtbot):
    dialog = CameraDialog(None, None)
    qtbot.addWidget(dialog)
    dialog.show()

    qtbot.waitUntil(lambda: not dialog.trouble.isHidden(), timeout=5_000)
    assert dialog.trouble.text().startswith(CAMERA_TROUBLE)
    assert not dialog.shutter.isEnabled()


def test_the_live_picture_shows_the_last_photo_faintly_over_it(qtbot):
    preview = Preview()
    qtbot.addWidget(preview)
    preview.resize(400, 300)
    preview.ghost.convertFromImage(_solid("#0000ff"))
    preview.show_frame(_solid("#ff0000"))

    shown = preview.grab().toImage()

    middle = shown.pixelColor(200, 150)
    assert abs(middle.blue() - round(255 * GHOST_OPACITY)) <= 3
    assert abs(middle.red() - round(255 * (1 - GHOST_OPACITY))) <= 3


def test_a_captured_frame_becomes_a_photo_in_the_gallery(qtbot, clinic, tmp_path):
    owner = session_of(clinic, clinic.owner_session)
    ada = clinic.add_client("Ada", "Lovelace")
    gallery = open_gallery(qtbot, owner, ada)
    camera = CameraDialog(gallery, None)
    qtbot.addWidget(camera)
    camera.taken.connect(lambda data: gallery.save_shot(data, "face", "front"))

    with qtbot.waitSignal(camera.taken) as taken:
        camera._captured(1, _solid("#7a3550", QSize(1200, 900)))
    qtbot.waitUntil(lambda: gallery.grid.count() == 1, timeout=10_000)
    wait_idle(qtbot)

    assert taken.args[0][:3] == jpeg_of(_solid("#000000"))[:3]  # JPEG, made in memory
    [photo] = stored_photos(clinic.store)
    assert (photo.area, photo.angle, photo.width, photo.height) == ("face", "front", 1200, 900)
