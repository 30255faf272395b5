"""A clinic for the robustness tests and the changes its staff make on each device.

Devices are demo data directories: the database key and the device token live in files next
to the database, so separate desktop processes open them without an OS keyring. The clinic is
set up through the real first-run service on the first device; every change is made as a
service makes it, in a unit of work that writes the outbox in the same transaction (the
clients service, or ``sync.helpers.record``/``edit`` for records whose service does not exist
yet).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sync.helpers import edit, record, set_up

from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.ids import new_id
from medspa_desktop.services.clients import CreateClient, UpdateClient, create_client, update_client
from medspa_desktop.store.database import Store, open_store
from medspa_desktop.store.models import (
    Appointment,
    Chart,
    ChartVersion,
    Client,
    Location,
    Payment,
    Room,
    ServiceCategory,
    ServiceItem,
    Staff,
    Ticket,
)
from medspa_desktop.sync.enrolment import enrol
from medspa_server.admin import issue_enrol_code
from medspa_server.db import Database

DAY = dt.datetime(2031, 3, 4, 14, 0, tzinfo=dt.UTC)
"""The day every test appointment is booked on (slots of 30 minutes from 14:00 UTC)."""
CLIENT_FIELDS = ("preferred_name", "notes", "referral_source", "pronouns", "address")
"""Client profile fields the tests edit (free text, so any value is valid)."""


@dataclass(frozen=True)
class Clinic:
    org_id: str
    location_id: str
    owner: Actor
    service_id: str
    staff_ids: tuple[str, ...]
    room_ids: tuple[str, ...]

    def actor_on(self, store: Store) -> Actor:
        """The owner, working on ``store``'s device."""
        return replace(self.owner, device_id=store.device_id)


@contextmanager
def device(data_dir: Path) -> Iterator[Store]:
    """The demo data directory ``data_dir`` opened (created if new), closed afterwards."""
    store = open_store(data_dir, demo=True)
    try:
        yield store
    finally:
        store.close()


def found_clinic(store: Store) -> Clinic:
    """Set the clinic up on ``store`` through the first-run service, with a service, a second
    practitioner and two rooms; everything waits in the outbox."""
    base = set_up(store)
    org = {"org_id": base.org_id}
    category = record(store, ServiceCategory, **org, code="laser", name="Laser")
    service = record(
        store,
        ServiceItem,
        **org,
        category_id=category,
        name="Laser facial",
        duration_minutes=60,
        price_minor=30_000,
    )
    second = record(
        store, Staff, **org, username="priya", display_name="Priya Patel", role="practitioner"
    )
    rooms = tuple(
        record(store, Room, **org, location_id=base.location_id, name=f"Room {n}") for n in (1, 2)
    )
    staff = (base.owner.staff_id, second)
    return Clinic(base.org_id, base.location_id, base.owner, service, staff, rooms)


def join(store: Store, server_url: str, database: Database, org_id: str, name: str) -> None:
    """Enrol ``store``'s device with the organisation, with a fresh one-time code (issued by
    what ``medspa-server enrol-code`` runs, in this process: a command start costs a second)."""
    enrol(store, server_url, issue_enrol_code(database, org_id).code, name)


def holds_clinic(store: Store, clinic: Clinic) -> bool:
    """The device has the clinic's location, service, practitioners and rooms (a device
    whose first sync ran before the first device had uploaded them does not, yet)."""
    with store.session_factory() as session:
        needed = [
            (Location, clinic.location_id),
            (ServiceItem, clinic.service_id),
            *((Staff, staff_id) for staff_id in clinic.staff_ids),
            *((Room, room_id) for room_id in clinic.room_ids),
        ]
        return all(session.get(model, row_id) is not None for model, row_id in needed)


def ids_of(store: Store, model: type) -> list[str]:
    with store.session_factory() as session:
        return list(session.scalars(select(model.id).order_by(model.id)))


def new_client(store: Store, clinic: Clinic, first: str, last: str) -> str:
    with store.uow() as uow:
        cmd = CreateClient(first_name=first, last_name=last)
        return create_client(cmd, uow=uow, actor=clinic.actor_on(store)).id


def edit_client(store: Store, clinic: Clinic, client_id: str, field: str, value: str) -> None:
    with store.uow() as uow:
        cmd = UpdateClient(client_id=client_id, **{field: value})
        update_client(cmd, uow=uow, actor=clinic.actor_on(store))


def book(
    store: Store,
    clinic: Clinic,
    client_id: str,
    *,
    slot: int,
    minutes: int,
    staff: int,
    room: int | None,
) -> str:
    """An appointment starting ``slot`` half hours into ``DAY``, booked offline (so it may
    overlap another booking the device has not seen)."""
    starts_at = DAY + dt.timedelta(minutes=30 * slot)
    return record(
        store,
        Appointment,
        org_id=clinic.org_id,
        location_id=clinic.location_id,
        client_id=client_id,
        staff_id=clinic.staff_ids[staff],
        service_id=clinic.service_id,
        room_id=None if room is None else clinic.room_ids[room],
        visit_id=new_id(),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=minutes),
    )


def note_on_appointment(store: Store, appointment_id: str, text: str) -> None:
    edit(store, Appointment, appointment_id, notes=text)


def open_ticket(store: Store, clinic: Clinic, number: str) -> str:
    return record(
        store, Ticket, org_id=clinic.org_id, location_id=clinic.location_id, number=number
    )


def take_payment(store: Store, clinic: Clinic, ticket_id: str, amount_minor: int) -> str:
    return record(
        store,
        Payment,
        org_id=clinic.org_id,
        ticket_id=ticket_id,
        tender="cash",
        amount_minor=amount_minor,
    )


def start_chart(store: Store, clinic: Clinic, client_id: str) -> str:
    return record(
        store,
        Chart,
        org_id=clinic.org_id,
        client_id=client_id,
        staff_id=clinic.owner.staff_id,
        template_code="laser",
    )


def write_chart(store: Store, clinic: Clinic, chart_id: str, text: str) -> str:
    """A new version of the chart after the one this device shows (an addendum once it knows
    the chart is signed); two devices writing offline make siblings."""
    with store.session_factory() as session:
        chart = session.get(Chart, chart_id)
        signed, parent = chart.status == "signed", chart.current_version_id
    body = {"notes": text}
    version = record(
        store,
        ChartVersion,
        org_id=clinic.org_id,
        chart_id=chart_id,
        parent_version_id=parent,
        body=body,
        author_id=clinic.owner.staff_id,
        kind="addendum" if signed else "version",
        content_hash=hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest(),
    )
    if not signed:
        edit(store, Chart, chart_id, current_version_id=version)
    return version


def sign_chart(store: Store, clinic: Clinic, chart_id: str) -> None:
    now = dt.datetime.now(dt.UTC)
    edit(store, Chart, chart_id, status="signed", signed_at=now, signed_by=clinic.owner.staff_id)


def random_changes(store: Store, clinic: Clinic, rng: random.Random, count: int) -> None:
    """``count`` changes of every kind the clinic makes, chosen by ``rng``: clients created
    and edited, bookings (overlaps included), tickets and payments, chart versions."""
    clients, charts = ids_of(store, Client), ids_of(store, Chart)
    tickets = ids_of(store, Ticket)
    for n in range(count):
        kind = rng.choice(("client", "edit", "edit", "book", "pay", "pay", "chart"))
        if kind == "client" or not clients:
            clients.append(new_client(store, clinic, f"Client{n}", rng.choice(("Chen", "Park"))))
        elif kind == "edit":
            field = rng.choice(CLIENT_FIELDS)
            edit_client(store, clinic, rng.choice(clients), field, f"{field} {rng.random():.6f}")
        elif kind == "book":
            book(
                store,
                clinic,
                rng.choice(clients),
                slot=rng.randrange(40),
                minutes=rng.choice((30, 60, 90)),
                staff=rng.randrange(2),
                room=rng.choice((None, 0, 1)),
            )
        elif kind == "pay":
            if not tickets or rng.random() < 0.3:
                tickets.append(open_ticket(store, clinic, f"T-{rng.randrange(10**6)}"))
            take_payment(store, clinic, rng.choice(tickets), rng.randrange(100, 50_000))
        elif not charts or rng.random() < 0.3:
            charts.append(start_chart(store, clinic, rng.choice(clients)))
        else:
            write_chart(store, clinic, rng.choice(charts), f"note {rng.random():.6f}")
