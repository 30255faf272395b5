"""The Sync panel: double bookings listed with what they overlap, resolved by keeping or
moving one; the resolution reaches the other device through a real server process."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from PySide6.QtWidgets import QMessageBox
from sync.helpers import all_rows, pending_count, record
from sync.server import Server

from medspa_desktop.domain.actor import Role
from medspa_desktop.domain.ids import new_id
from medspa_desktop.jobs.sync_plan import SyncPlan
from medspa_desktop.store.database import open_store
from medspa_desktop.store.models import Appointment, Client, ServiceCategory, ServiceItem
from medspa_desktop.sync.engine import sync_once
from medspa_desktop.sync.enrolment import enrol
from medspa_desktop.ui.sync_conflicts import MoveDialog
from medspa_desktop.ui.sync_panel import SyncDialog

from .conftest import enter, wait_idle

NINE = dt.datetime(2030, 6, 3, 13, 0, tzinfo=dt.UTC)  # 09:00 in New York
HOUR = dt.timedelta(hours=1)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("sync-server"), database_url="")
    running.start()
    yield running
    running.stop()


class Clinic:
    """What bookings need, recorded on ``store`` with outbox mutations (so they sync)."""

    def __init__(self, clinic) -> None:
        self.clinic = clinic
        org = {"org_id": clinic.org_id}
        store = clinic.store
        self.client = record(store, Client, first_name="Maya", last_name="Chen", **org)
        self.other = record(store, Client, first_name="Leo", last_name="Park", **org)
        category = record(store, ServiceCategory, code="laser", name="Laser", **org)
        self.service = record(
            store, ServiceItem, category_id=category, name="Laser facial",
            duration_minutes=60, price_minor=30_000, **org,
        )  # fmt: skip

    def book(self, store, start: dt.datetime, client_id: str) -> str:
        return record(
            store, Appointment, org_id=self.clinic.org_id, location_id=self.clinic.location_id,
            client_id=client_id, staff_id=self.clinic.owner_session.actor.staff_id,
            service_id=self.service, visit_id=new_id(), starts_at=start, ends_at=start + HOUR,
        )  # fmt: skip


def statuses(store) -> dict[str, str]:
    return {row.id: row.status for row in all_rows(store, Appointment)}


def open_panel(qtbot, window, session):
    enter(qtbot, window, session)
    dialog = window.open_sync_panel()
    qtbot.addWidget(dialog)
    wait_idle(qtbot)
    return dialog.panel


def confirm(qtbot, panel) -> None:
    (box,) = [b for b in panel.findChildren(QMessageBox) if b.isVisible()]
    accept = next(
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
    )
    accept.click()
    wait_idle(qtbot)


@pytest.mark.slow
def test_keeping_the_later_booking_cancels_the_first_and_the_other_device_gets_both(
    qtbot, window, clinic, server, memory_keyring, tmp_path
):
    a = clinic.store
    server.create_org(org_id=clinic.org_id)
    enrol(a, server.url, server.enrol_code(clinic.org_id), "Front desk")
    b = open_store(tmp_path / "b", key=secrets.token_bytes(32))
    try:
        enrol(b, server.url, server.enrol_code(clinic.org_id), "Treatment room")
        shop = Clinic(clinic)
        assert sync_once(a).ok and sync_once(b).ok
        first = shop.book(a, NINE, shop.client)
        later = shop.book(b, NINE + HOUR / 2, shop.other)  # booked offline on the other device
        assert sync_once(a).ok and sync_once(b).conflicts == 1 and sync_once(a).ok
        assert statuses(a) == {first: "booked", later: "conflict"}

        window.sync.start(plan=SyncPlan(interval_s=3600, debounce_s=0.1))
        panel = open_panel(qtbot, window, clinic.owner_session)
        qtbot.waitUntil(lambda: len(panel.list.cards) == 1, timeout=10_000)
        (card,) = panel.list.cards
        assert [row.booking.id for row in card.rows] == [later, first]
        assert "Leo Park" in card.rows[0].findChildren(type(panel.problem))[0].text()

        card.rows[0].keep_button.click()
        confirm(qtbot, panel)

        qtbot.waitUntil(lambda: not panel.list.cards, timeout=10_000)
        assert statuses(a) == {first: "cancelled", later: "booked"}
        qtbot.waitUntil(lambda: pending_count(a) == 0, timeout=15_000)
        assert sync_once(b).ok
        assert statuses(b) == {first: "cancelled", later: "booked"}
    finally:
        window.sync.stop()
        qtbot.wait(50)  # the worker's last reports, queued to this thread, arrive
        wait_idle(qtbot)  # and the reloads they asked for end
        b.close()


def test_a_move_onto_another_booking_is_refused_in_the_dialog_then_a_free_time_saves(
    qtbot, window, clinic
):
    shop = Clinic(clinic)
    first = shop.book(clinic.store, NINE, shop.client)
    later = shop.book(clinic.store, NINE + HOUR / 2, shop.other)
    with clinic.store.uow() as uow:
        uow.session.get(Appointment, later).status = "conflict"
        uow.commit()
    panel = open_panel(qtbot, window, clinic.owner_session)
    (card,) = panel.list.cards

    card.rows[0].move_button.click()
    (dialog,) = panel.findChildren(MoveDialog)
    assert (
        dialog.start.dateTime().time().hour() == 9 and dialog.start.dateTime().time().minute() == 30
    )
    dialog.start.setTime(dialog.start.time().addSecs(-30 * 60))  # 9:00, over the first booking
    dialog.move_button.click()
    wait_idle(qtbot)
    assert dialog.isVisible()
    assert "overlaps Maya Chen's Laser facial (09:00–10:00)" in dialog.errors.message("new_start")

    dialog.start.setTime(dialog.start.time().addSecs(2 * 3600))  # 11:00 is free
    dialog.move_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    wait_idle(qtbot)

    with clinic.store.session_factory() as session:
        moved = session.get(Appointment, later)
        assert (moved.status, moved.starts_at) == ("booked", NINE + 2 * HOUR)
    assert statuses(clinic.store)[first] == "booked"
    assert not panel.list.cards


def test_a_practitioner_sees_the_conflict_but_no_way_to_resolve_it(qtbot, window, clinic):
    shop = Clinic(clinic)
    shop.book(clinic.store, NINE, shop.client)
    later = shop.book(clinic.store, NINE + HOUR / 2, shop.other)
    with clinic.store.uow() as uow:
        uow.session.get(Appointment, later).status = "conflict"
        uow.commit()
    clinic.add_staff("sofia", Role.PRACTITIONER)

    panel = open_panel(qtbot, window, clinic.log_in("sofia"))

    (card,) = panel.list.cards
    assert not any(
        row.keep_button.isVisible() or row.cancel_button.isVisible() for row in card.rows
    )
    assert isinstance(panel.window(), SyncDialog)
