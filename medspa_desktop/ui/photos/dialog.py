"""A client's clinical photos: the grid newest first with area and angle filters, the
chosen photo beside it (marketing consent, Export…, Delete… as the role allows), Add
photos… from files, Take photo with the camera (the ghost of the last shot over it), and
Compare for two photos picked. Every service call runs on the database worker; images are
decoded in memory and never written to disk. GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.domain.actions import Action
from medspa_desktop.services.errors import ServiceError
from medspa_desktop.services.photo_gallery import Gallery, GalleryPhoto, GhostPhoto
from medspa_desktop.services.photos import ImportPhotoFile, SavePhoto
from medspa_desktop.store.errors import StoreError
from medspa_desktop.ui.dialogs import height_limit
from medspa_desktop.ui.ops import GENERIC_FAILURE, show_failure
from medspa_desktop.ui.photos import camera, work
from medspa_desktop.ui.photos.bar import PhotoBar
from medspa_desktop.ui.photos.compare import CompareDialog
from medspa_desktop.ui.photos.detail import PhotoDetail
from medspa_desktop.ui.photos.grid import PhotoGrid
from medspa_desktop.ui.photos.look import PHOTOS_QSS
from medspa_desktop.ui.photos.tags import TagPrompt
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import (
    EmptyState,
    ResponsiveBox,
    confirmation_box,
    label,
    when_confirmed,
)

WIDEST_PX = 1400
SIDE_MARGIN_PX = 16
DETAIL_BESIDE_PX = 900
IMAGE_FILES = "Photos (*.jpg *.jpeg *.png *.heic *.heif *.webp)"


class PhotoDialog(QDialog):
    """The photos of ``client_id``; new ones are linked to ``chart_id``/``appointment_id``."""

    def __init__(
        self,
        parent: QWidget | None,
        session: AppSession,
        client_id: str,
        *,
        client_name: str = "",
        chart_id: str | None = None,
        appointment_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Photos")
        self.setStyleSheet(PHOTOS_QSS)
        self.session, self.client_id, self.client_name = session, client_id, client_name
        self.links = {"chart_id": chart_id, "appointment_id": appointment_id}
        self.gallery: Gallery | None = None
        self.prompt: TagPrompt | None = None
        self.compare_dialog: CompareDialog | None = None
        self._importing = 0
        self._lay_out()
        self.reload()

    def _lay_out(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 12, 20, 14)
        column.setSpacing(10)
        self.bar = PhotoBar(self.client_name, may_capture=self.session.may(Action.PHOTO_CAPTURE))
        self.add, self.take = self.bar.add, self.bar.take
        self.compare, self.close_button = self.bar.compare, self.bar.close_button
        self.area_filter, self.angle_filter = self.bar.area_filter, self.bar.angle_filter
        self.add.clicked.connect(self.choose_files)
        self.take.clicked.connect(lambda: self.ask_tags("Open the camera", self.open_camera))
        self.compare.clicked.connect(self.open_compare)
        self.compare.setEnabled(False)
        self.close_button.clicked.connect(self.reject)
        for choice in (self.area_filter, self.angle_filter):
            choice.changed.connect(lambda _v: self.show_gallery())
        column.addWidget(self.bar)
        column.addWidget(self._body(), 1)

    def _body(self) -> ResponsiveBox:
        """The grid, and the chosen photo beside it (under it on a tablet held upright)."""
        body = ResponsiveBox(DETAIL_BESIDE_PX)
        self.pages = QStackedWidget()
        self.loading = label("Opening the photos…", "hint")
        self.refusal = label("", "refusal", wrap=True)
        self.refusal.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty = EmptyState("No photos here yet", "Add photos from a file or the camera.")
        self.grid = PhotoGrid()
        self.grid.chosen.connect(self._chosen)
        self.grid.picked.connect(lambda ids: self.compare.setEnabled(len(ids) == 2))
        for page in (self.loading, self.refusal, self.empty, self.grid):
            self.pages.addWidget(page)
        body.add(self.pages, 1)
        may = self.session.may
        self.detail = PhotoDetail(
            may_consent=may(Action.PHOTO_SET_MARKETING_CONSENT),
            may_export=may(Action.PHOTO_EXPORT),
            may_delete=may(Action.PHOTO_DELETE),
        )
        self.detail.consent.clicked.connect(self.toggle_consent)
        self.detail.export.clicked.connect(self.choose_export)
        self.detail.delete.clicked.connect(self.confirm_delete)
        body.add(self.detail)
        body.reflowed.connect(self.detail.set_stacked)
        return body

    # ---- showing ---------------------------------------------------------------------------

    def reload(self) -> None:
        call = work.open_gallery(self.client_id, self.session.store.blobs)
        self.session.query(self, call).success(self._opened).failure(self._refused).run()

    def _refused(self, err: BaseException) -> None:
        known = isinstance(err, ServiceError | StoreError)
        self.refusal.setText(str(err) if known else GENERIC_FAILURE)
        self.pages.setCurrentWidget(self.refusal)
        for action in (self.add, self.take, self.compare):
            action.setVisible(False)

    def _opened(self, gallery: Gallery) -> None:
        self.gallery = gallery
        self.bar.show_areas(sorted({shown.photo.area for shown in gallery.photos}))
        self.show_gallery()

    def shown_photos(self) -> list[GalleryPhoto]:
        """The gallery's photos that pass the area and angle filters, newest first."""
        area, angle = self.area_filter.value(), self.angle_filter.value()
        photos = self.gallery.photos if self.gallery is not None else ()
        return [
            shown for shown in photos
            if area in (None, shown.photo.area) and angle in (None, shown.photo.angle)
        ]  # fmt: skip

    def show_gallery(self) -> None:
        photos = self.shown_photos()
        self.grid.show_photos(photos)
        self.pages.setCurrentWidget(self.grid if photos else self.empty)

    def photo(self, photo_id: str | None) -> GalleryPhoto | None:
        photos = self.gallery.photos if self.gallery is not None else ()
        return next((shown for shown in photos if shown.photo.id == photo_id), None)

    def _chosen(self, photo_id: str | None) -> None:
        self.detail.show_photo(self.photo(photo_id))

    # ---- adding ----------------------------------------------------------------------------

    def ask_tags(self, confirm: str, then: object) -> None:
        area = self.area_filter.value() or "face"
        prompt = TagPrompt(self, confirm, area)
        prompt.given.connect(then)
        prompt.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        prompt.finished.connect(lambda _r: setattr(self, "prompt", None))
        self.prompt = prompt
        prompt.open()

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Add photos", "", IMAGE_FILES)
        if paths:
            self.ask_tags("Add", lambda area, angle: self.import_files(paths, area, angle))

    def import_files(self, paths: Sequence[str | Path], area: str, angle: str) -> None:
        """Import each file (read, never copied) as ``area``/``angle``; then show them."""
        for path in paths:
            command = ImportPhotoFile(self.client_id, Path(path), area, angle, **self.links)
            self._importing += 1
            self.session.mutate(
                self, work.import_file(command, self.session.store.blobs),
                work.photo_changes(self.client_id),
            ).success(lambda _info: self._imported()).failure(self._not_imported).run()  # fmt: skip

    def _imported(self) -> None:
        self._importing -= 1
        if self._importing == 0:
            self.reload()

    def _not_imported(self, err: BaseException) -> None:
        self._imported()
        show_failure(self, err, "Photo not added")

    def open_camera(self, area: str, angle: str) -> None:
        """Open the camera with the last photo of ``area``/``angle`` as its ghost."""
        call = work.open_ghost(self.client_id, area, angle, self.session.store.blobs)

        def ready(ghost: GhostPhoto | None) -> None:
            dialog = camera.CameraDialog(self, ghost.image if ghost else None)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.taken.connect(lambda data: self.save_shot(data, area, angle))
            dialog.open()

        self.session.query(self, call).success(ready).run()

    def save_shot(self, data: bytes, area: str, angle: str) -> None:
        command = SavePhoto(self.client_id, data, area, angle, **self.links)
        self.session.mutate(
            self, work.save_shot(command, self.session.store.blobs),
            work.photo_changes(self.client_id),
        ).success(lambda _info: self.reload()).run()  # fmt: skip

    # ---- the chosen photo ------------------------------------------------------------------

    def toggle_consent(self) -> None:
        photo_id = self.grid.current_id()
        shown = self.photo(photo_id)
        if photo_id is None or shown is None:
            return
        call = work.set_consent(photo_id, not shown.photo.marketing_consent)
        self.session.mutate(self, call, work.photo_changes(self.client_id)).success(
            lambda _info: self.reload()
        ).failure(self._not_done).run()

    def _not_done(self, err: BaseException) -> None:
        show_failure(self, err)
        self.reload()

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export photo", "photo.jpg", "JPEG (*.jpg)")
        if path:
            self.export_to(Path(path))

    def export_to(self, destination: Path) -> None:
        """Save the chosen photo to ``destination`` (the service audits it)."""
        photo_id = self.grid.current_id()
        if photo_id is not None:
            call = work.export_to(photo_id, destination, self.session.store.blobs)
            self.session.query(self, call).run()

    def confirm_delete(self) -> QDialog | None:
        photo_id = self.grid.current_id()
        if photo_id is None:
            return None
        text = "Delete this photo? It leaves the client's photos on every device."
        box = confirmation_box(self, "Delete photo", text, "Delete photo", danger=True)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        when_confirmed(box, lambda: self.delete(photo_id))
        box.open()
        return box

    def delete(self, photo_id: str) -> None:
        changes = work.photo_changes(self.client_id)
        self.session.mutate(self, work.delete(photo_id), changes).success(
            lambda _none: self.reload()
        ).run()

    # ---- comparing -------------------------------------------------------------------------

    def open_compare(self) -> CompareDialog | None:
        picked = [self.photo(i) for i in self.grid.ticked]
        photos = sorted((p.photo for p in picked if p is not None), key=lambda p: p.taken_at)
        if len(photos) != 2:
            return None
        dialog = CompareDialog(self, self.session, photos[0], photos[1])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "compare_dialog", None))
        dialog.resize(self.size())
        self.compare_dialog = dialog
        dialog.open()
        return dialog

    def showEvent(self, event: QShowEvent) -> None:
        if not event.spontaneous():
            parent = self.parentWidget()
            window = parent.window() if parent is not None else None
            screen_width = self.screen().availableGeometry().width()
            width = window.width() if window is not None else screen_width
            self.resize(min(width - 2 * SIDE_MARGIN_PX, WIDEST_PX), self.height())
            ResponsiveBox.arrange_within(self)
            self.resize(self.width(), height_limit(self))
        super().showEvent(event)


def open_photos(
    parent: QWidget | None, session: AppSession, client_id: str, **links: str | None
) -> PhotoDialog:
    """Open ``client_id``'s photos over ``parent`` (window modal). GUI thread."""
    dialog = PhotoDialog(parent, session, client_id, **links)  # type: ignore[arg-type]
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
