"""Screenshot scenes of sync: the status bar online, offline and during the first sync, the
Sync panel with a double booking, moving one, and connecting to a clinic server.

The scenes change nothing in the clinic's data: the states are reported as the worker would
report them (through the window's ``SyncBridge``, which no worker drives here), and the
double booking is two real appointments of the demo shown as overlapping (only on
screen). Connecting is tried against a closed local port, so the refusal is the real one.
Main thread of ``medspa screenshots``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from medspa_desktop.jobs.sync_status import FirstSyncProgress, WorkerStatus
from medspa_desktop.services.sync_conflicts import Booking, SyncConflict, neighbouring_bookings
from medspa_desktop.ui.enrol_dialog import EnrolDialog
from medspa_desktop.ui.main_window import MainWindow
from medspa_desktop.ui.shooter import Shooter
from medspa_desktop.ui.sync_conflicts import MoveDialog, local
from medspa_desktop.ui.sync_panel import SyncDialog

SERVER = "https://sync.lumiere-aesthetics.example"
UNREACHABLE = "http://127.0.0.1:9"
"""The discard port: nothing listens, so connecting is refused at once."""


Over = Callable[[Shooter, str, QWidget, QWidget], None]
"""``screenshot_scenes.over``: picture a dialog over the window (passed in: that module
imports this one)."""


def sync_scenes(shot: Shooter, window: MainWindow, over: Over) -> None:
    """Every sync scene, over ``window`` with a manager logged in."""
    now = dt.datetime.now(dt.UTC)
    status_bar_scenes(shot, window, now)
    conflict = _shown_conflict(window)
    if conflict is not None:
        window.sync.status_changed.emit(_status(now, conflicts=1))
        dialog = SyncDialog(window, window.session, window.sync)
        dialog.show()
        shot.settle()  # its own (empty) list has come; the shown conflict replaces it
        dialog.panel.show_conflicts([conflict])
        over(shot, "sync-panel-conflict", window, dialog)
        move = MoveDialog(window, window.session, conflict, conflict.booking)
        move.start.setDateTime(move.start.dateTime().addSecs(-30 * 60))
        move.errors.show({"new_start": _clash(conflict)})
        over(shot, "sync-move-refused", window, move)
    window.sync.status_changed.emit(None)  # the device as before it was connected
    over(shot, "sync-enrol-dialog", window, EnrolDialog(window, window.session))
    over(shot, "sync-enrol-refused", window, _refused_enrolment(shot, window))


def status_bar_scenes(shot: Shooter, window: MainWindow, now: dt.datetime) -> None:
    minutes = dt.timedelta(minutes=1)
    show = window.sync.status_changed.emit  # as the worker reports: every view follows
    show(_status(now))
    shot.shoot("sync-status-online", window)
    offline = _status(
        now,
        online=False,
        pending=3,
        oldest_pending_at=now - 14 * minutes,
        last_success=now - 16 * minutes,
        last_error=(
            f"The sync server {SERVER} could not be reached (ConnectError). Changes stay on "
            "this device and sync once the connection is back; check the network if this lasts."
        ),
        next_attempt=now + 2 * minutes,
    )
    show(offline)
    shot.shoot("sync-status-offline", window)
    progress = FirstSyncProgress("snapshot", 26, 44, rows=36_163)
    first = _status(
        now, online=None, syncing=True, progress=progress, first_sync_done=False, last_success=None
    )
    show(first)
    shot.shoot("sync-status-first-sync", window)


def _status(now: dt.datetime, **fields: object) -> WorkerStatus:
    values: dict[str, object] = {
        "enrolled": True, "server_url": SERVER, "online": True, "pending": 0,
        "oldest_pending_at": None, "last_success": now - dt.timedelta(minutes=2),
        "last_error": "", "conflicts": 0, "first_sync_done": True,
    }  # fmt: skip
    return WorkerStatus(**{**values, **fields})  # type: ignore[arg-type]


def _shown_conflict(window: MainWindow) -> SyncConflict | None:
    """Two upcoming demo appointments of one practitioner, the later shown overlapping."""
    now = dt.datetime.now(dt.UTC)
    pair = window.session.work(
        lambda uow, actor: neighbouring_bookings(uow=uow, actor=actor, after=now)
    )()
    if pair is None:
        return None
    first, later = pair
    start = first.starts_at + first.duration / 2
    moved = Booking(**{**later.__dict__, "starts_at": start, "ends_at": start + later.duration})
    return SyncConflict(booking=_in_conflict(moved), overlaps=first, shared=("practitioner",))


def _in_conflict(booking: Booking) -> Booking:
    return Booking(**{**booking.__dict__, "status": "conflict"})


def _clash(conflict: SyncConflict) -> str:
    other = conflict.overlaps
    assert other is not None
    start, end = (local(t, other.time_zone) for t in (other.starts_at, other.ends_at))
    return (
        f"That time overlaps {other.client_name}'s {other.service_name} ({start:%H:%M}–"
        f"{end:%H:%M}) with the same practitioner, room or machine. Choose a time when they "
        "are free."
    )


def _refused_enrolment(shot: Shooter, window: MainWindow) -> EnrolDialog:
    dialog = EnrolDialog(window, window.session, UNREACHABLE)
    dialog.code.setText("K7Q2-9XWD-M4TP")
    dialog.device_name.setText("Front desk 1")
    dialog.show()
    dialog.connect_device()
    shot.settle()
    dialog.hide()
    return dialog
