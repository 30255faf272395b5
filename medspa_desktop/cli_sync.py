"""The ``medspa enrol`` and ``medspa sync`` commands (registered by ``cli.build_parser``).

``medspa enrol --data-dir D --server URL --code CODE [--name NAME]`` enrols the device;
``medspa sync --data-dir D [--json]`` runs one sync now and prints what it did. Both exit 0
on success and 1 with a readable message otherwise.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED = 0, 1

Add = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def register(sub: Any, add: Add) -> None:
    """Add the ``enrol`` and ``sync`` subcommands through ``cli.build_parser``'s ``add``
    (which registers them in ``sub``, the parser's subcommands, with ``--data-dir``)."""
    enrol = add("enrol", cmd_enrol, "enrol this device with the clinic's sync server")
    enrol.add_argument("--server", required=True, help="sync server address, e.g. https://…")
    enrol.add_argument("--code", required=True, help="one-time enrolment code from the server")
    enrol.add_argument(
        "--name", default=platform.node() or "MedSpa device", help="name shown for this device"
    )
    sync = add("sync", cmd_sync, "sync with the server now and print a summary")
    sync.add_argument("--json", action="store_true", help="machine-readable summary")


def _open(data_dir: Path) -> Any:
    from medspa_desktop.store.database import open_store
    from medspa_desktop.store.keys import DEMO_KEY_FILE

    return open_store(data_dir, demo=(data_dir / DEMO_KEY_FILE).exists())


def cmd_enrol(args: argparse.Namespace) -> int:
    from medspa_desktop.sync.enrolment import enrol
    from medspa_desktop.sync.errors import SyncError

    store = _open(args.data_dir)
    try:
        done = enrol(store, args.server, args.code, args.name, progress=_print_queued)
    except SyncError as err:
        print(f"medspa enrol: {err}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        store.close()
    print(f"Enrolled device {done.device_id} with {done.server_url} (organisation {done.org_id}).")
    if done.org_is_new:
        print(f"{done.queued_for_upload} records of this clinic are queued to upload.")
    print(f"Run 'medspa sync --data-dir {args.data_dir}' to sync now.")
    return EXIT_OK


def _print_queued(done: int, total: int, entity: str) -> None:
    end = "\n" if done == total else ""
    print(f"\r  Queuing this clinic's records for upload: {done}/{total} tables", end=end)


def cmd_sync(args: argparse.Namespace) -> int:
    from medspa_desktop.sync.engine import sync_once

    store = _open(args.data_dir)
    try:
        summary = sync_once(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps({**asdict(summary), "ok": summary.ok}))
    else:
        print(
            f"Sync {'finished' if summary.ok else 'failed'}: {summary.pushed} pushed, "
            f"{summary.pulled} pulled, {summary.conflicts} conflicts, "
            f"{summary.rejected} refused by the server."
        )
        for line in summary.warnings:
            print(f"Note: {line}")
        for line in summary.errors:
            print(f"Error: {line}", file=sys.stderr)
    return EXIT_OK if summary.ok else EXIT_FAILED
