"""The sync indicator of the status bar: online or offline, changes waiting and for how
long, the last successful sync, the last problem, and a progress bar during the first sync.

Public API: ``describe(status, now) -> Shown`` (the words, testable without Qt) and
``SyncIndicator`` (the widget; ``clicked`` opens the Sync panel). GUI thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QToolButton, QWidget

from medspa_desktop.jobs.sync_status import WorkerStatus
from medspa_desktop.ui.style import restyle

NOT_SET_UP = "Sync: not set up"
NOT_SET_UP_HELP = (
    "This device is not enrolled with a clinic server yet, so nothing is synced. Everything "
    "you do is saved on this computer. A manager can connect it in Settings → Sync."
)
OPEN_PANEL = "Click for the Sync panel."


@dataclass(frozen=True)
class Shown:
    text: str
    detail: str
    tone: str
    """``idle``, ``ok``, ``busy``, ``offline`` or ``problem``: the indicator's colour."""


def ago(moment: dt.datetime, now: dt.datetime) -> str:
    """'just now', '4 min ago', '3 h ago', '2 days ago'."""
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def waiting(status: WorkerStatus, now: dt.datetime) -> str:
    """'3 changes waiting (oldest 12 min)' or 'all changes synced'."""
    if not status.pending:
        return "all changes synced"
    count = f"{status.pending:,} change{'s' if status.pending != 1 else ''} waiting"
    if status.oldest_pending_at is None:
        return count
    return f"{count} (oldest {ago(status.oldest_pending_at, now).removesuffix(' ago')})"


def describe(status: WorkerStatus | None, now: dt.datetime) -> Shown:
    """What the indicator says for ``status`` at ``now``; the detail is its tooltip."""
    if status is None or not status.enrolled:
        note = status.note if status is not None else ""
        if note:  # set-up failed (the demo server did not start): say so, why in the tooltip
            return Shown(f"{NOT_SET_UP} · problem", f"{note}\n\n{NOT_SET_UP_HELP}", "problem")
        return Shown(NOT_SET_UP, NOT_SET_UP_HELP, "idle")
    if status.progress is not None:
        # The counts are on the progress bar beside it.
        text = f"Sync: first sync · {status.progress.activity()}"
        return Shown(text, _detail(status, now), "busy")
    parts = [_headline(status), _progress_words(status, now)]
    if status.conflicts:
        parts.append(f"{status.conflicts} double booking{'s' if status.conflicts > 1 else ''}")
    if status.last_error and status.online is not False:
        parts.append("problem")
    return Shown("Sync: " + " · ".join(parts), _detail(status, now), _tone(status))


def _progress_words(status: WorkerStatus, now: dt.datetime) -> str:
    """Short, for the status bar: 'up to date (2 min ago)', '3 waiting (oldest 14 min) ·
    last sync 16 min ago'."""
    success = status.last_success
    last = ago(success, now) if success else ""
    if not status.pending:
        return f"up to date ({last})" if success else "nothing to send yet"
    count = f"{status.pending:,} waiting"
    if status.oldest_pending_at is not None:
        count += f" (oldest {ago(status.oldest_pending_at, now).removesuffix(' ago')})"
    return f"{count} · {'last sync ' + last if success else 'never synced'}"


def _headline(status: WorkerStatus) -> str:
    if status.online is None:
        return "connecting" if status.syncing else "not tried yet"
    return "online" if status.online else "offline"


def _tone(status: WorkerStatus) -> str:
    if status.online is False:
        return "offline"
    return "problem" if status.last_error or status.conflicts else "ok"


def _detail(status: WorkerStatus, now: dt.datetime) -> str:
    last = status.last_success
    lines = [status.progress.describe()] if status.progress is not None else []
    lines += [
        f"Server: {status.server_url}",
        f"Connection: {_connection(status)}",
        f"Changes waiting to sync: {waiting(status, now)}",
        f"Last successful sync: {_when(last, now) if last else 'not yet'}",
    ]
    if status.next_attempt is not None and status.next_attempt > now:
        lines.append(f"Next try: {_in(status.next_attempt, now)}")
    if status.conflicts:
        lines.append(f"Double bookings to resolve: {status.conflicts}")
    for problem in (status.note, status.last_error):
        if problem:
            lines.append(f"Last problem: {problem}")
    lines.append(OPEN_PANEL)
    return "\n".join(lines)


def _connection(status: WorkerStatus) -> str:
    if status.online is None:
        return "not tried yet"
    if status.online:
        return "online"
    return "offline — changes are kept here and sync when the server can be reached"


def _when(moment: dt.datetime, now: dt.datetime) -> str:
    local = moment.astimezone()
    stamp = (
        local.strftime("%H:%M")
        if local.date() == now.astimezone().date()
        else (local.strftime("%d %b %H:%M"))
    )
    return f"{stamp} ({ago(moment, now)})"


def _in(moment: dt.datetime, now: dt.datetime) -> str:
    seconds = max(1, int((moment - now).total_seconds()))
    return f"in {seconds} s" if seconds < 60 else f"in {seconds // 60} min"


class SyncIndicator(QWidget):
    """The right end of the status bar: first-sync progress and the sync state."""

    clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 4, 0)
        row.setSpacing(8)
        self.progress = QProgressBar()
        self.progress.setObjectName("SyncProgress")
        self.progress.setFixedWidth(220)
        self.progress.setVisible(False)
        self.button = QToolButton()
        self.button.setObjectName("SyncStatus")
        self.button.setAutoRaise(True)
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.clicked.connect(self.clicked)
        row.addWidget(self.progress)
        row.addWidget(self.button)
        self.shown = describe(None, dt.datetime.now(dt.UTC))
        self._apply(self.shown)

    def show_status(self, status: WorkerStatus | None, now: dt.datetime | None = None) -> None:
        self.shown = describe(status, now or dt.datetime.now(dt.UTC))
        self._apply(self.shown)
        self._show_progress(status)

    def show_note(self, text: str, detail: str) -> None:
        """A fixed message in the sync slot (screen locked, no session)."""
        self._apply(Shown(text, detail, "idle"))

    def _apply(self, shown: Shown) -> None:
        self.button.setText(shown.text)
        self.button.setToolTip(shown.detail)
        self.button.setAccessibleName(shown.text)
        self.button.setProperty("tone", shown.tone)
        restyle(self.button)

    def _show_progress(self, status: WorkerStatus | None) -> None:
        progress = status.progress if status is not None else None
        self.progress.setVisible(progress is not None)
        if progress is None:
            return
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(min(progress.done, progress.total))
        else:
            self.progress.setRange(0, 0)  # busy: how much is left is not known yet
        self.progress.setFormat(progress.counts() or "starting…")
        self.progress.setToolTip(progress.describe())
