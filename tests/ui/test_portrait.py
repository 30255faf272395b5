"""A tablet held upright (800×1280, tablet mode): the window takes that size, the navigation
becomes a rail of icons, the calendar's toolbar and the chosen appointment fit, a filler
chart fits with its face diagram usable, the kiosk consent shows the whole signature box,
the Clients and Settings sections and the status bar fit, and turning the tablet back to
landscape (1280×800) puts the panes side by side again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QToolButton, QWidget

from medspa_desktop.domain.actor import Role
from medspa_desktop.services import service_menu
from medspa_desktop.ui.kiosk.consent_page import ConsentPage
from medspa_desktop.ui.kiosk.intake_page import IntakePage
from medspa_desktop.ui.nav import RAIL_PX, WIDE_PX
from medspa_desktop.ui.style import TOUCH_TARGET_PX

from .calendar_clinic import set_up_schedule
from .calendar_steps import card_point, open_calendar
from .charting_steps import open_chart_from_calendar, press_chart, set_up_fillers, tap_face
from .conftest import enter, wait_idle
from .kiosk_steps import BODY, open_kiosk_for, set_up_visit
from .test_clients import open_first_match, show_clients
from .test_sync_status import status as sync_status
from .test_tablet_fit import tablet  # noqa: F401  (the fixture, used by every test here)

pytestmark = pytest.mark.usefixtures("tablet")

UPRIGHT = (800, 1280)
LANDSCAPE = (1280, 800)
LONG_WORDING = "\n\n".join([BODY] * 12)
LEFT = Qt.MouseButton.LeftButton


def settle(qtbot) -> None:
    wait_idle(qtbot)
    for _ in range(5):
        QApplication.processEvents()


def place_in(widget: QWidget, container: QWidget) -> QRect:
    return QRect(widget.mapTo(container, QPoint(0, 0)), widget.size())


def fits(widget: QWidget, container: QWidget) -> bool:
    """Shown, whole (not squeezed below its smallest size, give or take the 2 px a focus
    frame adds) and inside ``container``."""
    smallest = widget.minimumSizeHint() - QSize(2, 2)
    whole = widget.width() >= smallest.width() and widget.height() >= smallest.height()
    inside = container.rect().contains(place_in(widget, container))
    return widget.isVisibleTo(container) and whole and inside


def shown_children(parent: QWidget) -> list[QWidget]:
    return [w for w in parent.findChildren(QWidget) if w.isVisibleTo(parent) and w.width()]


def sticking_out(root: QWidget, window: QWidget) -> list[QWidget]:
    """The widgets of ``root`` whose right edge is beyond ``window``'s (cut off there)."""
    return [w for w in shown_children(root) if place_in(w, window).right() >= window.width()]


def fits_its_width(section: QWidget, window: QWidget) -> bool:
    """Not squeezed below its smallest width and nothing of it beyond the window."""
    smallest = section.minimumSizeHint().width()
    return smallest <= min(section.width(), UPRIGHT[0]) and not sticking_out(section, window)


@pytest.fixture
def upright(qtbot, window):
    window.resize(*UPRIGHT)
    settle(qtbot)
    return window


def test_the_window_takes_an_upright_tablet_and_the_navigation_becomes_an_icon_rail(
    qtbot, upright, clinic
):
    open_calendar(qtbot, upright, clinic.owner_session, set_up_schedule(clinic))
    settle(qtbot)

    assert (upright.width(), upright.height()) == UPRIGHT
    nav = upright.nav
    assert nav.width() == RAIL_PX
    assert not nav.title.isVisible()
    for button in [*nav.buttons.values(), nav.lock]:
        if button.isVisibleTo(nav):
            assert fits(button, nav)
            assert button.height() >= TOUCH_TARGET_PX
            assert button.accessibleName() and button.toolTip()  # named without its words
    assert place_in(upright.work, upright).right() < upright.width()


def test_the_calendar_toolbar_fits_upright_and_the_chosen_visit_goes_under_the_day(
    qtbot, upright, clinic
):
    schedule = set_up_schedule(clinic)
    visit = schedule.book(schedule.at(10), schedule.botox, "lee")
    section = open_calendar(qtbot, upright, clinic.owner_session, schedule)
    bar = section.toolbar
    for widget in shown_children(bar):
        assert fits(widget, bar), widget
    assert fits(bar, section)

    qtbot.mouseClick(section.canvas, LEFT, pos=card_point(section, visit))
    settle(qtbot)
    details, board = section.details, section.board
    assert details.isVisible()
    assert place_in(details, section).top() >= place_in(board, section).bottom()
    assert details.width() == board.width()  # as wide as the day above it
    for button in (details.status_button, details.again_button):
        assert fits(button, details)

    upright.resize(*LANDSCAPE)
    settle(qtbot)
    assert upright.nav.width() == WIDE_PX and upright.nav.title.isVisible()
    assert place_in(details, section).left() > place_in(board, section).right()
    assert place_in(details, section).top() == place_in(board, section).top()


def test_a_filler_chart_fits_upright_and_a_tap_on_its_face_places_a_point(qtbot, upright, clinic):
    fillers = set_up_fillers(set_up_schedule(clinic))
    appointment = fillers.checked_in_filler()
    section = open_chart_from_calendar(qtbot, upright, clinic.log_in("lee"), fillers, appointment)
    dialog = press_chart(qtbot, section)
    settle(qtbot)

    assert dialog.width() <= upright.width()
    header = dialog.header
    for button in (header.save, header.sign, header.close_button):
        assert fits(button, dialog)
    points = dialog.form.fields["injection_points"]
    assert points.parts.stacked  # the point's editor under the face, not squeezed beside it
    assert place_in(points.point_title, points).top() > place_in(points.face, points).bottom()
    dialog.form.reveal(points.face)
    settle(qtbot)
    viewport = dialog.form.viewport()
    assert viewport.rect().intersects(place_in(points.face, viewport))
    assert points.face.width() >= points.face.minimumWidth()

    tap_face(qtbot, points.face, 0.45, 0.70)
    assert [p["area"] for p in points.points] == ["Lips"]
    assert points.total.text().endswith("in 1 point")


def test_the_kiosk_consent_shows_the_whole_signature_box_upright_and_its_wording_scrolls(
    qtbot, clinic
):
    visit = set_up_visit(set_up_schedule(clinic), body=LONG_WORDING)
    kiosk = open_kiosk_for(qtbot, visit, size=UPRIGHT)
    kiosk.start_button.click()
    settle(qtbot)

    assert kiosk.width() == UPRIGHT[0]
    page = kiosk.pages.currentWidget()
    assert isinstance(page, ConsentPage)
    for widget in (page.pad, page.pad.canvas, page.printed_name, page.clear, page.sign):
        assert fits(widget, kiosk), widget
    assert page.pad.canvas.width() >= kiosk.width() - 100
    bar = page.scroll.verticalScrollBar()
    assert bar.maximum() > 0  # the long wording scrolls, the box stays in view
    bar.setValue(bar.maximum())
    assert fits(page.pad.canvas, kiosk)


def test_the_log_in_screen_stacks_upright_and_goes_back_side_by_side_in_landscape(qtbot, upright):
    login = upright.login
    assert login.ways.stacked
    pad = login.pin_panel.pad
    assert place_in(login.pin_panel, login).top() > place_in(login.password, login).bottom()
    for widget in (login.username, login.password, login.log_in_button, pad, pad.ok):
        assert fits(widget, login), widget

    upright.resize(*LANDSCAPE)
    settle(qtbot)
    assert not login.ways.stacked
    assert place_in(login.pin_panel, login).left() > place_in(login.password, login).right()


def test_the_intake_choices_wrap_onto_more_rows_upright_so_every_answer_shows(qtbot, clinic):
    visit = set_up_visit(set_up_schedule(clinic))
    kiosk = open_kiosk_for(qtbot, visit, size=UPRIGHT)
    intake = next(p for p in kiosk.form_pages if isinstance(p, IntakePage))
    kiosk.pages.setCurrentWidget(intake)
    settle(qtbot)

    skin_type = intake.answers["skin_type"]
    content = intake.scroll.widget()
    assert content.width() <= intake.scroll.viewport().width()  # nothing hidden sideways
    for choice in skin_type.buttons.values():
        assert fits(choice, content), choice.text()
    rows = {place_in(choice, skin_type).top() for choice in skin_type.buttons.values()}
    assert len(rows) > 1  # four big answers do not fit one row upright

    kiosk.resize(*LANDSCAPE)
    settle(qtbot)
    rows = {place_in(choice, skin_type).top() for choice in skin_type.buttons.values()}
    assert len(rows) == 1


def test_the_clients_list_profile_tabs_and_form_fit_upright_with_the_form_cards_stacked(
    qtbot, upright, clinic
):
    clinic.add_client("Olivia", "Smith", phone="212-555-0101")
    enter(qtbot, upright, clinic.owner_session)
    section = show_clients(qtbot, upright)
    settle(qtbot)
    assert fits_its_width(section, upright)

    open_first_match(qtbot, section, "olivia")
    record = section.profile.record
    for index in range(record.count()):
        record.setCurrentIndex(index)
        settle(qtbot)
        assert fits_its_width(section, upright), record.tabText(index)

    section.edit_client()
    settle(qtbot)
    form = section.form
    assert fits_its_width(section, upright)
    assert form.cards.stacked  # the safety card under the contact card, neither squeezed
    contact, care = (form.cards.box.itemAt(i).widget() for i in range(2))
    assert place_in(care, form.cards).top() > place_in(contact, form.cards).bottom()
    for widget in (form.save_button, form.cancel_button, form.title, form.inputs.consent_sms):
        assert fits(widget, upright), widget

    upright.resize(*LANDSCAPE)
    settle(qtbot)
    assert not form.cards.stacked
    assert place_in(care, form.cards).left() > place_in(contact, form.cards).right()


def test_every_settings_page_fits_upright_and_the_staff_buttons_show_their_whole_text(
    qtbot, upright, clinic
):
    clinic.add_staff("marcus", Role.MANAGER)
    add_a_long_named_laser_service(clinic)
    enter(qtbot, upright, clinic.log_in("marcus"))
    upright.show_section("settings")
    settings = upright.work.section("settings")
    for title in settings.pages:
        settings.show_page(title)
        settle(qtbot)
        assert fits_its_width(settings, upright), title

    arrows = [b for b in settings.tabs.tabBar().findChildren(QToolButton) if b.isVisible()]
    assert arrows  # nine tabs do not fit upright: the tab bar scrolls ...
    for arrow in arrows:
        assert arrow.width() >= TOUCH_TARGET_PX  # ... with arrows a finger can press

    staff_page = settings.pages["Staff"]
    settings.show_page("Staff")
    settle(qtbot)
    buttons = [staff_page.add_staff_button, staff_page.role_button, staff_page.password_button,
               staff_page.pin_button, staff_page.active_button]  # fmt: skip
    for button in buttons:
        assert fits(button, upright), button.text()
        assert button.width() >= button.sizeHint().width(), button.text()  # the whole text
    assert len({place_in(b, staff_page).top() for b in buttons}) > 1  # wrapped onto two rows

    settings.show_page("Service menu")
    settle(qtbot)
    menu = settings.pages["Service menu"]
    assert menu.body.stacked
    assert place_in(menu.services, menu).top() > place_in(menu.categories, menu).bottom()
    services = menu.services
    assert services.rowCount() == 1
    assert services.columnWidth(0) >= services.sizeHintForColumn(0)  # the whole name ...
    assert services.horizontalScrollBar().maximum() > 0  # ... and the rest scrolls sideways


def add_a_long_named_laser_service(clinic) -> None:
    with clinic.store.uow() as uow:
        category = service_menu.create_service_category(
            service_menu.CreateServiceCategory("laser", "Laser"),
            uow=uow,
            actor=clinic.owner_session.actor,
        )
    with clinic.store.uow() as uow:
        service_menu.create_service(
            service_menu.CreateService(
                category.id, "Laser hair removal, full legs and bikini line", 90, 45_000,
                buffer_after_minutes=15, required_machine_kind="laser",
            ),
            uow=uow,
            actor=clinic.owner_session.actor,
        )  # fmt: skip


def test_the_status_bar_shortens_its_words_upright_and_never_holds_the_window_wide(
    qtbot, upright, clinic
):
    clinic.add_staff("marcus", Role.MANAGER)
    enter(qtbot, upright, clinic.log_in("marcus"))
    bar = upright.status
    bar.show_sync(sync_status(conflicts=1, pending=3, last_error="The server is busy"))
    settle(qtbot)

    full = bar.sync.button.accessibleName()
    assert "double booking" in full and "waiting" in full
    assert bar.minimumSizeHint().width() <= upright.minimumWidth()
    assert not sticking_out(bar, upright)
    for widget in (bar.user, bar.sync.button):
        assert widget.isVisible() and place_in(widget, bar).right() < bar.width()
        assert widget.width() >= widget.sizeHint().width(), widget  # shortened, not cut off
    shown = bar.sync.button.text()
    assert shown != full and shown.startswith("Sync: online")
    assert "1 double booking" in shown  # what the front desk must act on stays
    assert bar.user.text() == "Marcus Manager"
    assert "Role: Manager" in bar.user.toolTip()

    upright.resize(1366, 768)
    settle(qtbot)
    assert bar.sync.button.text() == full
    assert bar.user.text() == "Logged in: Marcus Manager"
    assert bar.role.text() == "Role: Manager"
