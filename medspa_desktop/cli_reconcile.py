"""The ``medspa reconcile`` command (registered by ``cli.build_parser``).

``medspa reconcile --data-dir D [--date YYYY-MM-DD] [--location ID] [--json]`` compares one
day of a location's card payments and refunds with Stripe (the demo's simulated reader in a
demo clinic) and prints the report. The day defaults to today at the location, the location
to this computer's. Nobody logs in on the command line, so the run is audited as the
organisation's first active owner account, with "command line" in the entry.

Exit codes: 0 everything matches; 3 there are differences; 2 card payments are not set up
(or a bad ``--date``); 1 the comparison could not run (no connection to Stripe, unknown
location ...).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from medspa_desktop.domain.card_terminal import CardTerminal
    from medspa_desktop.services.reconcile import Reconciliation

EXIT_OK, EXIT_FAILED, EXIT_NOT_SET_UP, EXIT_DIFFERENCES = 0, 1, 2, 3
NOT_SET_UP = (
    "Card payments are not set up on this computer, so there is nothing to reconcile. "
    "An owner sets them up in the app under Settings → Payments (the Stripe key is kept in "
    "this computer's keyring)."
)
VIA = "command line"

Add = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def register(sub: Any, add: Add) -> None:
    """Add ``reconcile`` through ``cli.build_parser``'s ``add`` (which gives ``--data-dir``)."""
    cmd = add("reconcile", cmd_reconcile, "compare a day's card payments with Stripe")
    cmd.add_argument(
        "--date", type=_day, help="the day, YYYY-MM-DD (default: today at the location)"
    )
    cmd.add_argument("--location", help="location id (default: this computer's location)")
    cmd.add_argument("--json", action="store_true", help="machine-readable result")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-05-04") from err


def cmd_reconcile(args: argparse.Namespace) -> int:
    from medspa_desktop.domain.card_terminal import TerminalError
    from medspa_desktop.payments.provider import card_terminal
    from medspa_desktop.services.errors import ServiceError

    data_dir: Path = args.data_dir
    terminal = card_terminal(data_dir, demo=_is_demo(data_dir))
    if terminal is None:
        print(f"medspa reconcile: {NOT_SET_UP}", file=sys.stderr)
        return EXIT_NOT_SET_UP
    try:
        rec = _reconcile(data_dir, terminal, args.location, args.date)
    except (TerminalError, ServiceError) as err:
        print(f"medspa reconcile: {err}", file=sys.stderr)
        return EXIT_FAILED
    _print(rec, as_json=args.json)
    return EXIT_OK if rec.matches else EXIT_DIFFERENCES


def _reconcile(
    data_dir: Path, terminal: CardTerminal, location_id: str | None, day: dt.date | None
) -> Reconciliation:
    from medspa_desktop.payments.provider import seed_demo_reader
    from medspa_desktop.services.reconcile import (
        reconcile_day,
        reconcile_place,
        reconciling_owner,
    )
    from medspa_desktop.store.database import open_store

    store = open_store(data_dir, demo=_is_demo(data_dir))
    try:
        seed_demo_reader(store)  # the demo's simulated Stripe account holds its history
        with store.uow() as uow:
            place = reconcile_place(uow, location_id)
            actor = reconciling_owner(uow)
            chosen = day or place.today()
            return reconcile_day(
                place.location_id, chosen, uow=uow, actor=actor, terminal=terminal, via=VIA
            )
    finally:
        store.close()


def _is_demo(data_dir: Path) -> bool:
    from medspa_desktop.store.keys import DEMO_KEY_FILE

    return (data_dir / DEMO_KEY_FILE).exists()


def _print(rec: Reconciliation, *, as_json: bool) -> None:
    from medspa_desktop.services.reconcile import reconcile_text

    if as_json:
        fields = {**dataclasses.asdict(rec), "day": rec.day.isoformat(), "matches": rec.matches}
        print(json.dumps(fields))
    else:
        print(reconcile_text(rec))
