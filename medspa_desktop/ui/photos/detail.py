"""The chosen photo beside the grid (under it on a tablet held upright): bigger, with its
tags, the client's marketing consent for it and, as the role allows, Export… and Delete.
GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from medspa_desktop.services.photo_gallery import GalleryPhoto
from medspa_desktop.ui.photos.pictures import caption, pixmap_of
from medspa_desktop.ui.style import restyle, set_role
from medspa_desktop.ui.widgets import QWIDGETSIZE_MAX, ResponsiveBox, button, label

PANEL_PX = 320
PREVIEW_PX = PANEL_PX - 28
BESIDE_PX = 560
"""As wide as this (under the grid), the tags and buttons go beside the photo."""
CONSENT_ON = "Marketing use: allowed"
CONSENT_OFF = "Marketing use: not allowed"


class PhotoDetail(QFrame):
    """``consent``, ``export`` and ``delete`` buttons for the dialog to connect."""

    def __init__(self, *, may_consent: bool, may_export: bool, may_delete: bool) -> None:
        super().__init__()
        self.setObjectName("PhotoDetail")
        self.setFixedWidth(PANEL_PX)
        parts = ResponsiveBox(BESIDE_PX, spacing=10)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 14, 14, 14)
        outer.addWidget(parts)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(PREVIEW_PX, 200)
        parts.add(self.preview)
        words = QWidget()
        parts.add(words, 1)
        column = QVBoxLayout(words)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        self.what = label("", "subtitle", wrap=True)
        column.addWidget(self.what)
        self.consent = button(CONSENT_OFF)
        self.consent.setCheckable(True)
        self.consent.setToolTip("Whether the client agreed this photo may be used in marketing")
        self.export = button("Export…")
        self.delete = button("Delete…", "danger")
        self._allowed = {self.consent: may_consent, self.export: may_export}
        self._allowed[self.delete] = may_delete
        for action in (self.consent, self.export, self.delete):
            action.setAutoDefault(False)
            column.addWidget(action)
        column.addStretch(1)
        self.show_photo(None)

    def set_stacked(self, under_grid: bool) -> None:
        """A fixed-width panel beside the grid, or as wide as the grid under it."""
        if under_grid:
            self.setMinimumWidth(0)
            self.setMaximumWidth(QWIDGETSIZE_MAX)
        else:
            self.setFixedWidth(PANEL_PX)

    def show_photo(self, shown: GalleryPhoto | None) -> None:
        for action, allowed in self._allowed.items():
            action.setVisible(allowed and shown is not None)
        if shown is None:
            self.preview.setPixmap(pixmap_of(None))
            self.preview.setText("Tap a photo to see it here.")
            self.what.setText("")
            return
        picture = pixmap_of(shown.thumbnail)
        width = PREVIEW_PX
        self.preview.setPixmap(
            picture.scaled(width, width, Qt.AspectRatioMode.KeepAspectRatio,
                           Qt.TransformationMode.SmoothTransformation)
            if not picture.isNull() else picture
        )  # fmt: skip
        if picture.isNull():
            self.preview.setText("This photo arrives with the next sync.")
        self.what.setText(caption(shown.photo))
        granted = shown.photo.marketing_consent
        self.consent.setChecked(granted)
        self.consent.setText(CONSENT_ON if granted else CONSENT_OFF)
        set_role(self.consent, "primary" if granted else "")
        restyle(self.consent)
