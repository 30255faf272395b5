"""The top of the photos screen: whose photos, Add photos…, Take photo, Compare and Close,
and the area and angle filters. Side by side on a landscape screen; on a tablet held
upright the actions go under the title and the filters one under the other. GUI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from medspa_desktop.domain.photo_tags import ANGLES
from medspa_desktop.ui.photos import camera
from medspa_desktop.ui.photos.choices import SegmentChoice
from medspa_desktop.ui.photos.pictures import tag_words
from medspa_desktop.ui.widgets import ResponsiveBox, button, label

ALL = (None, "All")
ACTIONS_BESIDE_PX = 900


class PhotoBar(QWidget):
    """``add``, ``take``, ``compare``, ``close_button`` and the two filters, for the dialog
    to connect; ``may_capture`` shows or hides Add photos… and Take photo."""

    def __init__(self, client_name: str, *, may_capture: bool) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        top = ResponsiveBox(ACTIONS_BESIDE_PX)
        name = f" — {client_name}" if client_name else ""
        self.heading = label(f"Photos{name}", "title", wrap=True)
        top.add(self.heading, 1)
        top.add(self._actions(may_capture=may_capture))
        column.addWidget(top)
        column.addWidget(self._filters())

    def _actions(self, *, may_capture: bool) -> QWidget:
        actions = QWidget()
        row = QHBoxLayout(actions)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        self.add = button("Add photos…")
        has_camera = camera.camera_available()
        self.take = button("Take photo" if has_camera else "No camera found")
        self.take.setEnabled(has_camera)
        self.compare = button("Compare", "primary")
        self.compare.setToolTip("Tick two photos to compare them")
        self.close_button = button("Close")
        for action in (self.add, self.take, self.compare, self.close_button):
            action.setAutoDefault(False)
            row.addWidget(action)
        self.add.setVisible(may_capture)
        self.take.setVisible(may_capture)
        return actions

    def _filters(self) -> ResponsiveBox:
        filters = ResponsiveBox(0, spacing=16)
        self.area_filter = SegmentChoice([ALL])
        self.angle_filter = SegmentChoice([ALL, *((a, tag_words(a)) for a in ANGLES)])
        for stretch, (name, choice) in enumerate(
            (("Area", self.area_filter), ("Angle", self.angle_filter))
        ):
            named = QWidget()
            row = QHBoxLayout(named)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(label(name, "field"))
            row.addWidget(choice)
            row.addStretch(1)
            filters.add(named, stretch)  # the angles follow the areas, not at the far end
        return filters

    def show_areas(self, areas: list[str]) -> None:
        """The area filter's choices: All and the areas the client has photos of."""
        self.area_filter.set_options([ALL, *((a, tag_words(a)) for a in areas)])
