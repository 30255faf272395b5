"""The client list's Qt model: a thin adapter over rows the clients service already returned.

``data()`` only reads the cached rows, never the database. Display text (formatted phone
numbers, ages) is prepared on the database worker together with the query, so painting
stays cheap even while scrolling fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import phonenumbers
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from medspa_desktop.services.clients import ClientSummary

Index = QModelIndex | QPersistentModelIndex

ALERT_MARK = "⚠ Alert"
COLUMNS = ("Name", "Phone", "E-mail", "Date of birth", "Medical")
ALERT_COLOUR = QColor("#b42318")


@dataclass(frozen=True)
class ClientRow:
    """One client as the list shows it."""

    summary: ClientSummary
    phone: str
    born: str

    @property
    def id(self) -> str:
        return self.summary.id

    @property
    def name(self) -> str:
        preferred = self.summary.preferred_name
        known_as = f" ({preferred})" if preferred and preferred != self.summary.first_name else ""
        return f"{self.summary.display_name}{known_as}"


def display_phone(e164: str, country: str) -> str:
    """National format for the clinic's own country, international for any other."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    national = phonenumbers.region_code_for_number(number) == country.upper()
    style = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(number, style.NATIONAL if national else style.INTERNATIONAL)


def display_date(day: dt.date | None) -> str:
    return day.strftime("%d %b %Y") if day else ""


def rows_of(summaries: Sequence[ClientSummary], country: str) -> list[ClientRow]:
    """Prepare display rows. Runs on the database worker, inside the query's operation."""
    return [
        ClientRow(s, display_phone(s.phone, country), display_date(s.date_of_birth))
        for s in summaries
    ]


class ClientTableModel(QAbstractTableModel):
    """Rows of the current search result or list page. GUI thread."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ClientRow] = []

    def set_rows(self, rows: list[ClientRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def append_rows(self, rows: list[ClientRow]) -> None:
        if not rows:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def row_at(self, row: int) -> ClientRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            return QBrush(ALERT_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and row.summary.has_medical_alerts:
            return "Allergies or medical flags recorded: open the profile before booking."
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    @staticmethod
    def _text(row: ClientRow, column: int) -> str:
        if column == 0:
            return row.name
        if column == 1:
            return row.phone
        if column == 2:
            return row.summary.email
        if column == 3:
            return row.born
        return ALERT_MARK if row.summary.has_medical_alerts else ""
