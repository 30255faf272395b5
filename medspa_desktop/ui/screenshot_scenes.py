"""The scenes ``render_screenshots`` walks through, in the order a working day meets them."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QWidget

from medspa_desktop.domain.actor import Role
from medspa_desktop.services import auth
from medspa_desktop.services.demo_clinic import DemoSummary
from medspa_desktop.store.database import Store
from medspa_desktop.ui.calendar.screenshot_calendar import calendar_scenes
from medspa_desktop.ui.charting.screenshot_charting import charting_scenes
from medspa_desktop.ui.checkout.screenshot_checkout import checkout_scenes, payments_owner_scene
from medspa_desktop.ui.clients.screenshot_record import record_scenes
from medspa_desktop.ui.demo_hints import demo_hints, demo_manager
from medspa_desktop.ui.dialogs import FittedDialog, fit_dialog
from medspa_desktop.ui.kiosk.screenshot_kiosk import kiosk_scenes
from medspa_desktop.ui.main_window import MainWindow
from medspa_desktop.ui.nav import SECTIONS
from medspa_desktop.ui.photos.screenshot_photos import photos_scenes
from medspa_desktop.ui.screenshot_sync import sync_scenes
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.settings.locations import LocationDialog
from medspa_desktop.ui.settings.menu_dialogs import ServiceDialog
from medspa_desktop.ui.settings.payment_readers import AddReaderDialog
from medspa_desktop.ui.settings.resources import ResourceDialog
from medspa_desktop.ui.settings.screenshot_templates import template_scenes
from medspa_desktop.ui.settings.staff_dialogs import NewStaffDialog
from medspa_desktop.ui.shooter import Shooter, blank_page
from medspa_desktop.ui.shortcuts import ShortcutHelp
from medspa_desktop.ui.wizard import FirstRunWizard

log = logging.getLogger(__name__)


def over(shot: Shooter, name: str, window: QWidget, dialog: QWidget) -> None:
    """Show ``dialog``, picture it over ``window``, close it."""
    dialog.show()
    shot.settle()
    # Grown to fit text set after it was shown, as a window manager would; a fitted dialog
    # keeps its own limit (adjustSize would stop it at two thirds of the offscreen screen).
    if isinstance(dialog, FittedDialog):
        fit_dialog(dialog)
    else:
        dialog.adjustSize()
    shot.shoot(name, window, dialog)
    dialog.close()
    dialog.deleteLater()


def render_all(
    shot: Shooter, store: Store, *, first_run: bool, summary: DemoSummary | None
) -> None:
    session = AppSession(store)
    wizard_scenes(shot, session)
    window = MainWindow(session, demo_hints(summary) if store.demo else None)
    window.resize(shot.size)
    window.show()
    try:
        login_scenes(shot, window)
        if first_run or not store.demo:
            log.info("No demo log-in for this folder: only the screens before log-in are shown")
            return
        username, password = demo_manager(summary)
        with store.uow() as uow:
            window.start_session(auth.log_in(auth.LogIn(username, password), uow=uow))
        shot.settle()
        section_scenes(shot, window)
        calendar_scenes(shot, window, over)
        checkout_scenes(shot, window)
        charting_scenes(shot, window)
        photos_scenes(shot, window)
        kiosk_scenes(shot, window)
        client_scenes(shot, window)
        record_scenes(shot, window)
        settings_scenes(shot, window)
        template_scenes(shot, window)
        sync_scenes(shot, window, over)
        over(shot, "shortcut-help", window, ShortcutHelp(window))
        payments_owner_scene(shot, window)
        window.lock()
        shot.shoot("lock-screen", window)
    finally:
        window.close()
        window.deleteLater()
        shot.settle()


def wizard_scenes(shot: Shooter, session: AppSession) -> None:
    backdrop = blank_page(shot.size)
    backdrop.show()
    wizard = FirstRunWizard(session)
    wizard.show()
    wizard.clinic.name.setText("Willow Skin Clinic")
    shot.shoot("wizard-1-clinic", backdrop, wizard, dim=False)
    wizard.next()
    wizard.location.name.setText("Downtown")
    shot.settle()
    wizard.location.time_zone.search.setText("new york")
    shot.shoot("wizard-2-location", backdrop, wizard, dim=False)
    wizard.next()
    owner = wizard.owner
    owner.display_name.setText("Amara Owens")
    owner.username.setText("amara")
    owner.passwords.password.setText("password123")
    shot.shoot("wizard-3-owner-weak-password", backdrop, wizard, dim=False)
    owner.passwords.password.setText("amber meadow lantern")
    owner.passwords.repeat.setText("amber meadow lantern")
    shot.shoot("wizard-3-owner-ready", backdrop, wizard, dim=False)
    wizard.close()
    wizard.deleteLater()
    backdrop.deleteLater()


def login_scenes(shot: Shooter, window: MainWindow) -> None:
    login = window.login
    shot.shoot("login", window)
    login.username.setText("sam")  # nobody: the same answer a wrong password gets
    login.password.setText("not the password")
    login.log_in_button.click()
    shot.shoot("login-wrong-password", window)
    login.show_login(window.session.organisation_name)
    shot.settle()
    people = login.pin_panel.people
    if people.count():
        people.setCurrentRow(0)
        for digit in "12":
            login.pin_panel.pad.press(digit)
        shot.shoot("login-pin-pad", window)
    login.pin_panel.reset()


def section_scenes(shot: Shooter, window: MainWindow) -> None:
    for section in SECTIONS:
        if window.work is not None and window.work.has_section(section.key):
            window.show_section(section.key)
            shot.shoot(f"section-{section.key}", window)


def client_scenes(shot: Shooter, window: MainWindow) -> None:
    window.show_section("clients")
    section = window.work.clients() if window.work else None
    if section is None:
        return
    page = section.list_page
    page.search.setText("ol")
    page.finder.now("ol")
    shot.shoot("clients-search-results", window)
    rows = [page.model.row_at(i) for i in range(page.model.rowCount())]
    chosen = next((r for r in rows if r.summary.has_medical_alerts), rows[0] if rows else None)
    if chosen is None:
        return
    section.open_client(chosen.id)
    shot.shoot("client-profile", window)
    section.edit_client()
    form = section.form
    form.inputs.phone.setText("555-01")
    form.inputs.email.setText("client@@example")
    form.save()
    shot.shoot("client-edit-validation-errors", window)
    over(shot, "confirm-discard-changes", window, form.discard_box())
    form.discard()
    section.new_client()
    shot.shoot("client-new", window)
    form.discard()
    section.find()


def settings_scenes(shot: Shooter, window: MainWindow) -> None:
    if window.work is None or not window.work.has_section("settings"):
        return
    window.show_section("settings")
    settings = window.work.section("settings")
    session = window.session
    for title, page in settings.pages.items():
        settings.show_page(title)
        shot.shoot(f"settings-{title.lower().replace(' ', '-')}", window)
        dialog = _settings_dialog(title, page, session)
        if dialog is not None:
            over(shot, f"settings-{title.lower().replace(' ', '-')}-dialog", window, dialog)
    staff_page = settings.pages.get("Staff")
    people = getattr(staff_page, "people", {})
    desk = next((p for p in people.values() if p.role is Role.FRONT_DESK and p.active), None)
    if staff_page is not None and desk is not None:
        over(shot, "confirm-disable-staff", window, staff_page.disable_box(desk))


def _settings_dialog(title: str, page: QWidget, session: AppSession) -> QWidget | None:
    if title == "Locations" and page.records:
        return LocationDialog(page, session, next(iter(page.records.values())))
    if title == "Staff":
        dialog = NewStaffDialog(page, session)
        dialog.display_name.setText("Jordan Lee")
        dialog.username.setText("jordan")
        dialog.passwords.password.setText("jordan")
        return dialog
    if title == "Payments" and page.location.currentData():
        dialog = AddReaderDialog(page, session, page.location.currentData(), page.source)
        dialog.label.setText("Treatment room reader")
        dialog.how.setCurrentIndex(1)
        return dialog
    if title == "Service menu" and page.menu.services:
        return ServiceDialog(page, session, list(page.menu.categories), page.menu.services[0])
    machine = (
        page.machines.get(page.machine_table.selected_id() or "")
        if title == "Rooms and machines"
        else None
    )
    if machine is not None:
        return ResourceDialog(page, session, page.places, machine, machine=True)
    return None
