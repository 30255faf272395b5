"""First run: no account exists; the wizard creates the clinic and its owner."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard

from medspa_desktop.services import auth, setup, workplace
from medspa_desktop.ui.app import AppController, Opened

from .conftest import wait_idle

PASSWORD = "amber meadow lantern"


def fill_wizard(qtbot, wizard) -> None:
    qtbot.keyClicks(wizard.clinic.name, "Willow Skin Clinic")
    wizard.clinic.country.setCurrentIndex(wizard.clinic.country.findData("GB"))
    wizard.clinic.currency.setCurrentIndex(wizard.clinic.currency.findData("GBP"))
    wizard.next()
    qtbot.keyClicks(wizard.location.name, "Chelsea")
    picker = wizard.location.time_zone
    qtbot.waitUntil(lambda: picker.list.model().rowCount() > 100, timeout=10_000)
    qtbot.keyClicks(picker.search, "london")
    picker.list.setCurrentIndex(picker.list.model().index(0, 0))
    wizard.next()
    owner = wizard.owner
    qtbot.keyClicks(owner.display_name, "Amara Owens")
    qtbot.keyClicks(owner.username, "amara")
    qtbot.keyClicks(owner.passwords.password, PASSWORD)
    qtbot.keyClicks(owner.passwords.repeat, PASSWORD)
    qtbot.keyClicks(owner.pin, "1357")


def test_a_fresh_install_has_no_account_and_shows_the_wizard(qtbot, store, tmp_path):
    with store.uow() as uow:
        assert setup.is_first_run(uow=uow)
    controller = AppController(tmp_path, demo=False)
    controller.opened(Opened(store, first_run=True))
    qtbot.addWidget(controller.wizard)
    wait_idle(qtbot)

    assert controller.window is None
    assert controller.wizard.isVisible()


def test_wizard_creates_clinic_location_and_owner_and_lands_on_main_window(qtbot, store, tmp_path):
    controller = AppController(tmp_path, demo=False)
    controller.opened(Opened(store, first_run=True))
    wizard = controller.wizard
    qtbot.addWidget(wizard)
    wait_idle(qtbot)
    fill_wizard(qtbot, wizard)
    assert wizard.owner.isComplete()

    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: controller.window is not None, timeout=10_000)
    window = controller.window
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    wait_idle(qtbot)

    assert window.status.user.text() == "Logged in: Amara Owens"
    assert window.status.role.text() == "Role: Owner"
    assert window.status.location.text() == "Location: Chelsea"
    with store.uow() as uow:
        session = auth.log_in(auth.LogIn("amara", PASSWORD), uow=uow)
        place = workplace.current_workplace(uow=uow, actor=session.actor)
    assert (place.organisation, place.location) == ("Willow Skin Clinic", "Chelsea")
    assert (place.currency, place.default_country) == ("GBP", "GB")


def test_owner_page_refuses_a_common_password_as_it_is_typed(qtbot, store, tmp_path):
    controller = AppController(tmp_path, demo=False)
    controller.opened(Opened(store, first_run=True))
    wizard = controller.wizard
    qtbot.addWidget(wizard)
    wait_idle(qtbot)
    owner = wizard.owner

    qtbot.keyClicks(owner.display_name, "Amara Owens")
    qtbot.keyClicks(owner.username, "amara")
    qtbot.keyClicks(owner.passwords.password, "password123")
    qtbot.keyClicks(owner.passwords.repeat, "password123")

    assert not owner.isComplete()
    assert "commonly used" in owner.passwords.feedback.text()
