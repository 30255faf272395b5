"""The deterministic demo clinic: "Lumière Aesthetics", two locations, 12 staff, 5,000
clients, two years of appointments and sales, and three weeks of bookings ahead.

Same ``seed`` and ``today`` give the same rows (ids included); only the salted password and
PIN hashes differ between builds. The rows are a seed, not edits, so they have no audit
entries or outbox mutations. Not on the GUI thread: it takes seconds.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy import func, select

from medspa_desktop.services.demo import data
from medspa_desktop.services.demo.appointments import Outcome, decide, write_appointments
from medspa_desktop.services.demo.catalogue import build_clinic
from medspa_desktop.services.demo.checkout import Checkout
from medspa_desktop.services.demo.clients import ClientPicker, Profile, make_profiles, write_clients
from medspa_desktop.services.demo.clinic import Clinic
from medspa_desktop.services.demo.ledgers import Ledgers
from medspa_desktop.services.demo.rows import RowWriter, SeededIds
from medspa_desktop.services.demo.schedule import plan_bookings
from medspa_desktop.services.demo.stock import Stock
from medspa_desktop.services.demo.till import Till
from medspa_desktop.services.errors import RuleViolation, ValidationError
from medspa_desktop.store.database import Store
from medspa_desktop.store.models import Organisation

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class DemoLogin:
    """One demo member of staff and how to log in as them."""

    username: str
    display_name: str
    role: str
    title: str
    location: str
    pin: str


@dataclass(frozen=True)
class DemoSummary:
    """What was built, and the log-ins the login screen shows in demo mode."""

    org_id: str
    organisation: str
    location_ids: tuple[str, ...]
    """The first is this device's default location."""
    password: str
    """Everyone's demo password."""
    logins: tuple[DemoLogin, ...]
    counts: Mapping[str, int]
    """Rows written per table."""

    def describe(self) -> str:
        lines = [
            f"{self.organisation}: {self.counts.get('client', 0):,} clients, "
            f"{self.counts.get('appointment', 0):,} appointments, "
            f"{self.counts.get('ticket', 0):,} tickets.",
            f"Log in with any of these usernames and the password {self.password!r}, or a PIN:",
        ]
        lines += [
            f"  {x.username:<8} PIN {x.pin}  {x.display_name} ({x.role.replace('_', ' ')}"
            f"{', ' + x.title if x.title else ''}, {x.location})"
            for x in self.logins
        ]
        return "\n".join(lines)


def create_demo_clinic(
    store: Store,
    *,
    seed: int = 1,
    today: dt.date | None = None,
    clients: int = 5000,
    years: int = 2,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty store with the demo clinic and make it this device's clinic.

    ``progress(stage, fraction)`` is called from this thread as work advances.
    """
    report = progress or (lambda stage, fraction: None)
    if clients < len(data.LOCATIONS) or years < 1:
        raise ValidationError({"clients": "A demo clinic needs at least 2 clients and 1 year."})
    today = today or dt.date.today()
    start = dt.datetime.combine(today - dt.timedelta(days=round(365.25 * years)), dt.time(), dt.UTC)
    # The demo's "now": early this morning UTC, before either location opens, so everything
    # before it has happened and today's bookings are all still to come.
    anchor = dt.datetime.combine(today, dt.time(11), dt.UTC)
    with store.uow() as uow:
        if uow.session.scalar(select(func.count()).select_from(Organisation)):
            raise RuleViolation(
                "This data folder already holds a clinic, so no demo clinic was added. "
                "Choose an empty folder for the demo."
            )
        ids = SeededIds(seed)
        setup_at = start - dt.timedelta(days=30)
        writer = RowWriter(uow.session, ids=ids, org_id=ids.at(setup_at), start=setup_at)
        report("Setting up the clinic and staff log-ins", 0.0)
        clinic = build_clinic(writer, _rng(seed, "clinic"), setup_at)
        _history(writer, clinic, seed, clients, (start, anchor), report)
        total = writer.pending()
        writer.flush(lambda done: report("Saving", 0.55 + 0.4 * done / total))
        report("Saving", 0.97)
        uow.commit()
    store.set_local_setting("org_id", clinic.org_id)
    store.set_local_setting("location_id", clinic.places[0].id)
    report("Done", 1.0)
    return _summary(clinic, writer.counts)


def _history(
    writer: RowWriter,
    clinic: Clinic,
    seed: int,
    count: int,
    window: tuple[dt.datetime, dt.datetime],
    report: Progress,
) -> None:
    start, anchor = window
    report("Planning appointments", 0.05)
    profiles = make_profiles(_rng(seed, "clients"), count, len(clinic.places))
    outcomes = _appointments(clinic, seed, profiles, window)
    till = Till(writer, _rng(seed, "till"))
    ledgers = Ledgers(writer, _rng(seed, "ledgers"), till, clinic)
    ledgers.choose_members(profiles)
    report("Writing clients", 0.25)
    write_clients(writer, _rng(seed, "client-rows"), clinic, profiles, window)
    write_appointments(writer, outcomes)
    report("Memberships, gift cards and sales", 0.35)
    ledgers.write_memberships(profiles, anchor)
    ledgers.sell_gift_cards(profiles, max(1, count // 25), anchor)
    stock = Stock(writer, _rng(seed, "stock"), clinic)
    stock.open_shelves(start - dt.timedelta(days=7))
    Checkout(writer, _rng(seed, "checkout"), clinic, (till, ledgers, stock)).run(outcomes, anchor)
    stock.top_up(anchor - dt.timedelta(days=3))
    till.number_tickets()
    till.write_cash_drawer()


def _appointments(
    clinic: Clinic, seed: int, profiles: list[Profile], window: tuple[dt.datetime, dt.datetime]
) -> list[Outcome]:
    start, anchor = window
    rng = _rng(seed, "schedule")
    pickers = [
        ClientPicker([p for p in profiles if p.home == index], rng)
        for index in range(len(clinic.places))
    ]
    outcomes = []
    # A clinic with fewer clients has a quieter diary; 4,000 or more fill it.
    demand = min(1.0, len(profiles) / 4000)
    for booking in plan_bookings(clinic, rng, pickers, (start.date(), anchor.date()), demand):
        outcome = decide(booking, rng, anchor)
        client = booking.client
        if client.first_booked is None or outcome.booked_at < client.first_booked:
            client.first_booked = outcome.booked_at
        client.visits += outcome.status == "completed"
        outcomes.append(outcome)
    return outcomes


def _summary(clinic: Clinic, counts: Mapping[str, int]) -> DemoSummary:
    logins = tuple(
        DemoLogin(
            username=p.spec.first.lower(),
            display_name=f"{p.spec.first} {p.spec.last}",
            role=p.spec.role,
            title=p.spec.title,
            location=" and ".join(clinic.places[i].spec.name for i in p.spec.locations),
            pin=p.pin,
        )
        for p in clinic.people
    )
    return DemoSummary(
        org_id=clinic.org_id,
        organisation=data.ORGANISATION,
        location_ids=tuple(p.id for p in clinic.places),
        password=data.DEMO_PASSWORD,
        logins=logins,
        counts=MappingProxyType(dict(counts)),
    )


def _rng(seed: int, stage: str) -> random.Random:
    """One generator per stage, so changing one stage leaves the others' content alone."""
    return random.Random(f"demo:{seed}:{stage}")
