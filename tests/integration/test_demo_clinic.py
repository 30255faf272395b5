"""The demo clinic a new user opens first: complete, consistent, and the same every time."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from argon2 import Type
from argon2.profiles import Parameters
from sqlalchemy import func, select, text

from medspa_desktop.services import credentials
from medspa_desktop.services.demo_clinic import create_demo_clinic
from medspa_desktop.services.errors import RuleViolation
from medspa_desktop.store.database import open_store
from medspa_desktop.store.models import (
    Appointment,
    AppointmentStatusChange,
    Base,
    GiftCardLedger,
    InventoryMovement,
    Location,
    Payment,
    Staff,
    Ticket,
    TicketLine,
)

TODAY = dt.date(2026, 3, 2)
CHEAP = Parameters(
    type=Type.ID, version=19, salt_len=16, hash_len=32, time_cost=1, memory_cost=64, parallelism=1
)
DEVICE_LOCAL = {"audit_entry", "blob_ref", "local_setting", "login_attempt", "payment_attempt"}
DEVICE_LOCAL |= {"sync_outbox", "sync_state"}
SALTED = {"password_hash", "pin_hash"}
"""Argon2 salts every hash afresh, so these are the only columns two builds may differ in."""


def _build(path, *, seed=1, clients=200, years=1, today=TODAY):
    store = open_store(path, key=secrets.token_bytes(32))
    with credentials.hashing_parameters(CHEAP):
        summary = create_demo_clinic(store, seed=seed, today=today, clients=clients, years=years)
    return store, summary


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store, summary = _build(tmp_path_factory.mktemp("demo") / "data")
    yield store, summary
    store.close()


def _scalar(store, statement):
    with store.uow() as uow:
        return uow.session.scalar(statement)


def _rows(store, sql: str) -> list:
    with store.engine.connect() as conn:
        return list(conn.execute(text(sql)))


def _contents(store) -> dict[str, list[tuple]]:
    contents = {}
    with store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name in DEVICE_LOCAL:
                continue
            columns = [c for c in table.columns if c.name not in SALTED]
            contents[table.name] = list(conn.execute(select(*columns).order_by(table.c.id)))
    return contents


def test_staff_cover_every_role_and_can_log_in_with_the_listed_secrets(demo):
    store, summary = demo
    with store.uow() as uow:
        staff = uow.session.scalars(select(Staff)).all()
        roles = Counter(s.role for s in staff)
        hashes = {s.username: (s.password_hash, s.pin_hash) for s in staff}
    assert roles == {"owner": 1, "manager": 2, "practitioner": 5, "front_desk": 4}
    pins = [login.pin for login in summary.logins]
    assert len(set(pins)) == 12 and all(len(p) == 4 and p.isdigit() for p in pins)
    assert {login.username for login in summary.logins} == set(hashes)
    with credentials.hashing_parameters(CHEAP):
        for login in summary.logins:
            password_hash, pin_hash = hashes[login.username]
            assert credentials.verify_password(password_hash, summary.password).ok
            assert credentials.verify_pin(pin_hash, login.pin).ok
        assert not credentials.verify_pin(hashes["olivia"][1], "0000").ok


def test_device_settings_point_at_the_demo_organisation_and_first_location(demo):
    store, summary = demo
    assert store.local_setting("org_id") == summary.org_id
    assert store.local_setting("location_id") == summary.location_ids[0]


def test_every_appointment_references_rows_that_exist(demo):
    store, _ = demo
    dangling = _rows(
        store,
        """SELECT a.id FROM appointment a
           LEFT JOIN client c ON c.id = a.client_id LEFT JOIN staff s ON s.id = a.staff_id
           LEFT JOIN service_item i ON i.id = a.service_id
           LEFT JOIN location l ON l.id = a.location_id
           LEFT JOIN room r ON r.id = a.room_id
           LEFT JOIN machine m ON m.id = a.machine_id
           WHERE c.id IS NULL OR s.id IS NULL OR i.id IS NULL OR l.id IS NULL OR r.id IS NULL
              OR (a.machine_id IS NOT NULL AND m.id IS NULL)""",
    )
    assert _scalar(store, select(func.count()).select_from(Appointment)) > 300
    assert dangling == []
    assert _rows(store, "PRAGMA foreign_key_check") == []


def test_appointment_history_starts_empty_and_ends_in_the_current_status(demo):
    store, _ = demo
    with store.uow() as uow:
        changes = uow.session.execute(
            select(AppointmentStatusChange).order_by(
                AppointmentStatusChange.appointment_id, AppointmentStatusChange.at
            )
        ).scalars()
        history: dict[str, list[tuple[str, str]]] = {}
        for change in changes:
            history.setdefault(change.appointment_id, []).append(
                (change.from_status, change.to_status)
            )
        statuses = dict(uow.session.execute(select(Appointment.id, Appointment.status)).all())
    assert set(history) == set(statuses)
    for appointment_id, steps in history.items():
        assert steps[0][0] == ""
        assert [s[0] for s in steps[1:]] == [s[1] for s in steps[:-1]]
        assert steps[-1][1] == statuses[appointment_id]
    assert {"completed", "cancelled", "no_show", "booked", "confirmed"} <= set(statuses.values())


def test_completed_visits_are_on_closed_tickets_whose_payments_equal_the_total(demo):
    store, _ = demo
    with store.uow() as uow:
        session = uow.session
        completed = set(
            session.scalars(select(Appointment.id).where(Appointment.status == "completed"))
        )
        charged = set(
            session.scalars(
                select(TicketLine.appointment_id).join(Ticket).where(Ticket.status == "closed")
            )
        )
        paid = dict(
            session.execute(
                select(Payment.ticket_id, func.sum(Payment.amount_minor)).group_by(
                    Payment.ticket_id
                )
            ).all()
        )
        lines = dict(
            session.execute(
                select(TicketLine.ticket_id, func.sum(TicketLine.total_minor)).group_by(
                    TicketLine.ticket_id
                )
            ).all()
        )
        tickets = session.scalars(select(Ticket)).all()
        assert completed and completed == charged - {None}
        for t in tickets:
            assert paid[t.id] == t.total_minor, t.number
            assert t.total_minor == t.subtotal_minor - t.discount_minor + t.tax_minor + t.tip_minor
            assert lines[t.id] + t.tip_minor == t.total_minor
        assert len({t.number for t in tickets}) == len(tickets)


def test_payments_use_card_cash_and_gift_cards_with_card_details_only_on_cards(demo):
    store, _ = demo
    with store.uow() as uow:
        payments = uow.session.execute(
            select(Payment.tender, Payment.card_brand, Payment.card_last4, Payment.gift_card_id)
        ).all()
    assert {"card", "cash", "gift_card"} <= {tender for tender, *_ in payments}
    for tender, brand, last4, gift_card_id in payments:
        card = tender == "card"
        assert (len(last4) == 4) is card and bool(brand) is card
        assert (gift_card_id is not None) is (tender == "gift_card")


def test_gift_card_balances_and_stock_on_hand_never_go_negative(demo):
    store, _ = demo
    with store.uow() as uow:
        balances = uow.session.execute(
            select(GiftCardLedger.gift_card_id, func.sum(GiftCardLedger.amount_minor)).group_by(
                GiftCardLedger.gift_card_id
            )
        ).all()
        stock = uow.session.execute(
            select(InventoryMovement.lot_id, func.sum(InventoryMovement.quantity)).group_by(
                InventoryMovement.lot_id
            )
        ).all()
    assert balances and all(balance >= 0 for _, balance in balances)
    assert stock and all(quantity >= 0 for _, quantity in stock)


def test_no_practitioner_room_or_machine_is_booked_twice_at_once(demo):
    store, _ = demo
    for column in ("staff_id", "room_id", "machine_id"):
        overlaps = _rows(
            store,
            f"""SELECT a.id, b.id FROM appointment a JOIN appointment b
                ON a.{column} = b.{column} AND a.id < b.id
               AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
               WHERE a.status NOT IN ('cancelled', 'no_show')
                 AND b.status NOT IN ('cancelled', 'no_show')""",
        )
        assert overlaps == [], column


def test_the_calendar_has_bookings_today_at_every_location(demo):
    store, _ = demo
    with store.uow() as uow:
        zones = dict(uow.session.execute(select(Location.id, Location.time_zone)).all())
        upcoming = uow.session.execute(
            select(Appointment.location_id, Appointment.starts_at, Appointment.status)
        ).all()
    today = Counter(
        location
        for location, starts_at, status in upcoming
        if starts_at.astimezone(ZoneInfo(zones[location])).date() == TODAY
    )
    assert set(today) == set(zones)
    later = {s for _, starts_at, s in upcoming if starts_at.date() > TODAY}
    assert later and later <= {"booked", "confirmed", "requested"}


def test_the_same_seed_and_day_build_identical_clinics(demo, tmp_path):
    store, summary = demo
    again, again_summary = _build(tmp_path / "again")
    other, _ = _build(tmp_path / "other", seed=2)
    try:
        assert _contents(again) == _contents(store)
        assert again_summary.counts == summary.counts
        assert _contents(other)["client"] != _contents(store)["client"]
    finally:
        again.close()
        other.close()


def test_a_folder_that_already_holds_a_clinic_is_refused(demo):
    store, _ = demo
    with pytest.raises(RuleViolation, match="already holds a clinic"):
        create_demo_clinic(store, today=TODAY, clients=200, years=1)


@pytest.mark.slow
def test_full_size_demo_has_five_thousand_clients_and_two_years_of_visits(tmp_path):
    store, summary = _build(tmp_path / "full", clients=5000, years=2)
    try:
        first = _scalar(store, select(func.min(Appointment.starts_at)))
        last = _scalar(store, select(func.max(Appointment.starts_at)))
    finally:
        store.close()
    assert summary.counts["client"] == 5000
    assert summary.counts["staff"] == 12
    assert summary.counts["appointment"] > 15000
    assert first.date() <= TODAY - dt.timedelta(days=720)
    assert last.date() >= TODAY + dt.timedelta(days=14)
