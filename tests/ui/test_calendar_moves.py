"""Moving and resizing appointments by dragging them on the calendar: the availability check
decides before anything changes; a refused drop leaves the appointment where it was."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from medspa_desktop.domain.actor import Role
from medspa_desktop.services.resources import CreateRoom, create_room
from medspa_desktop.ui.calendar.prompts import RefusalDialog
from medspa_desktop.ui.calendar.toolbar import RESOURCES_DAY

from .calendar_clinic import Schedule, set_up_schedule
from .calendar_steps import card, card_point, drag, open_calendar, slot_point
from .conftest import wait_idle


@pytest.fixture
def schedule(clinic) -> Schedule:
    return set_up_schedule(clinic)


def test_dragging_a_card_to_another_practitioner_moves_it_in_the_store(
    qtbot, window, clinic, schedule
):
    moved = schedule.book(schedule.at(10), schedule.botox, "lee")
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    kim = schedule.staff["kim"]

    drag(qtbot, section.canvas, card_point(section, moved), slot_point(section, kim, 13 * 60))
    wait_idle(qtbot)

    stored = schedule.stored(moved)
    assert (stored.staff_id, stored.starts_at) == (kim, schedule.at(13))
    assert stored.ends_at == schedule.at(13, 30)  # the same length
    shown = card(section, moved)
    assert (shown.card.column, shown.card.start_minute) == (kim, 13 * 60)
    assert section.canvas.ghost is None


def test_dragging_the_bottom_edge_changes_the_length_snapped_to_the_grid(
    qtbot, window, clinic, schedule
):
    longer = schedule.book(schedule.at(10), schedule.botox, "lee")
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    grid = section.canvas.grid
    edge = card_point(section, longer, bottom=True)
    target = edge.__class__(edge.x(), int(grid.y_of(11 * 60 + 6)))  # 11:06: nearest is 11:00

    drag(qtbot, section.canvas, edge, target)
    wait_idle(qtbot)

    stored = schedule.stored(longer)
    assert (stored.starts_at, stored.ends_at) == (schedule.at(10), schedule.at(11))
    assert card(section, longer).card.end_minute == 11 * 60


def test_a_refused_drop_leaves_the_appointment_where_it_was(qtbot, window, clinic, schedule):
    stays = schedule.book(schedule.at(10), schedule.botox, "lee")
    schedule.book(schedule.at(13), schedule.botox, "kim", schedule.grace)
    clinic.add_staff("dana", Role.FRONT_DESK)
    section = open_calendar(qtbot, window, clinic.log_in("dana"), schedule)
    kim, lee = schedule.staff["kim"], schedule.staff["lee"]

    drag(qtbot, section.canvas, card_point(section, stays), slot_point(section, kim, 13 * 60))
    wait_idle(qtbot)

    stored = schedule.stored(stays)
    assert (stored.staff_id, stored.starts_at) == (lee, schedule.at(10))
    assert section.canvas.ghost is None  # snapped back
    assert card(section, stays).card.column == lee
    refusal = section.moves.refusal
    assert isinstance(refusal, RefusalDialog) and refusal.isVisible()
    assert "already has an appointment" in refusal.panel.banner.text.text()
    assert not refusal.panel.reason.isVisibleTo(refusal)  # the desk asks a manager
    refusal.reject()


def test_a_manager_moves_over_a_clash_with_a_reason(qtbot, window, clinic, schedule):
    moved = schedule.book(schedule.at(10), schedule.botox, "lee")
    schedule.book(schedule.at(13), schedule.botox, "kim", schedule.grace)
    clinic.add_staff("maria", Role.MANAGER)
    section = open_calendar(qtbot, window, clinic.log_in("maria"), schedule)
    kim = schedule.staff["kim"]
    drag(qtbot, section.canvas, card_point(section, moved), slot_point(section, kim, 13 * 60))
    wait_idle(qtbot)
    refusal = section.moves.refusal
    assert schedule.stored(moved).staff_id == schedule.staff["lee"]

    qtbot.keyClicks(refusal.panel.reason, "Kim sees both: same family")
    refusal.panel.go_ahead.click()
    wait_idle(qtbot)

    stored = schedule.stored(moved)
    assert (stored.staff_id, stored.starts_at) == (kim, schedule.at(13))
    assert not refusal.isVisible()


def test_in_the_week_view_a_card_moves_to_another_day(qtbot, window, clinic, schedule):
    moved = schedule.book(schedule.at(10), schedule.botox, "lee")
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    section.set_mode("week")
    section.set_week_staff(schedule.staff["lee"])
    wait_idle(qtbot)
    next_day = (schedule.day + dt.timedelta(days=1)).isoformat()
    if next_day not in section.canvas.grid.keys:  # the test day is a Sunday
        next_day = (schedule.day - dt.timedelta(days=1)).isoformat()

    drag(qtbot, section.canvas, card_point(section, moved), slot_point(section, next_day, 600))
    wait_idle(qtbot)

    stored = schedule.stored(moved)
    assert stored.starts_at.astimezone(schedule.at(10).tzinfo).date().isoformat() == next_day
    assert stored.staff_id == schedule.staff["lee"]


def test_in_the_rooms_view_a_card_dragged_to_another_room_moves_there(
    qtbot, window, clinic, schedule
):
    moved = schedule.book(schedule.at(10), schedule.laser, "kim")
    suite = schedule.stored(moved).room_id
    second = _add_room(clinic, "Laser suite 2", "laser")
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    section.set_mode(RESOURCES_DAY)
    wait_idle(qtbot)
    # chosen first: its details open beside the calendar, which narrows the columns
    qtbot.mouseClick(section.canvas, Qt.MouseButton.LeftButton, pos=_card_in(section, suite, moved))
    wait_idle(qtbot)

    start = _card_in(section, suite, moved)
    drag(qtbot, section.canvas, start, slot_point(section, second, 10 * 60))
    wait_idle(qtbot)

    stored = schedule.stored(moved)
    assert (stored.room_id, stored.starts_at) == (second, schedule.at(10))
    assert stored.machine_id is not None  # the laser goes with it
    grid = section.canvas.grid
    shown = {p.card.column for column in grid.placed.values() for p in column if p.card.id == moved}
    assert shown == {second, stored.machine_id}
    assert section.canvas.ghost is None


def test_in_the_rooms_view_a_room_of_the_wrong_kind_says_so_and_nothing_moves(
    qtbot, window, clinic, schedule
):
    moved = schedule.book(schedule.at(10), schedule.laser, "kim")
    suite = schedule.stored(moved).room_id
    treatment = _add_room(clinic, "Room 2", "treatment")
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    section.set_mode(RESOURCES_DAY)
    wait_idle(qtbot)
    qtbot.mouseClick(section.canvas, Qt.MouseButton.LeftButton, pos=_card_in(section, suite, moved))
    wait_idle(qtbot)

    start = _card_in(section, suite, moved)
    drag(qtbot, section.canvas, start, slot_point(section, treatment, 10 * 60))
    wait_idle(qtbot)

    assert schedule.stored(moved).room_id == suite
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
    assert box.text() == "Room 2 is a treatment room; Laser hair removal needs a laser room."
    assert section.canvas.ghost is None
    box.close()


def _add_room(clinic, name: str, kind: str) -> str:
    with clinic.store.uow() as uow:
        command = CreateRoom(clinic.location_id, name, kind)
        return create_room(command, uow=uow, actor=clinic.owner_session.actor).id


def _card_in(section, column_key: str, card_id: str) -> QPoint:
    """Where to grab ``card_id`` in the column ``column_key`` (a card shows in its room's
    column and its machine's)."""
    grid = section.canvas.grid
    placed = next(p for p in grid.placed[grid.keys.index(column_key)] if p.card.id == card_id)
    x, top, width, _ = grid.card_rect(placed)
    return QPoint(int(x + width / 2), int(top + 6))


def test_the_time_a_dragged_card_leaves_is_offered_to_the_waitlist(qtbot, window, clinic, schedule):
    moved = schedule.book(schedule.at(10), schedule.botox, "lee")
    schedule.wait_for(schedule.grace, schedule.botox, "lee")
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    lee = schedule.staff["lee"]
    # chosen first: its details open beside the calendar, which narrows the columns
    qtbot.mouseClick(section.canvas, Qt.MouseButton.LeftButton, pos=card_point(section, moved))
    wait_idle(qtbot)

    drag(qtbot, section.canvas, card_point(section, moved), slot_point(section, lee, 15 * 60))
    wait_idle(qtbot)

    assert schedule.stored(moved).starts_at == schedule.at(15)
    offer = section.waitlist.offer
    assert offer is not None and offer.isVisible()
    (text,) = [offer.list.item(n).text() for n in range(offer.list.count())]
    assert "Grace Hopper" in text
    offer.reject()
