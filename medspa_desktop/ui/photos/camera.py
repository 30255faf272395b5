"""Taking a photo with the device's camera, when Qt Multimedia and a camera are there.

Kept apart from the gallery so that tests and machines without a camera never touch the
hardware: ``camera_available()`` is the only thing the gallery asks before offering it.
The live picture comes through a ``QVideoSink`` and is painted here with the ghost (the
previous photo of the same area and angle) half-transparent over it, to line up the shot.
NOTE: a ``QVideoWidget`` draws the video on its own surface, where an overlay widget is
not reliably shown on top; painting the frames ourselves keeps the ghost visible.
The shot is captured to a buffer (``imageCaptured`` gives a ``QImage``) and encoded to JPEG
in memory; it is never written to a file. GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from medspa_desktop.ui.photos.compare import BACKDROP, fitted
from medspa_desktop.ui.photos.look import PHOTOS_QSS
from medspa_desktop.ui.photos.pictures import jpeg_of, pixmap_of
from medspa_desktop.ui.widgets import button, button_row, label

GHOST_OPACITY = 0.4
CAMERA_TROUBLE = (
    "The camera can't be used right now. Close other apps that use it or check it is "
    "connected, then open the camera again; or add the photo from a file."
)


def camera_available() -> bool:
    """Whether this device has a camera Qt can use."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return False
    return bool(QMediaDevices.videoInputs())


class Preview(QWidget):
    """The latest camera frame with the ghost over it."""

    def __init__(self) -> None:
        super().__init__()
        self.frame = QImage()
        self.ghost = QPixmap()
        self.setMinimumSize(480, 360)

    def show_frame(self, frame: QImage) -> None:
        self.frame = frame
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKDROP)
        room = QRectF(self.rect())
        if not self.frame.isNull():
            shown = QPixmap.fromImage(self.frame)
            painter.drawPixmap(fitted(shown, room), shown, QRectF(shown.rect()))
        if not self.ghost.isNull():
            painter.setOpacity(GHOST_OPACITY)
            painter.drawPixmap(fitted(self.ghost, room), self.ghost, QRectF(self.ghost.rect()))


class CameraDialog(QDialog):
    """``taken(jpeg_bytes)`` when the shutter is pressed and the picture is ready."""

    taken = Signal(bytes)

    def __init__(self, parent: QWidget | None, ghost: bytes | None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession, QVideoSink

        self.setWindowTitle("Take photo")
        self.setStyleSheet(PHOTOS_QSS)
        column = QVBoxLayout(self)
        hint = "Line up the client with the last photo, shown faintly over the picture."
        column.addWidget(label(hint if ghost else "", "hint", wrap=True))
        self.trouble = label("", "fieldError", wrap=True)
        self.trouble.setVisible(False)
        column.addWidget(self.trouble)
        self.preview = Preview()
        self.preview.ghost = pixmap_of(ghost)
        column.addWidget(self.preview, 1)
        self.shutter = button("Take photo", "primary", default=True)
        cancel = button("Cancel")
        column.addLayout(button_row(cancel, self.shutter))
        self.camera = QCamera(self)
        self.sink = QVideoSink(self)
        self.capture = QImageCapture(self)
        self.session = QMediaCaptureSession(self)
        self.session.setCamera(self.camera)
        self.session.setVideoSink(self.sink)
        self.session.setImageCapture(self.capture)
        self.sink.videoFrameChanged.connect(lambda frame: self.preview.show_frame(frame.toImage()))
        self.capture.imageCaptured.connect(self._captured)
        self.camera.errorOccurred.connect(lambda _e, text: self._camera_lost(text))
        self.capture.errorOccurred.connect(lambda _id, _e, text: self._not_taken(text))
        self.shutter.clicked.connect(self._shoot)
        cancel.clicked.connect(self.reject)
        self.finished.connect(lambda _r: self.camera.stop())
        self.camera.start()
        if self.camera.error() != QCamera.Error.NoError:  # e.g. none found, before any signal
            self._camera_lost(self.camera.errorString())

    def _shoot(self) -> None:
        self.shutter.setEnabled(False)
        self.capture.capture()  # to a buffer; captureToFile would write a plaintext file

    def _camera_lost(self, detail: str) -> None:
        """The camera is missing, taken by another app or unplugged: say so, stop shooting."""
        self.shutter.setEnabled(False)
        self.trouble.setText(f"{CAMERA_TROUBLE} ({detail})" if detail else CAMERA_TROUBLE)
        self.trouble.setVisible(True)

    def _not_taken(self, detail: str) -> None:
        if not self.camera.isActive():
            self._camera_lost(detail)
            return
        self.shutter.setEnabled(True)
        self.trouble.setText(f"The photo was not taken; try again. ({detail})")
        self.trouble.setVisible(True)

    def _captured(self, _id: int, image: Any) -> None:
        self.taken.emit(jpeg_of(image))
        self.accept()
