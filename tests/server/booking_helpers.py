"""Helpers of the online-booking tests: a clinic pushed to the server by its front-desk
device (as a real clinic's rows arrive), and a visitor who walks the booking pages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import select

from medspa_desktop.domain.ids import new_id
from medspa_server.db import Database
from medspa_server.models import OrgCounter, SyncRow

from .helpers import Clinic, SyncDevice

ZONE = ZoneInfo("America/New_York")
POLICY = "Cancel at least 24 hours ahead, or a $50 fee applies."


@dataclass
class BookingClinic:
    """A location taking online bookings: three practitioners working 9:00-17:00 every day,
    Botox (30 min), laser hair removal (60 min, 5 + 10 min buffers, laser room and laser)."""

    server: Clinic
    desk: SyncDevice
    location_id: str
    botox: str
    laser: str
    consult: str
    lee: str
    kim: str
    ray: str
    ada: str
    day: dt.date = field(default_factory=lambda: dt.datetime.now(ZONE).date() + dt.timedelta(7))
    batch: list[dict[str, Any]] | None = None
    """Mutations collected to push in one request (set-up), or None to push at once."""

    @property
    def org_id(self) -> str:
        return self.server.org_id

    def at(self, hour: int, minute: int = 0, *, days: int = 0) -> dt.datetime:
        """That local time on the test day (a week ahead), in UTC."""
        local = dt.datetime.combine(self.day + dt.timedelta(days=days), dt.time(hour, minute))
        return local.replace(tzinfo=ZONE).astimezone(dt.UTC)

    def push(self, entity: str, entity_id: str | None = None, **fields: Any) -> str:
        """Create a row through the desk device's push; returns its id."""
        made = self.desk.create(entity, _wire(fields), entity_id=entity_id or "")
        if self.batch is not None:
            self.batch.append(made)
            return made["entity_id"]
        answer = self.desk.push(made)["results"][0]
        assert answer["status"] in ("applied", "conflict"), answer
        return made["entity_id"]

    def change(self, entity: str, entity_id: str, **fields: Any) -> None:
        answer = self.desk.push(self.desk.mutation(entity, entity_id, _wire(fields)))
        assert answer["results"][0]["status"] == "applied", answer

    def appointment(self, staff: str, start: dt.datetime, minutes: int = 30, **extra: Any) -> str:
        """An active booking of Ada's with ``staff`` (pushed like the front desk's)."""
        fields = {
            "location_id": self.location_id,
            "client_id": self.ada,
            "staff_id": staff,
            "service_id": self.botox,
            "starts_at": start,
            "ends_at": start + dt.timedelta(minutes=minutes),
            "status": "booked",
            "visit_id": new_id(),
            **extra,
        }
        return self.push("appointment", **fields)


def _wire(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value.isoformat() if isinstance(value, dt.date | dt.datetime) else value
        for name, value in fields.items()
    }


def make_booking_clinic(
    server: Clinic, *, online: str = "booked", **location: Any
) -> BookingClinic:
    """The clinic of ``BookingClinic``, pushed by a newly enrolled front-desk device."""
    desk = server.enrol("Front desk")
    c = BookingClinic(server, desk, "", "", "", "", "", "", "", "", batch=[])
    c.push(
        "organisation", server.org_id, name="Lumen Aesthetics", currency="USD", default_country="US"
    )
    settings = {
        "name": "Downtown",
        "time_zone": "America/New_York",
        "address": "1 Main St, New York",
        "phone": "+12125550100",
        "email": "desk@lumen.example",
        "grid_minutes": 30,
        "min_notice_minutes": 120,
        "booking_horizon_days": 90,
        "active": True,
        "online_booking": online,
        "cancellation_policy": POLICY,
        **location,
    }
    c.location_id = c.push("location", **settings)
    injectables = c.push("service_category", code="neuromodulator", name="Injectables")
    lasers = c.push("service_category", code="laser_hair_removal", name="Laser")
    people = {
        "Lee Park": ["neuromodulator"],
        "Kim Cho": ["neuromodulator", "laser_hair_removal"],
        "Ray Diaz": ["laser_hair_removal"],
    }
    c.lee, c.kim, c.ray = (_practitioner(c, name, quals) for name, quals in people.items())
    c.botox = c.push(
        "service_item",
        category_id=injectables,
        name="Botox",
        duration_minutes=30,
        price_minor=30000,
        active=True,
        online_bookable=True,
    )
    c.laser = c.push(
        "service_item",
        category_id=lasers,
        name="Laser hair removal",
        duration_minutes=60,
        buffer_before_minutes=5,
        buffer_after_minutes=10,
        price_minor=20000,
        required_room_kind="laser",
        required_machine_kind="laser",
        active=True,
        online_bookable=True,
    )
    c.consult = c.push(
        "service_item",
        category_id=injectables,
        name="Private consultation",
        duration_minutes=30,
        price_minor=0,
        active=True,
        online_bookable=False,
    )
    c.push("room", location_id=c.location_id, name="Laser suite", kind="laser", active=True)
    c.push("machine", location_id=c.location_id, name="GentleMax", kind="laser", active=True)
    c.ada = c.push(
        "client",
        first_name="Ada",
        last_name="Lovelace",
        phone="+12125551234",
        email="ada@example.com",
        allergies="Lidocaine",
    )
    answers = desk.push(*c.batch)["results"]
    assert {answer["status"] for answer in answers} == {"applied"}, answers
    c.batch = None
    return c


def _practitioner(c: BookingClinic, name: str, qualifications: list[str]) -> str:
    staff = c.push(
        "staff",
        username=name.split()[0].lower() + new_id()[-6:],
        display_name=name,
        role="practitioner",
        qualifications=qualifications,
        active=True,
    )
    c.push("staff_location", staff_id=staff, location_id=c.location_id)
    for weekday in range(7):
        c.push(
            "working_hours",
            staff_id=staff,
            location_id=c.location_id,
            weekday=weekday,
            start_minute=9 * 60,
            end_minute=17 * 60,
            effective_from="2020-01-06",
        )
    return staff


class Forms(HTMLParser):
    """The inputs of a page: hidden values of each form by its action, and the values of
    radio buttons by name."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: dict[str, dict[str, str]] = {}
        self.radios: dict[str, list[str]] = {}
        self._action = ""
        self.feed(html)

    def hidden(self, action_ends: str) -> dict[str, str]:
        """The hidden fields of the form whose action ends with ``action_ends``."""
        return next(v for action, v in self.forms.items() if action.endswith(action_ends))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._action = values.get("action", "")
            self.forms.setdefault(self._action, {})
        if tag != "input":
            return
        if values.get("type") == "hidden":
            self.forms[self._action][values["name"]] = values.get("value", "")
        elif values.get("type") == "radio":
            self.radios.setdefault(values["name"], []).append(values.get("value", ""))


class Visitor:
    """One browser on the booking page: its own cookies and (test-only) address."""

    def __init__(self, http: httpx.Client, location_id: str) -> None:
        self.http = http
        self.base = f"/book/{location_id}"

    def get(self, step: str = "", **params: str) -> httpx.Response:
        path = self.base + (f"/{step}" if step else "")
        return self.http.get(path + ("?" + urlencode(params) if params else ""))

    def times(self, service: str, staff: str, day: dt.date) -> list[str]:
        page = self.get("time", service=service, staff=staff, day=day.isoformat())
        assert page.status_code == 200, page.text
        return Forms(page.text).radios.get("start", [])

    def details_form(self, service: str, staff: str, start: dt.datetime) -> dict[str, str]:
        page = self.get("details", service=service, staff=staff, start=start_text(start))
        assert page.status_code == 200, page.text
        return Forms(page.text).hidden("/book")

    def submit(self, form: dict[str, str], **details: str) -> httpx.Response:
        fields = {
            "first_name": "Grace",
            "last_name": "Hopper",
            "phone": "(917) 555-0199",
            "email": "grace@example.org",
            "agree_policy": "yes",
            "agree_privacy": "yes",
        }
        body = {**form, **fields, **details}
        return self.http.post(f"{self.base}/book", data={k: v for k, v in body.items() if v})

    def book(self, service: str, staff: str, start: dt.datetime, **details: str) -> httpx.Response:
        return self.submit(self.details_form(service, staff, start), **details)


def start_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def rows(database: Database, org_id: str, entity: str) -> list[SyncRow]:
    """The organisation's stored rows of ``entity``, in sequence order."""
    with database.read() as session:
        query = select(SyncRow).where(SyncRow.org_id == org_id, SyncRow.entity == entity)
        return list(session.scalars(query.order_by(SyncRow.seq)))


def counter(database: Database, org_id: str) -> int:
    with database.read() as session:
        return session.scalar(select(OrgCounter.value).where(OrgCounter.org_id == org_id))


def visible_text(html: str) -> str:
    """The page's text without tags (for "does not show" checks)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
