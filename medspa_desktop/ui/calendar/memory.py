"""The calendar remembers how each member of staff left it (day or week, practitioners or
rooms, whose week) across restarts, in a small settings file in the data folder.

NOTE: a local file rather than the database: it is this device's preference, never synced,
and reading it on the GUI thread cannot wait behind the database worker. GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from medspa_desktop.ui.calendar.toolbar import MODES, STAFF_DAY

FILE_NAME = "calendar-view.ini"


@dataclass(frozen=True)
class ViewChoice:
    mode: str = STAFF_DAY
    week_staff_id: str = ""


class ViewMemory:
    """Reads and writes one member of staff's last view."""

    def __init__(self, data_dir: Path, staff_id: str) -> None:
        self._settings = QSettings(str(data_dir / FILE_NAME), QSettings.Format.IniFormat)
        self._group = f"staff-{staff_id}"

    def load(self) -> ViewChoice:
        self._settings.beginGroup(self._group)
        try:
            mode = str(self._settings.value("mode", STAFF_DAY))
            staff_id = str(self._settings.value("week_staff_id", ""))
        finally:
            self._settings.endGroup()
        known = {key for key, _ in MODES}
        return ViewChoice(mode if mode in known else STAFF_DAY, staff_id)

    def save(self, choice: ViewChoice) -> None:
        self._settings.beginGroup(self._group)
        try:
            self._settings.setValue("mode", choice.mode)
            self._settings.setValue("week_staff_id", choice.week_staff_id)
        finally:
            self._settings.endGroup()
        self._settings.sync()
