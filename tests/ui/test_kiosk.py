"""Kiosk mode on a tablet (1280×800): the client reads and signs their missing consent with
a finger (here the mouse) and fills in their intake questionnaire; the signature is kept and
the consent becomes valid; nobody leaves kiosk mode without a staff PIN."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent

from medspa_desktop.ui.kiosk.consent_page import ConsentPage
from medspa_desktop.ui.kiosk.intake_page import IntakePage
from medspa_desktop.ui.kiosk.look import PAD_MIN_PX
from medspa_desktop.ui.kiosk.window import THANKS

from .calendar_clinic import set_up_schedule
from .conftest import wait_idle
from .kiosk_steps import KioskVisit, leave_with_pin, open_kiosk_for, set_up_visit, sign_with_mouse


@pytest.fixture
def visit(clinic) -> KioskVisit:
    return set_up_visit(set_up_schedule(clinic))


def test_capture_a_consent_signature_in_kiosk_mode(qtbot, visit):
    assert visit.consent_state() == "missing"
    kiosk = open_kiosk_for(qtbot, visit)
    assert kiosk.heading.text() == "Welcome, Ada"
    kiosk.start_button.click()

    page = kiosk.pages.currentWidget()
    assert isinstance(page, ConsentPage)
    assert page.preview.title == "Botox consent"
    assert "I, Ada" in page.wording.text() and "<b>Botox</b>" in page.wording.text()
    assert page.printed_name.text() == page.preview.client_name
    assert page.pad.canvas.height() >= PAD_MIN_PX
    assert page.pad.canvas.width() >= kiosk.width() - 100
    assert not page.sign.isEnabled()

    sign_with_mouse(qtbot, page.pad.canvas)
    assert page.sign.isEnabled()
    page.sign.click()
    qtbot.waitUntil(lambda: kiosk.pages.currentWidget() is not page, timeout=20_000)
    wait_idle(qtbot)

    [signed] = visit.signed()
    assert signed.client_id == visit.client
    assert signed.printed_name == page.preview.client_name
    assert visit.consent_state() == "valid"
    assert isinstance(kiosk.pages.currentWidget(), IntakePage)


def test_i_agree_and_sign_is_disabled_on_an_empty_pad_and_after_clear(qtbot, visit):
    kiosk = open_kiosk_for(qtbot, visit)
    kiosk.start_button.click()
    page = kiosk.pages.currentWidget()
    assert not page.sign.isEnabled() and "sign in the white box" in page.hint.text()
    sign_with_mouse(qtbot, page.pad.canvas)
    page.clear.click()
    assert page.pad.is_empty() and not page.sign.isEnabled()
    sign_with_mouse(qtbot, page.pad.canvas)
    page.printed_name.setText("  ")
    assert not page.sign.isEnabled()


def test_an_intake_form_submitted_from_kiosk_is_stored(qtbot, visit):
    assert visit.intake_states() == ["missing"]
    kiosk = open_kiosk_for(qtbot, visit)
    page = kiosk.form_pages[1]
    assert isinstance(page, IntakePage)
    kiosk._show_form(1)
    answers = page.answers
    assert set(answers["pregnant"].buttons) == {True, False}
    assert answers["pregnant"].buttons[True].height() >= 60

    page.submit.click()  # nothing answered: the required questions say so
    assert page.errors["pregnant"].isVisible() and page.errors["skin_type"].isVisible()
    assert not page.errors["allergies"].isVisible()
    assert "2 questions" in page.summary.text()
    assert visit.intake_states() == ["missing"]

    qtbot.mouseClick(answers["pregnant"].buttons[False], Qt.MouseButton.LeftButton)
    answers["skin_type"].set_value("III")
    answers["allergies"].text.setText("Lidocaine")
    answers["last_peel"].set_value("2024-03-15")
    page.submit.click()
    qtbot.waitUntil(lambda: kiosk.heading.text() == THANKS, timeout=10_000)
    wait_idle(qtbot)
    assert visit.intake_states() == ["needs_review"]


def test_esc_and_closing_stay_in_kiosk_and_a_wrong_pin_too(qtbot, visit):
    kiosk = open_kiosk_for(qtbot, visit)
    qtbot.keyClick(kiosk, Qt.Key.Key_Escape)
    kiosk.close()
    event = QCloseEvent()
    kiosk.closeEvent(event)
    assert not event.isAccepted()
    assert kiosk.isVisible()

    owner = visit.clinic.owner_session.actor.staff_id
    leave_with_pin(qtbot, kiosk, owner, "1111")
    assert kiosk.isVisible() and not kiosk.leaving_allowed
    assert "not right" in kiosk.staff_exit.error.text()
    kiosk.staff_exit.back_button.click()
    assert kiosk.pages.currentWidget() is kiosk.message


def test_the_right_staff_pin_leaves_kiosk_without_logging_anyone_in(qtbot, visit):
    kiosk = open_kiosk_for(qtbot, visit)
    before = kiosk.session.staff
    owner = visit.clinic.owner_session.actor.staff_id
    with qtbot.waitSignal(kiosk.released, timeout=10_000) as left:
        leave_with_pin(qtbot, kiosk, owner, "2468")
    assert left.args == ["Olivia Owner"]
    assert not kiosk.isVisible()
    assert kiosk.session.staff is before


def test_only_staff_with_a_pin_are_offered_the_way_out(qtbot, visit):
    kiosk = open_kiosk_for(qtbot, visit)
    kiosk.staff_button.click()
    wait_idle(qtbot)
    people = kiosk.staff_exit.panel.people
    names = [people.item(row).text().split("\n")[0] for row in range(people.count())]
    assert names == ["Olivia Owner"]  # lee, kim and ray have no PIN
