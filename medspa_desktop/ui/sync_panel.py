"""The Sync panel: the state of sync in words, "Sync now", and the double bookings to resolve.

Opened from the status bar's sync indicator (``SyncDialog``, anyone logged in) and shown in
Settings → Sync (managers and owners, with "Connect to clinic server…"). Resolving goes
through ``services.sync_conflicts`` as a mutation, so it is saved with its outbox entries
and the worker syncs it soon after.

Public API: ``SyncPanel``, ``SyncDialog``. GUI thread.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QVBoxLayout, QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.jobs.sync_status import WorkerStatus
from medspa_desktop.services.sync_conflicts import (
    Booking,
    Cancel,
    KeepThis,
    ResolveConflict,
    SyncConflict,
    list_conflicts,
    resolve_conflict,
)
from medspa_desktop.ui.dialogs import DIALOG_MARGIN_PX, FittedDialog
from medspa_desktop.ui.ops import Changed, OpChanges, show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.sync_bridge import SyncBridge
from medspa_desktop.ui.sync_conflicts import (
    CANCEL,
    KEEP,
    ConflictList,
    MoveDialog,
    when_text,
)
from medspa_desktop.ui.sync_status import ago, waiting
from medspa_desktop.ui.widgets import button, button_row, confirmation_box, label, when_confirmed

CONFLICTS_HINT = (
    "While offline, two devices booked the same practitioner, room or machine at overlapping "
    "times. Both bookings were kept; decide which one stays. Call the client of a moved or "
    "cancelled appointment: they are not told automatically."
)


class SyncPanel(QWidget):
    """Sync state, "Sync now" and the conflicts; reloads them when sync or an edit changes them."""

    def __init__(self, session: AppSession, bridge: SyncBridge) -> None:
        super().__init__()
        self.session, self.bridge = session, bridge
        self.conflicts: list[SyncConflict] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(18, 14, 18, 14)
        column.setSpacing(8)
        column.addWidget(label("Sync with the clinic server", "subtitle"))
        column.addLayout(self._state_form())
        self.button_row = QHBoxLayout()
        column.addLayout(self.button_row)
        self.sync_button = button("Sync now")
        self.sync_button.clicked.connect(bridge.sync_now)
        self.button_row.addWidget(self.sync_button)
        # NOTE: shown or hidden only once it has a parent: setVisible(True) on a widget
        # without one opens it as a window of its own.
        self.sync_button.setVisible(session.may(Action.SYNC_RUN))
        self.button_row.addStretch(1)
        column.addWidget(label("Double bookings to resolve", "subtitle"))
        column.addWidget(label(CONFLICTS_HINT, "hint", wrap=True))
        self.list = ConflictList()
        self.list.chosen.connect(self.choose)
        column.addWidget(self.list, 1)
        self._seen_conflicts: int | None = None
        bridge.status_changed.connect(self.show_status)
        session.hub.changed.connect(self._on_changes)
        self.show_status(bridge.status)
        self.reload()

    def _state_form(self) -> QFormLayout:
        form = QFormLayout()
        form.setVerticalSpacing(4)
        self.connection, self.pending, self.last_sync = label(""), label(""), label("")
        self.problem = label("", wrap=True)
        form.addRow("Connection:", self.connection)
        form.addRow("Waiting to sync:", self.pending)
        form.addRow("Last successful sync:", self.last_sync)
        form.addRow("Last problem:", self.problem)
        return form

    def show_status(self, status: WorkerStatus | None) -> None:
        now = dt.datetime.now(dt.UTC)
        if status is None or not status.enrolled:
            self.connection.setText("Not connected to a clinic server yet")
            self.pending.setText("—")
        else:
            self.connection.setText(f"{_connection(status)} ({status.server_url})")
            progress = status.progress
            self.pending.setText(progress.describe() if progress else waiting(status, now))
        success = status.last_success if status is not None else None
        self.last_sync.setText(ago(success, now) if success else "never")
        problems = [status.note, status.last_error] if status is not None else []
        self.problem.setText("\n".join(filter(None, problems)) or "none")
        self.sync_button.setEnabled(status is not None and status.enrolled)
        count = status.conflicts if status is not None else None
        if count is not None and count != self._seen_conflicts:
            self._seen_conflicts = count
            self.reload()

    def reload(self) -> None:
        """Fetch the conflicts again (database worker)."""
        if not self.session.may(Action.APPOINTMENT_VIEW):
            return
        self.session.query(self, lambda uow, actor: list_conflicts(uow=uow, actor=actor)).success(
            self.show_conflicts
        ).run()

    def show_conflicts(self, conflicts: list[SyncConflict]) -> None:
        """Show ``conflicts`` as cards (what ``reload`` fetched). GUI thread."""
        self.conflicts = conflicts
        self.list.show_conflicts(
            conflicts, may_resolve=self.session.may(Action.SYNC_CONFLICT_RESOLVE)
        )

    def _on_changes(self, changes: OpChanges) -> None:
        if changes.touches(Changed.APPOINTMENTS):
            self.reload()

    def choose(self, kind: str, conflict: SyncConflict, booking: Booking) -> None:
        """A card's button: confirm, then resolve (or open the move dialog)."""
        conflict_id = conflict.booking.id
        other = conflict.overlaps.id if conflict.overlaps else None
        if kind == KEEP:
            dropped = conflict.overlaps if booking.id == conflict_id else conflict.booking
            cmd: ResolveConflict = KeepThis(conflict_id, other, keep_id=booking.id)
            question = f"Keep {_named(booking)}"
            question += f" and cancel {_named(dropped)}?" if dropped else "?"
            self._confirm("Keep this booking", question, "Keep this one", cmd)
        elif kind == CANCEL:
            cmd = Cancel(conflict_id, other, appointment_id=booking.id)
            question = f"Cancel {_named(booking)}? Call the client to rebook."
            self._confirm("Cancel booking", question, "Cancel appointment", cmd, danger=True)
        else:
            dialog = MoveDialog(self, self.session, conflict, booking)
            dialog.open()

    def _confirm(
        self, title: str, text: str, confirm: str, cmd: ResolveConflict, *, danger: bool = False
    ) -> None:
        box = confirmation_box(self, title, text, confirm, danger=danger)
        when_confirmed(box, lambda: self.resolve(cmd))
        box.open()

    def resolve(self, cmd: ResolveConflict) -> None:
        """Save the resolution (database worker); every view of appointments reloads."""
        self.session.mutate(
            self,
            lambda uow, actor: resolve_conflict(cmd, uow=uow, actor=actor),
            OpChanges.of(Changed.APPOINTMENTS),
        ).failure(self._refused).run()

    def _refused(self, err: BaseException) -> None:
        show_failure(self, err, "Not resolved")
        self.reload()  # it may have been resolved elsewhere meanwhile


def _connection(status: WorkerStatus) -> str:
    if status.online is None:
        return "connecting…" if status.syncing else "not tried yet"
    return "online" if status.online else "offline"


def _named(booking: Booking) -> str:
    return f"{booking.client_name}'s {booking.service_name} ({when_text(booking)})"


class SyncDialog(FittedDialog):
    """The Sync panel in a window of its own, opened from the status bar."""

    def __init__(self, parent: QWidget | None, session: AppSession, bridge: SyncBridge) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync")
        # Most of the window: room for the conflicts, whatever the screen (tablet included).
        room = parent.window().size() if parent is not None else QSize(1100, 720)
        self.setMinimumSize(
            min(1000, room.width() - 2 * DIALOG_MARGIN_PX),
            min(640, room.height() - 2 * DIALOG_MARGIN_PX),
        )
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 12)
        self.panel = SyncPanel(session, bridge)
        column.addWidget(self.panel, 1)
        close = button("Close", default=True)
        close.clicked.connect(self.accept)
        row = button_row(close)
        row.setContentsMargins(0, 0, 12, 0)
        column.addLayout(row)
