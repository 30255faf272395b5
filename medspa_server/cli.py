"""The ``medspa-server`` command: serve, migrate and the administration commands."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from medspa_server import __version__
from medspa_server.admin import AdminError, IssuedCode, create_org, issue_enrol_code, revoke_device
from medspa_server.blob_key import BlobKeyError, load_blob_key
from medspa_server.db import Database
from medspa_server.logs import log_config
from medspa_server.migrate import head_revision, migrate
from medspa_server.settings import Settings


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = _settings(args)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    command: Callable[[argparse.Namespace, Settings], int] = args.run
    try:
        return command(args, settings)
    except (AdminError, BlobKeyError) as err:
        print(f"medspa-server: {err}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", type=Path, help="default: $MEDSPA_SERVER_DATA_DIR or ./server-data"
    )
    common.add_argument("--database-url", help="default: SQLite file in the data directory")
    parser = argparse.ArgumentParser(prog="medspa-server", description="MedSpa central server")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = sub.add_parser("serve", parents=[common], help="migrate, then run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    serve.set_defaults(run=_serve)
    migrate_command = sub.add_parser(
        "migrate", parents=[common], help="bring the database schema up to date"
    )
    migrate_command.set_defaults(run=_migrate)
    _add_admin_commands(sub, common)
    return parser


def _add_admin_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    org = sub.add_parser(
        "create-org", parents=[common], help="create an organisation and its owner set-up code"
    )
    org.add_argument("--name", required=True)
    org.add_argument("--org-id", help="adopt the id a clinic already uses offline")
    org.add_argument("--hours", type=float, default=168, help="owner code valid for (default 168)")
    org.add_argument("--json", action="store_true", help="print JSON")
    org.set_defaults(run=_create_org)
    code = sub.add_parser(
        "enrol-code", parents=[common], help="make a one-time device enrolment code"
    )
    code.add_argument("--org", required=True, help="organisation id")
    code.add_argument("--location", help="location id the device works at")
    code.add_argument("--hours", type=float, default=24, help="valid for (default 24)")
    code.add_argument("--json", action="store_true", help="print JSON")
    code.set_defaults(run=_enrol_code)
    revoke = sub.add_parser("revoke-device", parents=[common], help="withdraw a device's access")
    revoke.add_argument("--device", required=True, help="device id")
    revoke.set_defaults(run=_revoke)


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {"data_dir": args.data_dir, "database_url": args.database_url}
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def _database(settings: Settings) -> Database:
    database = Database(settings.resolved_database_url())
    migrate(database)
    return database


KEEP_ALIVE_S = 5


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    _database(settings).dispose()
    load_blob_key(settings)  # made once here, before the workers start
    # Worker processes build their own app from the environment (uvicorn --factory).
    os.environ["MEDSPA_SERVER_DATA_DIR"] = str(settings.data_dir.resolve())
    os.environ["MEDSPA_SERVER_DATABASE_URL"] = settings.database_url
    uvicorn.run(
        "medspa_server.app:create_app_from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=log_config(settings.data_dir),
        # Devices drop idle connections after 2 s (sync/client.py), before this.
        timeout_keep_alive=KEEP_ALIVE_S,
    )
    return 0


def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    database = Database(settings.resolved_database_url())
    before = migrate(database)
    print(f"Server database is at schema {head_revision()} (was at {before or 'no schema'}).")
    database.dispose()
    return 0


def _create_org(args: argparse.Namespace, settings: Settings) -> int:
    issued = create_org(_database(settings), args.name, org_id=args.org_id, hours=args.hours)
    _print_code(issued, "Owner set-up code", json_output=args.json)
    return 0


def _enrol_code(args: argparse.Namespace, settings: Settings) -> int:
    database = _database(settings)
    issued = issue_enrol_code(database, args.org, location_id=args.location, hours=args.hours)
    _print_code(issued, "Device enrolment code", json_output=args.json)
    return 0


def _revoke(args: argparse.Namespace, settings: Settings) -> int:
    device = revoke_device(_database(settings), args.device)
    print(
        f"Device {device.id} ({device.name}) can no longer sync. Its unsynced changes stay on "
        "it: enrol it again with a new code to sync them."
    )
    return 0


def _print_code(issued: IssuedCode, label: str, *, json_output: bool) -> None:
    expires = issued.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    if json_output:
        print(
            json.dumps(
                {
                    "org_id": issued.org_id,
                    "location_id": issued.location_id,
                    "code": issued.code,
                    "expires_at": issued.expires_at.isoformat(),
                }
            )
        )
        return
    print(f"Organisation id: {issued.org_id}")
    print(f"{label}: {issued.code}")
    print(f"It can be used once, until {expires}.")


if __name__ == "__main__":
    sys.exit(main())
