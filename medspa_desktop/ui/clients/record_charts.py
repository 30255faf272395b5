"""The Charts tab of the client's record: every chart, newest first, with its date, service,
practitioner, whether it is signed and how many addenda it has. Practitioners, managers and
owners open one in the chart screen (double-click, Enter or "Open chart"); the front desk
sees only that the charts exist. GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QTableView, QVBoxLayout

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.sync_policy import CHART_LOCKED_STATUS
from medspa_desktop.services.chart_read import ChartListing, charts_of_client
from medspa_desktop.ui.charting.dialog import ChartDialog, open_chart
from medspa_desktop.ui.clients.record_tab import RecordTab, concerns_client
from medspa_desktop.ui.clients.record_words import day_text
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.style import list_table
from medspa_desktop.ui.widgets import button, label

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Date", "Service", "Practitioner", "Status", "Addenda")
CLINICAL_HINT = "Double-click a chart, or choose it and press Enter, to open it."
DESK_HINT = "Which charts exist. Only practitioners, managers and owners open them."
NOTHING = "No chart yet: a chart is started from the appointment once the client arrives."


def chart_cells(listing: ChartListing) -> tuple[str, ...]:
    signed = listing.status == CHART_LOCKED_STATUS
    return (
        day_text(listing.date),
        listing.service_name or "—",
        listing.practitioner_name or "—",
        "Signed" if signed else "Draft",
        str(listing.addenda) if listing.addenda else "—",
    )


class ChartListModel(QAbstractTableModel):
    """The listed charts and their cells, prepared once. GUI thread."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: list[ChartListing] = []
        self._cells: list[tuple[str, ...]] = []

    def set_charts(self, charts: Sequence[ChartListing]) -> None:
        self.beginResetModel()
        self.charts = list(charts)
        self._cells = [chart_cells(chart) for chart in charts]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.charts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        shown = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
        if index.isValid() and role in shown:  # the tip: the whole text of a cut-off cell
            return self._cells[index.row()][index.column()]
        return None


class ChartsTab(RecordTab):
    def __init__(self, session: AppSession) -> None:
        super().__init__(session)
        self.may_open = session.may(Action.CHART_VIEW)
        self.chart_dialog: ChartDialog | None = None
        self.model = ChartListModel()
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(label(CLINICAL_HINT if self.may_open else DESK_HINT, "hint", wrap=True), 1)
        self.open_button = button("Open chart", "primary")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_current)
        top.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignVCenter)
        column.addLayout(top)
        self.open_button.setVisible(self.may_open)  # once it has a parent: never a window
        self.status = label("", "hint", wrap=True)
        column.addWidget(self.status)
        self.table = QTableView()
        self.table.setModel(self.model)
        list_table(self.table, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._offer_open())
        if self.may_open:
            self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                enter = QShortcut(QKeySequence(key), self.table)
                enter.setContext(Qt.ShortcutContext.WidgetShortcut)
                enter.activated.connect(self.open_current)
        column.addWidget(self.table, 1)

    def concerns(self, changes: OpChanges, client_id: str) -> bool:
        return concerns_client(changes, client_id, Changed.APPOINTMENTS)

    def load(self, client_id: str) -> None:
        if not self.model.charts:
            self._say("Reading the client's charts…")
        self.ask(lambda uow, actor: charts_of_client(client_id, uow=uow, actor=actor), self._show)

    def clear(self) -> None:
        self.model.set_charts(())
        self._say("")
        self._offer_open()

    def show_problem(self, text: str) -> None:
        self._say(f"The charts could not be read. {text}")

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _show(self, charts: tuple[ChartListing, ...]) -> None:
        chosen = self.current()
        self.model.set_charts(charts)
        self._say("" if charts else NOTHING)
        ids = [chart.chart_id for chart in charts]
        if charts:
            keep = ids.index(chosen.chart_id) if chosen and chosen.chart_id in ids else 0
            self.table.selectRow(keep)
        self._offer_open()

    def current(self) -> ChartListing | None:
        row = self.table.currentIndex().row()
        return self.model.charts[row] if 0 <= row < len(self.model.charts) else None

    def _offer_open(self) -> None:
        chosen = self.current()
        self.open_button.setEnabled(chosen is not None and chosen.appointment_id is not None)

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_row(index.row())

    def open_row(self, row: int) -> ChartDialog | None:
        """Open the chart of ``row`` in the chart screen, over the window."""
        chart = self.model.charts[row] if 0 <= row < len(self.model.charts) else None
        if not self.may_open or chart is None or chart.appointment_id is None:
            return None
        dialog = open_chart(self.window(), self.session, chart.appointment_id)
        dialog.finished.connect(lambda _result: setattr(self, "chart_dialog", None))
        self.chart_dialog = dialog
        return dialog
