"""Clinical photos on a tablet (1280×800): photos imported from files show as thumbnails
newest first and filter by angle; two picked photos compare side by side and under a
divider the finger drags; marketing consent is recorded per photo; and no plaintext image
reaches the data directory along the way."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, Qt

from medspa_desktop.services.photo_gallery import gallery
from medspa_desktop.ui.photos.detail import CONSENT_ON
from medspa_desktop.ui.photos.look import THUMB_PX

from .conftest import wait_idle
from .photos_steps import chosen_file, import_files, open_gallery, session_of, stored_photos


@pytest.fixture
def ada(clinic) -> str:
    return clinic.add_client("Ada", "Lovelace")


@pytest.fixture
def owner(clinic):
    return session_of(clinic, clinic.owner_session)


@pytest.fixture
def two_photos(qtbot, owner, ada, tmp_path):
    """The gallery with a front photo imported first and a left one after it."""
    dialog = open_gallery(qtbot, owner, ada)
    chosen = tmp_path / "chosen"
    import_files(qtbot, dialog, [chosen_file(chosen, "before.jpg", "#35607a")], "face", "front")
    import_files(qtbot, dialog, [chosen_file(chosen, "after.jpg", "#7a3550")], "Face", "left")
    return dialog


def test_imported_photos_show_as_thumbnails_newest_first_and_filter_by_angle(two_photos):
    grid = two_photos.grid
    assert grid.count() == 2
    assert [grid.item(row).text().splitlines()[0] for row in range(2)] == [
        "Face · left",
        "Face · front",
    ]
    assert all(not grid.item(row).icon().isNull() for row in range(2))

    two_photos.angle_filter.choose("front")
    assert grid.count() == 1
    assert grid.item(0).text().startswith("Face · front")
    two_photos.angle_filter.choose("right")
    assert two_photos.pages.currentWidget() is two_photos.empty
    two_photos.angle_filter.choose(None)
    assert grid.count() == 2


def test_a_photo_whose_file_has_not_arrived_shows_a_tile_that_says_so(
    qtbot, two_photos, owner, ada, clinic
):
    first = stored_photos(clinic.store)[0]
    clinic.store.blobs.delete(first.thumb_sha256)  # as on a device its file has not reached

    dialog = open_gallery(qtbot, owner, ada)
    arriving = dialog.grid.item(1)  # the older photo, listed second
    dialog.grid.setCurrentItem(arriving)
    wait_idle(qtbot)

    assert arriving.icon().pixmap(THUMB_PX).toImage().pixelColor(2, 2).name() == "#e9edf0"
    assert "arrives with the next sync" in dialog.detail.preview.text()
    assert not dialog.grid.item(0).icon().isNull()


def test_two_photos_compare_side_by_side_and_dragging_the_divider_reveals_more(qtbot, two_photos):
    assert not two_photos.compare.isEnabled()
    for shown in two_photos.gallery.photos:
        two_photos.grid.tick(shown.photo.id)
    assert two_photos.compare.isEnabled()
    two_photos.compare.click()
    compare = two_photos.compare_dialog
    qtbot.waitUntil(compare.loaded, timeout=10_000)
    wait_idle(qtbot)
    assert all(not pane.picture.isNull() for pane in compare.panes)
    assert compare.before.angle == "front" and compare.after.angle == "left"

    compare.view.choose("slider")
    slider = compare.slider
    assert compare.pages.currentWidget() is slider and slider.split == 0.5
    frame = slider.frame()
    at = QPoint(int(frame.left() + frame.width() * 0.25), int(frame.center().y()))
    with qtbot.waitSignal(slider.split_changed):
        qtbot.mousePress(slider, Qt.MouseButton.LeftButton, pos=at)
    assert slider.split == pytest.approx(0.25, abs=0.01)
    assert slider.divider_x() == pytest.approx(at.x(), abs=1)
    compare.reject()


def test_marketing_consent_is_recorded_for_the_chosen_photo(qtbot, two_photos, clinic):
    detail = two_photos.detail
    two_photos.grid.setCurrentRow(1)  # the front photo, taken first
    assert detail.consent.isVisible() and not detail.consent.isChecked()
    detail.consent.click()
    qtbot.waitUntil(lambda: detail.consent.text() == CONSENT_ON, timeout=10_000)
    wait_idle(qtbot)
    first, second = stored_photos(clinic.store)
    assert (first.angle, first.marketing_consent) == ("front", True)
    assert second.marketing_consent is False


def test_no_plaintext_image_reaches_the_data_directory_in_the_photo_screens(
    qtbot, owner, ada, tmp_path, clinic
):
    from tests.integration.services.test_photo_plaintext import plaintext_images

    since = time.time() - 1
    dialog = open_gallery(qtbot, owner, ada)
    chosen = tmp_path / "chosen"
    files = [chosen_file(chosen, f"{n}.jpg", colour) for n, colour in enumerate(("red", "blue"))]
    import_files(qtbot, dialog, files, "lips", "front")
    for shown in dialog.gallery.photos:
        dialog.grid.tick(shown.photo.id)
    dialog.open_compare()
    qtbot.waitUntil(dialog.compare_dialog.loaded, timeout=10_000)
    wait_idle(qtbot)
    dialog.compare_dialog.reject()

    data_dir = clinic.store.data_dir
    assert tmp_path / "chosen" not in data_dir.parents
    assert plaintext_images([data_dir], since, skip=set()) == []
    assert len(plaintext_images([tmp_path], since, skip=set())) == 2  # the test's own files


def test_a_manager_may_export_and_delete_but_a_practitioner_not_booked_with_the_client_sees_none(
    qtbot, clinic, ada, tmp_path
):
    from medspa_desktop.domain.actor import Role

    clinic.add_staff("lee", Role.PRACTITIONER)
    manager = session_of(clinic, clinic.owner_session)
    dialog = open_gallery(qtbot, manager, ada)
    import_files(qtbot, dialog, [chosen_file(tmp_path / "c", "a.jpg", "teal")], "face", "front")
    dialog.grid.setCurrentRow(0)
    assert dialog.detail.delete.isVisible() and dialog.detail.export.isVisible()
    dialog.close()

    lee = session_of(clinic, clinic.log_in("lee"))
    refused = open_gallery(qtbot, lee, ada)  # not booked with Ada: the service refuses
    assert refused.pages.currentWidget() is refused.refusal
    assert "clients they treat" in refused.refusal.text()
    assert not refused.add.isVisible() and not refused.detail.delete.isVisible()


def test_the_front_desk_is_refused_the_photos(qtbot, clinic, ada):
    from medspa_desktop.domain.actor import Role
    from medspa_desktop.services.errors import PermissionDenied

    clinic.add_staff("dana", Role.FRONT_DESK)
    dana = session_of(clinic, clinic.log_in("dana"))
    with clinic.store.uow() as uow, pytest.raises(PermissionDenied):
        gallery(ada, uow=uow, actor=dana.actor, blobs=clinic.store.blobs)
    dialog = open_gallery(qtbot, dana, ada)
    assert dialog.pages.currentWidget() is dialog.refusal
    assert not dialog.add.isVisible() and not dialog.take.isVisible()
