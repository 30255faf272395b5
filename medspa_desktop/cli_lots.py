"""The ``medspa lot-recall`` command (registered by ``cli.build_parser``).

``medspa lot-recall LOT --data-dir D [--json]`` lists every client treated with (or sold)
product from lot ``LOT``: name, phone, date, practitioner and how much. Nobody logs in on
the command line, so the run is audited as the organisation's first active owner account,
with "command line" in the entry.

Exit codes: 0 the lot is known (the list may be empty); 3 no lot has that number; 1 the
recall could not run (no owner account ...).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from medspa_desktop.services.lot_recall import LotRecall

EXIT_OK, EXIT_FAILED, EXIT_NO_SUCH_LOT = 0, 1, 3
VIA = "command line"

Add = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def register(sub: Any, add: Add) -> None:
    """Add ``lot-recall`` through ``cli.build_parser``'s ``add`` (which gives ``--data-dir``)."""
    cmd = add("lot-recall", cmd_lot_recall, "list every client treated with an inventory lot")
    cmd.add_argument("lot", metavar="LOT", help="the lot number printed on the product")
    cmd.add_argument("--json", action="store_true", help="machine-readable result")


def cmd_lot_recall(args: argparse.Namespace) -> int:
    from medspa_desktop.services.errors import ServiceError

    try:
        recall = _recall(args.data_dir, args.lot)
    except ServiceError as err:
        print(f"medspa lot-recall: {err}", file=sys.stderr)
        return EXIT_FAILED
    _print(recall, as_json=args.json)
    return EXIT_OK if recall.lots else EXIT_NO_SUCH_LOT


def _recall(data_dir: Path, lot_number: str) -> LotRecall:
    from medspa_desktop.services.lot_recall import lot_recall, recall_owner
    from medspa_desktop.store.database import open_store
    from medspa_desktop.store.keys import DEMO_KEY_FILE

    store = open_store(data_dir, demo=(data_dir / DEMO_KEY_FILE).exists())
    try:
        with store.uow() as uow:
            actor = recall_owner(uow)
            return lot_recall(lot_number, uow=uow, actor=actor, via=VIA)
    finally:
        store.close()


def _print(recall: LotRecall, *, as_json: bool) -> None:
    from medspa_desktop.services.lot_recall import recall_text

    if not as_json:
        print(recall_text(recall))
        return
    fields = dataclasses.asdict(recall)
    fields["client_count"] = recall.client_count
    print(json.dumps(fields, default=_iso))


def _iso(value: object) -> str:
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    raise TypeError(f"{type(value).__name__} is not JSON")
