"""Photos from the chart beside the chair: the practitioner charting a visit opens the
client's photos from the chart's header (new photos are linked to that chart); the front
desk never sees the entry."""

from __future__ import annotations

import pytest

from medspa_desktop.domain.actor import Role
from medspa_desktop.ui.charting.dialog import ChartDialog
from medspa_desktop.ui.photos.dialog import PhotoDialog

from .calendar_clinic import set_up_schedule
from .charting_steps import open_chart_from_calendar, press_chart, set_up_fillers
from .conftest import wait_idle
from .photos_steps import TABLET, chosen_file, import_files, session_of, stored_photos


@pytest.fixture
def fillers(clinic):
    return set_up_fillers(set_up_schedule(clinic))


def test_the_practitioner_opens_the_clients_photos_from_the_chart(
    qtbot, window, clinic, fillers, tmp_path
):
    window.resize(*TABLET)
    appointment = fillers.checked_in_filler()
    section = open_chart_from_calendar(qtbot, window, clinic.log_in("lee"), fillers, appointment)
    chart = press_chart(qtbot, section)
    assert chart.header.photos.isVisible()

    chart.header.photos.click()
    photos = chart.findChild(PhotoDialog)
    assert photos is not None
    qtbot.waitUntil(lambda: photos.gallery is not None, timeout=10_000)
    assert photos.pages.currentWidget() is photos.empty
    assert photos.add.isVisible() and not photos.detail.delete.isVisible()  # managers delete
    import_files(qtbot, photos, [chosen_file(tmp_path / "c", "lips.jpg", "#884455")], "lips",
                 "front")  # fmt: skip
    [photo] = stored_photos(clinic.store)
    assert (photo.chart_id, photo.appointment_id) == (chart.opened.view.chart_id, appointment)
    photos.reject()
    wait_idle(qtbot)


def test_the_front_desk_has_no_photos_entry_in_the_chart(qtbot, clinic, fillers):
    clinic.add_staff("dana", Role.FRONT_DESK)
    appointment = fillers.checked_in_filler()
    dana = session_of(clinic, clinic.log_in("dana"))
    chart = ChartDialog(None, dana, appointment)
    qtbot.addWidget(chart)
    chart.show()
    qtbot.waitUntil(lambda: chart.refusal.text() != "", timeout=10_000)
    wait_idle(qtbot)
    assert not chart.header.photos.isVisible()
    assert chart.show_photos() is None
