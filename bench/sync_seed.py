"""A clinic of ~1,000,000 synced rows written straight into the server's ``sync_row`` table.

The rows are what the server would hold after years of pushes: every column of the device
table (as JSON, times as ISO UTC text), per-field HLCs, one sequence number each, and they
refer to one another (appointments to clients, staff, services, rooms; status changes to
appointments; lines and payments to tickets), so a device can store them with its foreign
keys intact. PostgreSQL gets them with COPY, SQLite with one ``executemany`` per chunk.

Public API: ``seed(bench, clinic, total) -> {entity: rows}``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from functools import cache
from typing import Any

from sqlalchemy import ColumnDefault, select, update
from sync_setup import Bench, Clinic

from medspa_desktop.domain.hlc import Timestamp
from medspa_desktop.domain.ids import new_id
from medspa_desktop.store.models import Base
from medspa_server.models import OrgCounter

NOT_IN_DATA = frozenset({"id", "updated_hlc", "updated_by"})
SHARES = {
    "client": 100_000,
    "appointment": 250_000,
    "appointment_status_change": 300_000,
    "ticket": 110_000,
    "ticket_line": 150_000,
    "payment": 90_000,
}
"""Rows per 1,000,000 (payments take up the rounding and the reference rows)."""
REFERENCE = {"staff": 12, "service_category": 6, "service_item": 36, "room": 8}
CHUNK = 20_000
COLUMNS = (
    "org_id",
    "entity",
    "entity_id",
    "data",
    "field_hlcs",
    "seq",
    "created_seq",
    "hlc",
    "deleted",
    "updated_by",
)
STATUSES = ["completed"] * 8 + ["cancelled", "no_show", "booked", "confirmed"]
TENDERS = ["card"] * 6 + ["cash", "gift_card", "account"]
SERVICES = ["Botox", "Filler", "Laser hair removal", "HydraFacial", "Chemical peel", "IPL"]
NAMES = ["Olivia", "Emma", "Amelia", "Sophia", "Mia", "Ava", "Luna", "Noah", "Liam", "Mateo"]
SURNAMES = ["Smith", "Garcia", "Nguyen", "Okafor", "Patel", "Kim", "Rossi", "Dubois", "Müller"]


def counts(total: int) -> dict[str, int]:
    scale = total / 1_000_000
    planned = {entity: round(rows * scale) for entity, rows in SHARES.items()}
    planned["payment"] += total - sum(planned.values()) - sum(REFERENCE.values())
    return {**REFERENCE, **planned}


@cache
def template(entity: str) -> dict[str, Any]:
    """Every stored column of ``entity`` with its default, as JSON."""
    filled: dict[str, Any] = {}
    for column in Base.metadata.tables[entity].columns:
        if column.name in NOT_IN_DATA:
            continue
        default = column.default
        if isinstance(default, ColumnDefault):
            value = default.arg(None) if default.is_callable else default.arg
            filled[column.name] = value.isoformat() if isinstance(value, dt.datetime) else value
        else:
            filled[column.name] = None
    return filled


class Writer:
    """Turns (entity, id, values) into ``sync_row`` tuples with increasing seq and HLC."""

    def __init__(self, org_id: str, device_id: str, first_seq: int, total: int) -> None:
        self.org_id = org_id
        self.device_id = device_id
        self.seq = first_seq
        now_ms = int(dt.datetime.now(dt.UTC).timestamp() * 1000)
        self.wall = now_ms - total * 2 - 60_000
        self.max_hlc = ""

    def row(self, entity: str, entity_id: str, values: dict[str, Any]) -> tuple[Any, ...]:
        self.seq += 1
        self.wall += 2
        hlc = Timestamp(self.wall, 0, self.device_id).encode()
        self.max_hlc = hlc
        data = {**template(entity), **values, "org_id": self.org_id, "deleted": False}
        hlcs = dict.fromkeys(data, hlc)
        return (
            self.org_id,
            entity,
            entity_id,
            json.dumps(data),
            json.dumps(hlcs),
            self.seq,
            self.seq,
            hlc,
            False,
            self.device_id,
        )


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def generate(clinic: Clinic, planned: dict[str, int], writer: Writer) -> Iterator[tuple[Any, ...]]:
    """The rows, parents before children (the snapshot's entity order)."""
    rng = random.Random(42)
    location = clinic.location_id
    staff = [clinic.owner.staff_id]
    for n in range(planned["staff"]):
        staff.append(new_id())
        yield writer.row(
            "staff",
            staff[-1],
            {
                "username": f"practitioner{n}",
                "display_name": f"{NAMES[n % 10]} {SURNAMES[n % 9]}",
                "role": "practitioner",
                "qualifications": ["neuromodulator", "filler"],
            },
        )
    categories = []
    for n in range(planned["service_category"]):
        categories.append(new_id())
        values = {"code": f"category{n}", "name": SERVICES[n % 6], "sort_order": n}
        yield writer.row("service_category", categories[-1], values)
    services = []
    for n in range(planned["service_item"]):
        services.append(new_id())
        values = {
            "category_id": categories[n % len(categories)],
            "name": f"{SERVICES[n % 6]} {n}",
            "duration_minutes": 30 + 15 * (n % 4),
            "price_minor": 15_000 + 2_500 * n,
        }
        yield writer.row("service_item", services[-1], values)
    rooms = []
    for n in range(planned["room"]):
        rooms.append(new_id())
        yield writer.row("room", rooms[-1], {"location_id": location, "name": f"Room {n + 1}"})
    clients = []
    for n in range(planned["client"]):
        clients.append(new_id())
        first, last = NAMES[n % 10], SURNAMES[n % 9]
        values = {
            "first_name": f"{first}{n}",
            "last_name": last,
            "phone": f"+1212{n:07d}",
            "email": f"{first.lower()}.{last.lower()}{n}@example.com",
            "address": f"{n} Main Street, Springfield",
            "date_of_birth": f"19{50 + n % 50}-0{1 + n % 9}-1{n % 10}",
            "notes": "Prefers afternoon appointments" if n % 5 == 0 else "",
            "created_at": _iso(dt.datetime(2016, 1, 1, tzinfo=dt.UTC)),
        }
        yield writer.row("client", clients[-1], values)
    start = dt.datetime(2016, 1, 4, 9, tzinfo=dt.UTC)
    appointments = []
    for n in range(planned["appointment"]):
        appointments.append(new_id())
        begins = start + dt.timedelta(minutes=20 * n)
        values = {
            "location_id": location,
            "client_id": rng.choice(clients),
            "staff_id": staff[n % len(staff)],
            "service_id": services[n % len(services)],
            "room_id": rooms[n % len(rooms)],
            "starts_at": _iso(begins),
            "ends_at": _iso(begins + dt.timedelta(minutes=45)),
            "status": STATUSES[n % len(STATUSES)],
            "visit_id": new_id(),
            "created_at": _iso(begins - dt.timedelta(days=7)),
        }
        yield writer.row("appointment", appointments[-1], values)
    steps = ["", "booked", "confirmed", "checked_in", "completed"]
    for n in range(planned["appointment_status_change"]):
        step = 1 + n % 4
        values = {
            "appointment_id": appointments[n % len(appointments)],
            "from_status": steps[step - 1],
            "to_status": steps[step],
            "at": _iso(start + dt.timedelta(minutes=20 * (n % len(appointments)))),
            "staff_id": staff[n % len(staff)],
        }
        yield writer.row("appointment_status_change", new_id(), values)
    tickets = []
    for n in range(planned["ticket"]):
        tickets.append(new_id())
        values = {
            "location_id": location,
            "client_id": rng.choice(clients),
            "appointment_id": appointments[n % len(appointments)],
            "number": f"A-{n:07d}",
            "status": "closed",
            "opened_at": _iso(start + dt.timedelta(minutes=40 * n)),
            "subtotal_minor": 30_000,
            "tax_minor": 2_475,
            "total_minor": 32_475,
        }
        yield writer.row("ticket", tickets[-1], values)
    for n in range(planned["ticket_line"]):
        values = {
            "ticket_id": tickets[n % len(tickets)],
            "kind": "service",
            "item_id": services[n % len(services)],
            "description": SERVICES[n % 6],
            "unit_price_minor": 30_000,
            "tax_rate_bp": 825,
            "tax_minor": 2_475,
            "total_minor": 32_475,
            "staff_id": staff[n % len(staff)],
        }
        yield writer.row("ticket_line", new_id(), values)
    for n in range(planned["payment"]):
        values = {
            "ticket_id": tickets[n % len(tickets)],
            "client_id": rng.choice(clients),
            "tender": TENDERS[n % len(TENDERS)],
            "amount_minor": 32_475,
            "card_brand": "visa",
            "card_last4": f"{n % 10_000:04d}",
            "received_at": _iso(start + dt.timedelta(minutes=40 * n)),
            "staff_id": staff[n % len(staff)],
        }
        yield writer.row("payment", new_id(), values)


def _chunks(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def seed(bench: Bench, clinic: Clinic, total: int) -> dict[str, int]:
    """Write ``total`` rows of ``clinic``'s organisation straight into the server database,
    then move its sequence counter past them."""
    planned = counts(total)
    database = bench.database
    with database.read() as session:
        first_seq, max_hlc = session.execute(
            select(OrgCounter.value, OrgCounter.max_hlc).where(OrgCounter.org_id == clinic.org_id)
        ).one()
    writer = Writer(clinic.org_id, clinic.store.device_id, first_seq, total)
    rows = generate(clinic, planned, writer)
    insert = _copy_postgres if database.dialect == "postgresql" else _insert_sqlite
    insert(bench, _chunks(rows))
    with database.write() as session:
        session.execute(
            update(OrgCounter)
            .where(OrgCounter.org_id == clinic.org_id)
            .values(value=writer.seq, max_hlc=max(max_hlc, writer.max_hlc))
        )
        session.commit()
    return planned


def _copy_postgres(bench: Bench, chunks: Iterator[list[tuple[Any, ...]]]) -> None:
    raw = bench.database.engine.raw_connection()
    try:
        conn = raw.driver_connection
        with conn.cursor() as cursor:
            names = ", ".join(COLUMNS)
            with cursor.copy(f"COPY sync_row ({names}) FROM STDIN") as copy:
                for chunk in chunks:
                    for row in chunk:
                        copy.write_row(row)
        conn.commit()
        with conn.cursor() as cursor:
            cursor.execute("ANALYZE sync_row")  # what autovacuum does on a server that grew
        conn.commit()
    finally:
        raw.close()


def _insert_sqlite(bench: Bench, chunks: Iterator[list[tuple[Any, ...]]]) -> None:
    marks = ", ".join("?" for _ in COLUMNS)
    statement = f"INSERT INTO sync_row ({', '.join(COLUMNS)}) VALUES ({marks})"
    with bench.database.writer_connection() as conn, conn.begin():
        for chunk in chunks:
            conn.exec_driver_sql(statement, chunk)
