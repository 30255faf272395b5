"""Charting beside the chair, on a tablet (1280×800): a filler treatment charted with the
lot used and points tapped on the face, saved and signed with the practitioner's password
(stock taken off the lot); a missing required consent showing only its refusal; the front
desk seeing whether a visit is charted, never the chart."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from medspa_desktop.store.models import ChartVersion
from medspa_desktop.ui.charting.fields import ChoiceField, LotField
from medspa_desktop.ui.charting.injection_field import InjectionMapField

from .calendar_clinic import Schedule, set_up_schedule
from .charting_steps import (
    FillerClinic,
    open_chart_from_calendar,
    press_chart,
    set_up_fillers,
    tap_face,
)
from .conftest import STAFF_PASSWORD, wait_idle

TABLET = (1280, 800)


@pytest.fixture
def schedule(clinic) -> Schedule:
    return set_up_schedule(clinic)


@pytest.fixture
def fillers(schedule) -> FillerClinic:
    return set_up_fillers(schedule)


@pytest.fixture
def tablet(window):
    window.resize(*TABLET)
    return window


def test_chart_a_filler_treatment_with_lot_selection_and_face_map_points_then_sign_it(
    qtbot, tablet, clinic, fillers
):
    appointment = fillers.checked_in_filler()
    lee = clinic.log_in("lee")
    section = open_chart_from_calendar(qtbot, tablet, lee, fillers, appointment)
    dialog = press_chart(qtbot, section)
    assert dialog.header.warnings.isVisible()
    assert "Allergies: Lidocaine" in dialog.header.warnings.text.text()

    form = dialog.form
    syringes = form.fields["syringes"]
    assert isinstance(syringes, LotField)
    [row] = syringes.rows
    assert "Juvederm Ultra" in row.pick.text() and "JV-2201" in row.pick.text()
    assert "10 syringes on hand" in row.pick.text()
    row.pick.click()
    assert syringes.value() == [{"lot_id": fillers.lot, "quantity": 1}]

    points = form.fields["injection_points"]
    assert isinstance(points, InjectionMapField)
    form.reveal(points)
    tap_face(qtbot, points.face, 0.45, 0.70)
    points.set_units(0.5)
    tap_face(qtbot, points.face, 0.30, 0.55)
    points.units.quick[1].click()  # 0.2 mL
    assert [(p["area"], p["lot_id"], p["units"]) for p in points.points] == [
        ("Lips", fillers.lot, 0.5),
        ("Cheeks (right)", fillers.lot, 0.2),
    ]
    assert points.total.text() == "Total 0.7 mL in 2 points"
    assert points.table.rowCount() == 2
    assert points.table.item(0, 0).text() == "Lips"
    assert points.table.item(0, 1).text() == "Juvederm Ultra"

    tap_face(qtbot, points.face, 0.45, 0.70)  # tapping a point chooses it
    assert points.chosen == 0
    aftercare = form.fields["aftercare_given"]
    assert isinstance(aftercare, ChoiceField)
    aftercare.choose("Yes")

    dialog.save()
    qtbot.waitUntil(lambda: dialog.opened.view.current is not None, timeout=10_000)
    wait_idle(qtbot)
    assert dialog.header.state.text().startswith("Draft saved")

    dialog.header.sign.click()
    qtbot.waitUntil(lambda: dialog.prompt is not None)
    dialog.prompt.secret.setText("not my password")
    dialog.prompt.confirm.click()
    qtbot.waitUntil(lambda: dialog.prompt.error.isVisibleTo(dialog.prompt), timeout=10_000)
    assert "not right" in dialog.prompt.error.text()

    dialog.prompt.secret.setText(STAFF_PASSWORD)
    dialog.prompt.confirm.click()
    qtbot.waitUntil(lambda: dialog.opened.view.status == "signed", timeout=10_000)
    wait_idle(qtbot)

    assert dialog.header.state.text().startswith("Signed by Lee")
    assert dialog.header.addendum.isVisible() and not dialog.header.save.isVisible()
    assert not dialog.form.fields["syringes"].rows[0].pick.isEnabled()
    assert dialog.form.fields["injection_points"].face.read_only
    [chart] = fillers.charts()
    assert chart.status == "signed"
    [used] = fillers.movements("treatment")
    assert (used.lot_id, used.quantity) == (fillers.lot, -1)

    dialog.header.addendum.click()
    qtbot.waitUntil(lambda: dialog.prompt is not None)
    dialog.prompt.edit.setPlainText("Client called: mild swelling, as expected.")
    dialog.prompt.confirm.click()
    qtbot.waitUntil(lambda: bool(dialog.opened.view.addenda), timeout=10_000)
    wait_idle(qtbot)
    assert dialog.addenda.isVisible()


def test_a_missing_required_consent_blocks_the_chart_with_the_message(
    qtbot, tablet, clinic, fillers
):
    fillers.require_consent("Dermal filler consent")
    appointment = fillers.checked_in_filler()
    section = open_chart_from_calendar(qtbot, tablet, clinic.log_in("lee"), fillers, appointment)
    dialog = press_chart(qtbot, section)

    assert dialog.form is None
    assert "Dermal filler consent" in dialog.refusal.text()
    assert dialog.pages.currentWidget() is dialog.refusal
    assert not dialog.header.warnings.isVisible()
    assert not dialog.header.save.isVisible() and not dialog.header.sign.isVisible()
    assert fillers.charts() == []


def test_the_front_desk_sees_whether_a_visit_is_charted_but_no_chart(
    qtbot, tablet, clinic, fillers
):
    from medspa_desktop.domain.actor import Role

    clinic.add_staff("dana", Role.FRONT_DESK)
    appointment = fillers.checked_in_filler()
    section = open_chart_from_calendar(qtbot, tablet, clinic.log_in("dana"), fillers, appointment)

    entry = section.details.chart_entry
    assert not entry.chart_button.isVisible()
    qtbot.waitUntil(lambda: entry.charted.isVisible(), timeout=10_000)
    assert entry.charted.text() == "Not charted"


def test_closing_a_chart_with_changes_asks_first_and_saves_the_draft_if_wanted(
    qtbot, tablet, clinic, fillers
):
    appointment = fillers.checked_in_filler()
    section = open_chart_from_calendar(qtbot, tablet, clinic.log_in("lee"), fillers, appointment)
    dialog = press_chart(qtbot, section)
    syringes = dialog.form.fields["syringes"]
    syringes.rows[0].pick.click()  # a change not saved yet

    dialog.header.close_button.click()
    assert dialog.leaving is not None and dialog.leaving.isVisible()
    dialog.leaving.button(QMessageBox.StandardButton.Cancel).click()  # keep charting
    assert dialog.isVisible() and not dialog.leaving.isVisible()

    dialog.header.close_button.click()
    with qtbot.waitSignal(dialog.finished, timeout=10_000):  # saved, then closed
        dialog.leaving.button(QMessageBox.StandardButton.Save).click()
    wait_idle(qtbot)
    [chart] = fillers.charts()
    with clinic.store.session_factory() as session:
        [version] = session.scalars(
            select(ChartVersion).where(ChartVersion.chart_id == chart.id)
        ).all()
    assert version.body["syringes"] == [{"lot_id": fillers.lot, "quantity": 1}]
