"""The open tickets of the Checkout section: a thin table model over ``open_tickets``
results, and the table that shows them (Enter or a double-click asks to open the chosen
one). Times show on the location's clock: today's as the time, older ones with their day.
GUI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTableView

from medspa_desktop.services.sale_lists import OpenTicketInfo
from medspa_desktop.ui.checkout.words import money
from medspa_desktop.ui.style import list_table

COLUMNS = ("Ticket", "Client", "Opened", "Total", "Paid", "Balance due")
AMOUNTS = frozenset({3, 4, 5})
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
Index = QModelIndex | QPersistentModelIndex


def opened_text(ticket: OpenTicketInfo, today: dt.date | None = None) -> str:
    """``14:05`` for a ticket opened today (on the location's clock), else ``Mon 24 Nov,
    14:05``: an older ticket is easy to tell apart."""
    zone = ZoneInfo(ticket.time_zone)
    local = ticket.opened_at.astimezone(zone)
    if local.date() == (today or dt.datetime.now(zone).date()):
        return f"{local:%H:%M}"
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


class OpenTicketsModel(QAbstractTableModel):
    """One row per open ticket; the cells are worked out once, when the rows arrive."""

    def __init__(self) -> None:
        super().__init__()
        self.tickets: tuple[OpenTicketInfo, ...] = ()
        self._cells: list[tuple[str, ...]] = []

    def show(self, tickets: Sequence[OpenTicketInfo], currency: str) -> None:
        self.beginResetModel()
        self.tickets = tuple(tickets)
        self._cells = [
            (
                t.number, t.client_name, opened_text(t), money(t.total_minor, currency),
                money(t.paid_minor, currency), money(t.total_minor - t.paid_minor, currency),
            )
            for t in self.tickets
        ]  # fmt: skip
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.tickets)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in AMOUNTS:
            return RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in AMOUNTS:
            return RIGHT
        return None


class OpenTicketsTable(QTableView):
    """``open_requested(ticket_id)`` on Enter or a double-click."""

    open_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.tickets = OpenTicketsModel()
        self.setModel(self.tickets)
        self.setAccessibleName("Open tickets")
        list_table(self, 1)
        self.horizontalHeader().setMinimumSectionSize(110)
        self.doubleClicked.connect(lambda _index: self.open_chosen())

    def show_tickets(self, tickets: Sequence[OpenTicketInfo], currency: str) -> None:
        """Show ``tickets``, keeping the chosen one chosen (or the first)."""
        keep = self.chosen()
        self.tickets.show(tickets, currency)
        ids = [t.id for t in tickets]
        if keep is not None and keep in ids:
            self.selectRow(ids.index(keep))
        elif ids:
            self.selectRow(0)

    def chosen(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.tickets.tickets):
            return None
        return self.tickets.tickets[rows[0].row()].id

    def open_chosen(self) -> None:
        ticket_id = self.chosen()
        if ticket_id is not None:
            self.open_requested.emit(ticket_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_chosen()
        else:
            super().keyPressEvent(event)
