"""The ``medspa`` command: run the app, build a demo clinic, verify the audit log, back up.

Every command takes ``--data-dir``. A data directory holding ``demo.key`` is a demo clinic
(its key is in that file); any other keeps its key in the OS keyring.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from platformdirs import user_data_dir

from medspa_desktop import APP_NAME, __version__, cli_lots, cli_reconcile, cli_sync
from medspa_desktop.store.errors import StoreError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def default_data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def is_demo_dir(data_dir: Path) -> bool:
    from medspa_desktop.store.keys import DEMO_KEY_FILE

    return (data_dir / DEMO_KEY_FILE).exists()


def _open_store(data_dir: Path, *, demo: bool = False):  # type: ignore[no-untyped-def]
    from medspa_desktop.store.database import open_store

    return open_store(data_dir, demo=demo or is_demo_dir(data_dir))


def _print_progress(stage: str, fraction: float) -> None:
    print(f"\r  {fraction:4.0%}  {stage:<60}", end="", flush=True)


def ensure_demo_clinic(data_dir: Path, *, seed: int, clients: int) -> bool:
    """Build the demo clinic in ``data_dir`` unless one is there; True when it built one."""
    from medspa_desktop.services.demo_clinic import create_demo_clinic
    from medspa_desktop.store.database import database_exists

    if database_exists(data_dir):
        return False
    store = _open_store(data_dir, demo=True)
    try:
        print(f"Creating a demo clinic in {data_dir} (seed {seed}) ...")
        summary = create_demo_clinic(store, seed=seed, clients=clients, progress=_print_progress)
        print()
        print(summary.describe() if hasattr(summary, "describe") else summary)
    finally:
        store.close()
    return True


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM") not in (None, "", "xcb", "wayland"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


# Libraries Qt's X11 window plugin loads, by the Debian/Ubuntu package that brings each.
X11_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-randr": "libxcb-randr0",
    "xcb-shape": "libxcb-shape0",
    "xcb-xkb": "libxcb-xkb1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


def missing_window_packages() -> list[str]:
    """Packages whose libraries Qt needs to open a window on X11 and cannot find."""
    if not sys.platform.startswith("linux") or not os.environ.get("DISPLAY"):
        return []
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("WAYLAND_DISPLAY"):
        return []
    from ctypes.util import find_library

    return [pkg for lib, pkg in X11_LIBRARIES.items() if find_library(lib) is None]


def cmd_run(args: argparse.Namespace) -> int:
    data_dir: Path = args.data_dir
    if args.demo:
        ensure_demo_clinic(data_dir, seed=args.seed, clients=args.clients)
    missing = missing_window_packages()
    if missing:
        print(
            "The app window cannot open: Qt needs these system libraries to draw windows on "
            f"X11 and they are not installed: {', '.join(missing)}.\nInstall them with\n"
            f"  sudo apt install {' '.join(missing)}\nor all system packages with "
            "'sudo make system-deps', then run the app again.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not has_display():
        print(
            "No display is available (neither DISPLAY nor WAYLAND_DISPLAY is set), so the "
            "app window cannot open here.\nTo see every screen without a display, render them "
            f"to PNG files:\n  medspa screenshots --data-dir {data_dir} --out ./screenshots",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from medspa_desktop.jobs.demo_server import running_demo_server
    from medspa_desktop.ui.app import run_app

    demo = args.demo or is_demo_dir(data_dir)
    if not (args.demo and args.sync_server):
        return run_app(data_dir, demo=demo, tablet=args.tablet)
    # A demo shows sync working with nothing to set up: a local server in the background,
    # which the sync worker enrols this device with; it stops when the app closes.
    with running_demo_server(data_dir) as prepare:
        return run_app(data_dir, demo=demo, tablet=args.tablet, prepare=prepare)


def cmd_demo(args: argparse.Namespace) -> int:
    if not ensure_demo_clinic(args.data_dir, seed=args.seed, clients=args.clients):
        print(
            f"{args.data_dir} already holds a clinic database; nothing was changed. "
            "Choose an empty --data-dir for a new demo clinic.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_OK


def cmd_verify_audit(args: argparse.Namespace) -> int:
    from medspa_desktop.services.audit import verify_audit_chain

    store = _open_store(args.data_dir)
    try:
        with store.session_factory() as session:
            report = verify_audit_chain(session, store.derived_key("audit"))
    finally:
        store.close()
    if args.json:
        print(json.dumps(report.__dict__, default=str))
    elif report.ok:
        print(f"Audit log intact: {report.entries_checked} entries verified.")
    else:
        print(
            f"AUDIT LOG TAMPERED: entry {report.first_bad_id} (sequence {report.first_bad_seq}) "
            f"fails verification: {report.reason}. {report.entries_checked} entries checked.",
            file=sys.stderr,
        )
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_backup(args: argparse.Namespace) -> int:
    from medspa_desktop.store.backup import backup

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out: Path = args.out or args.data_dir / "backups" / f"medspa-{stamp}.backup"
    store = _open_store(args.data_dir)
    try:
        info = backup(store, out)
    finally:
        store.close()
    print(f"Encrypted backup written to {out}")
    print(info)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from medspa_desktop.store import keys
    from medspa_desktop.store.backup import restore

    data_dir: Path = args.data_dir
    # NOTE: a backup is keyed with its clinic's database key. Without a recovery key the key
    # comes from this folder's keyring entry (or demo.key), and none is ever made up here.
    if args.recovery_key_file:
        key = keys.parse_recovery_key(args.recovery_key_file.read_text())
    elif is_demo_dir(data_dir):
        key = keys.demo_key(data_dir, database_exists=True)
    else:
        key = keys.keyring_key(data_dir, database_exists=True)
    result = restore(data_dir, args.backup_file, key=key)
    if args.recovery_key_file and not is_demo_dir(data_dir):
        keys.adopt_recovery_key(data_dir, key)
    _audit_without_login(data_dir, "store.restored", detail=f"from {args.backup_file.name}")
    print(f"Restored {data_dir} from {args.backup_file}; integrity check passed.")
    print(result)
    return EXIT_OK


def cmd_recovery_key(args: argparse.Namespace) -> int:
    from medspa_desktop.store.keys import format_recovery_key

    store = _open_store(args.data_dir)
    try:
        text = format_recovery_key(store.db_key)
    finally:
        store.close()
    _audit_without_login(args.data_dir, "store.recovery_key_shown")
    print(
        "Recovery key for the clinic data in " + str(args.data_dir) + ":\n\n  " + text + "\n\n"
        "With this key, 'medspa restore BACKUP --recovery-key-file FILE' restores a backup on "
        "another computer. Anyone holding it and a backup can read every client record: "
        "print it, keep it in the clinic's safe, and never e-mail or photograph it."
    )
    return EXIT_OK


def _audit_without_login(data_dir: Path, action: str, *, detail: str = "") -> None:
    """Audit a command-line action; nobody is logged in, so the entry names no staff."""
    from medspa_desktop.services.audit import AuditEvent, record_audit

    store = _open_store(data_dir)
    try:
        with store.uow() as uow:
            record_audit(
                uow, None, AuditEvent(action), entity="store", entity_id="", outcome="ok",
                detail=detail,
            )  # fmt: skip
            uow.commit()
    finally:
        store.close()


def cmd_screenshots(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.demo:
        ensure_demo_clinic(args.data_dir, seed=args.seed, clients=args.clients)
    from medspa_desktop.ui.screenshots import render_screenshots

    paths = render_screenshots(
        args.data_dir, args.out, demo=args.demo or is_demo_dir(args.data_dir)
    )
    for path in paths:
        print(path)
    print(f"{len(paths)} screenshots written to {args.out}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="medspa", description=f"{APP_NAME} {__version__}")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str, func: Callable[[argparse.Namespace], int], help_: str
    ) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_, description=help_)
        cmd.add_argument(
            "--data-dir", type=Path, default=default_data_dir(), help="clinic data directory"
        )
        cmd.set_defaults(func=func)
        return cmd

    def demo_options(cmd: argparse.ArgumentParser, *, flag: bool) -> None:
        if flag:
            cmd.add_argument("--demo", action="store_true", help="create a demo clinic if absent")
        cmd.add_argument("--seed", type=int, default=1, help="demo data seed (deterministic)")
        cmd.add_argument("--clients", type=int, default=5000, help=argparse.SUPPRESS)

    run = add("run", cmd_run, "start the app")
    demo_options(run, flag=True)
    run.add_argument("--tablet", action="store_true", help="tablet layout: large touch targets")
    run.add_argument(
        "--no-sync-server",
        dest="sync_server",
        action="store_false",
        help="with --demo: don't start the local demo sync server (the demo stays offline)",
    )
    demo_options(add("demo", cmd_demo, "create a deterministic demo clinic"), flag=False)
    verify = add("verify-audit", cmd_verify_audit, "check the hash chain of the audit log")
    verify.add_argument("--json", action="store_true", help="machine-readable result")
    backup = add("backup", cmd_backup, "write an encrypted backup of the clinic data")
    backup.add_argument("--out", type=Path, help="backup file (default: DATA_DIR/backups/...)")
    restore = add("restore", cmd_restore, "restore the clinic data from an encrypted backup")
    restore.add_argument("backup_file", type=Path, help="backup file written by 'medspa backup'")
    restore.add_argument(
        "--recovery-key-file",
        type=Path,
        help="restore on another computer: a file holding the key 'medspa recovery-key' shows",
    )
    add(
        "recovery-key",
        cmd_recovery_key,
        "show the recovery key that opens this clinic's backups on another computer",
    )
    shots = add("screenshots", cmd_screenshots, "render every view and dialog to PNG files")
    shots.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    demo_options(shots, flag=True)
    cli_sync.register(sub, add)
    cli_reconcile.register(sub, add)
    cli_lots.register(sub, add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except StoreError as err:
        print(f"medspa {args.command}: {err}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("Interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
