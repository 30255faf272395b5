"""At 1280×800 in tablet mode dialogs fit the window and field errors are never cut off."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from medspa_desktop.domain.actor import Role
from medspa_desktop.ui.dialogs import DIALOG_MARGIN_PX
from medspa_desktop.ui.settings.locations import LocationDialog
from medspa_desktop.ui.style import apply_style

from .conftest import enter, wait_idle
from .test_clients import open_first_match, show_clients

TABLET = (1280, 800)
UNDER_DEMO_BANNER = (1280, 769)
SMALLEST_WINDOW = (1024, 640)


@pytest.fixture
def tablet(qapp):
    """Tablet mode (larger type, 44 px touch targets) for one test, then the look before."""
    previous = (qapp.styleSheet(), qapp.font(), qapp.property("tablet"))
    apply_style(qapp, tablet=True)
    yield
    qapp.setStyleSheet(previous[0])
    qapp.setFont(previous[1])
    qapp.setProperty("tablet", previous[2])


def test_location_dialog_fits_a_tablet_window_and_scrolls_its_fields(qtbot, tablet, window, clinic):
    clinic.add_staff("marcus", Role.MANAGER)
    window.resize(*TABLET)
    enter(qtbot, window, clinic.log_in("marcus"))
    window.show_section("settings")
    wait_idle(qtbot)
    page = window.work.section("settings").pages["Locations"]
    page.edit()
    dialog = page.findChild(LocationDialog)
    qtbot.waitExposed(dialog)
    wait_idle(qtbot)

    assert dialog.height() <= TABLET[1] - 2 * DIALOG_MARGIN_PX
    assert dialog.body.verticalScrollBar().maximum() > 0  # the fields scroll ...
    assert dialog.save_button.isVisible()  # ... while Save stays in view
    dialog.reject()


@pytest.mark.parametrize("size", [TABLET, UNDER_DEMO_BANNER, SMALLEST_WINDOW])
def test_a_long_field_error_on_the_client_form_shows_every_line(
    qtbot, tablet, window, clinic, size
):
    clinic.add_client("Olivia", "Smith", phone="212-555-0101")
    window.resize(*size)
    enter(qtbot, window, clinic.owner_session)
    section = show_clients(qtbot, window)
    open_first_match(qtbot, section, "olivia")
    section.edit_client()
    form = section.form

    form.inputs.phone.setText("555-01")
    form.inputs.email.setText("client@@example")
    form.save()
    wait_idle(qtbot)
    QApplication.processEvents()

    for field in ("phone", "email"):
        error = form.errors.error_label(field)
        assert form.errors.message(field)
        assert error.height() >= error.heightForWidth(error.width())
        assert not cut_off(error, inside=form.body.widget())


def cut_off(widget, *, inside) -> bool:
    """Whether a parent of ``widget`` below ``inside`` clips part of it (the scroll area's
    content itself may be taller than the screen: scrolling shows the rest)."""
    rect = widget.rect()
    child = widget
    while child is not inside:
        rect = rect.translated(child.pos())
        child = child.parentWidget()
        if not child.rect().contains(rect):
            return True
    return False
