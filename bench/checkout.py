"""Checkout benchmark: ``python bench/checkout.py [--quick]`` -> bench/results/checkout.json.

On the demo clinic's real SQLCipher database (two years of history): closing a 10-line
ticket (six treatments with their practitioners, four retail products taken from stock
first expiring first) with two tenders taken locally, Stripe excluded: part on a gift card,
the rest in cash with change. Measured: the two ``take_payment`` calls, each its own
transaction (payment, gift-card ledger, and on the second the close: stock movements, the
ticket's status), outbox mutations and audit entries included. Goal <= 30 ms (median).
Each repeat closes a ticket of its own, built before the clock starts.
"""

from __future__ import annotations

import sys
from pathlib import Path

# NOTE: run as a script, this file's folder comes first on sys.path, and bench/calendar.py
# would then hide the standard library's ``calendar`` (which e-mail parsing imports).
ROOT = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]
sys.path.append(str(ROOT.parent))

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

from sqlalchemy import func, select  # noqa: E402

from medspa_desktop.domain.actor import Actor, Role  # noqa: E402
from medspa_desktop.services.checkout import TakePayment, take_payment  # noqa: E402
from medspa_desktop.services.demo_clinic import create_demo_clinic  # noqa: E402
from medspa_desktop.services.gift_cards import SellGiftCard, sell_gift_card  # noqa: E402
from medspa_desktop.services.ticket_discounts import SetTip, set_tip  # noqa: E402
from medspa_desktop.services.tickets import AddLine, OpenTicket, add_line, open_ticket  # noqa: E402
from medspa_desktop.store import models as m  # noqa: E402
from medspa_desktop.store.database import Store, open_store  # noqa: E402

RESULTS = ROOT / "results" / "checkout.json"
GOALS = {"close_ticket_ms": 30.0}
GIFT_MINOR = 5000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeats = 5 if args.quick else 30
    with tempfile.TemporaryDirectory() as tmp:
        print(f"[{time.strftime('%H:%M:%S')}] building the demo database ...", flush=True)
        store = open_store(Path(tmp) / "demo", demo=True)
        create_demo_clinic(store, seed=1, years=2)
        desk, client, services, products = _cast(store)
        card = _gift_card(store, desk, client, services[0])
        print(f"[{time.strftime('%H:%M:%S')}] building {repeats + 3} tickets ...", flush=True)
        tickets = [_ticket(store, desk, client, services, products) for _ in range(repeats + 3)]
        timings = _close_all(store, desk, tickets, card)
        store.close()
    close = {
        "median_ms": statistics.median(timings[3:]),
        "min_ms": min(timings[3:]),
        "max_ms": max(timings[3:]),
    }
    out: dict[str, Any] = {
        "generated_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
        "quick": args.quick,
        "repeats": repeats,
        "goals": GOALS,
        "ticket_lines": 10,
        "tenders": ["gift_card", "cash"],
        "close_ticket": close,
        "verdicts": {
            "close_ticket_ms": {
                "median": close["median_ms"],
                "met": close["median_ms"] <= GOALS["close_ticket_ms"],
            }
        },
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n")
    print(f"closing a 10-line ticket with two tenders: {close['median_ms']:.1f} ms median")
    print(json.dumps(out["verdicts"]))


def _cast(store: Store) -> tuple[Actor, str, list[tuple[str, str]], list[str]]:
    """A front-desk actor at the device's location, a client, six services each with a
    practitioner who performs it, and four products in stock there."""
    location = store.local_setting("location_id")
    org = store.local_setting("org_id")
    assert location and org, "the demo clinic sets the device's location"
    with store.uow() as uow:
        s = uow.session
        desk = s.scalar(select(m.Staff.id).where(m.Staff.role == "front_desk"))
        staff = s.scalar(select(m.Staff.id).where(m.Staff.role == "practitioner"))
        client = s.scalar(select(m.Client.id).limit(1))
        services = [(sid, staff) for sid in s.scalars(select(m.ServiceItem.id).limit(6))]
        stocked = (
            select(m.InventoryLot.product_id)
            .join(m.InventoryMovement, m.InventoryMovement.lot_id == m.InventoryLot.id)
            .where(m.InventoryLot.location_id == location)
            .group_by(m.InventoryLot.product_id)
            .having(func.sum(m.InventoryMovement.quantity) > 40)
        )
        products = list(s.scalars(stocked.limit(4)))
    assert desk and staff and client and len(services) == 6 and len(products) == 4
    actor = Actor(desk, org, Role.FRONT_DESK, store.device_id, location, "Bench desk")
    return actor, client, services, products


def _ticket(store: Store, desk: Actor, client: str, services, products) -> str:
    with store.uow() as uow:
        cmd = OpenTicket(desk.location_id or "", client_id=client)
        ticket = open_ticket(cmd, uow=uow, actor=desk).id
    lines = [AddLine(ticket, "service", sid, staff_id=staff) for sid, staff in services]
    lines += [AddLine(ticket, "product", pid) for pid in products]
    for line in lines:
        with store.uow() as uow:
            add_line(line, uow=uow, actor=desk)
    with store.uow() as uow:
        set_tip(SetTip(ticket, percent_bp=2000), uow=uow, actor=desk)
    return ticket


def _gift_card(store: Store, desk: Actor, client: str, service: tuple[str, str]) -> str:
    """A gift card with enough on it for every repeat, sold and paid for."""
    with store.uow() as uow:
        sale = open_ticket(
            OpenTicket(desk.location_id or "", client_id=client), uow=uow, actor=desk
        )
    with store.uow() as uow:
        view = sell_gift_card(SellGiftCard(sale.id, 1_000_000), uow=uow, actor=desk)
    with store.uow() as uow:
        take_payment(TakePayment(sale.id, "cash", 1_000_000), uow=uow, actor=desk)
    return view.lines[0].description.removeprefix("Gift card ")


def _close_all(store: Store, desk: Actor, tickets: list[str], card: str) -> list[float]:
    gc.collect()
    timings = []
    for ticket in tickets:
        start = time.perf_counter()
        with store.uow() as uow:
            take_payment(TakePayment(ticket, "gift_card", GIFT_MINOR, card), uow=uow, actor=desk)
        with store.uow() as uow:
            done = take_payment(TakePayment(ticket, "cash", 10_000_000), uow=uow, actor=desk)
        timings.append((time.perf_counter() - start) * 1000)
        assert done.ticket.status == "closed", "the second tender pays the ticket in full"
    return timings


if __name__ == "__main__":
    main()
