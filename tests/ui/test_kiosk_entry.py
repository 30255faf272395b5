"""The way into kiosk mode: the chart screen of a visit whose required consent is missing
offers "Consent & intake (kiosk)…"; once the client signed there and staff left kiosk mode
with a PIN, the chart opens."""

from __future__ import annotations

from sqlalchemy import select

from medspa_desktop.domain import appointment_status as st
from medspa_desktop.services.appointment_life import ChangeStatus, change_status
from medspa_desktop.store.models import SignedConsent
from medspa_desktop.ui.charting.dialog import ChartDialog
from medspa_desktop.ui.kiosk.window import KioskWindow
from medspa_desktop.ui.session import AppSession

from .calendar_clinic import set_up_schedule
from .conftest import wait_idle
from .kiosk_steps import TABLET, leave_with_pin, set_up_visit, sign_with_mouse


def test_a_refused_chart_offers_kiosk_mode_and_opens_once_the_client_signed_witnessed(
    qtbot, clinic
):
    visit = set_up_visit(set_up_schedule(clinic))
    with clinic.store.uow() as uow:
        command = ChangeStatus(visit.appointment, st.CHECKED_IN)
        change_status(command, uow=uow, actor=clinic.owner_session.actor)
    session = AppSession(clinic.store)
    session.staff = clinic.log_in("lee")
    dialog = ChartDialog(None, session, visit.appointment)
    qtbot.addWidget(dialog)
    dialog.resize(*TABLET)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.refusal.text() != "", timeout=10_000)
    wait_idle(qtbot)
    assert dialog.header.kiosk.isVisible() and dialog.header.witness.isVisible()

    dialog.header.witness.setChecked(True)
    dialog.header.kiosk.click()
    [kiosk] = dialog.findChildren(KioskWindow)
    qtbot.waitUntil(lambda: kiosk.forms is not None, timeout=10_000)
    kiosk.start_button.click()
    page = kiosk.form_pages[0]
    sign_with_mouse(qtbot, page.pad.canvas)
    page.sign.click()
    qtbot.waitUntil(lambda: kiosk.pages.currentWidget() is not page, timeout=20_000)
    wait_idle(qtbot)

    leave_with_pin(qtbot, kiosk, clinic.owner_session.actor.staff_id, "2468")
    qtbot.waitUntil(lambda: dialog.form is not None, timeout=10_000)
    wait_idle(qtbot)
    assert dialog.header.kiosk.isVisible()  # the intake form is still to fill in
    with clinic.store.session_factory() as db:
        [signed] = db.scalars(select(SignedConsent)).all()
    assert signed.witness_staff_id == session.actor.staff_id
