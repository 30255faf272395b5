"""The client list: a search box over a table of clients; Enter opens the chosen one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.ui.clients.finder import RESULT_LIMIT, ClientFinder, Found
from medspa_desktop.ui.clients.model import ClientTableModel
from medspa_desktop.ui.ops import show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.style import fit_rows, icon
from medspa_desktop.ui.widgets import EmptyState, button, label

_OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ClientListPage(QWidget):
    """Emits ``open_client(id)`` and ``new_client()``."""

    open_client = Signal(str)
    new_client = Signal()

    def __init__(self, session: AppSession, country: Callable[[], str]) -> None:
        super().__init__()
        self.setObjectName("Page")
        self.model = ClientTableModel()
        self.finder = ClientFinder(session, country)
        self.finder.setParent(self)
        self.finder.found.connect(self._show)
        self.finder.failed.connect(lambda err: show_failure(self, err, "Search failed"))
        self._total = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(10)
        layout.addLayout(self._top_row())
        self.summary = label("", "hint")
        layout.addWidget(self.summary)
        self.results = QStackedWidget()
        self.table = self._make_table()
        self.nothing = EmptyState("No client found", "", icon_name="clients-large")
        self.results.addWidget(self.table)
        self.results.addWidget(self.nothing)
        layout.addWidget(self.results, 1)
        self.search.textChanged.connect(self.finder.type)
        self.search.installEventFilter(self)

    def _top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(label("Clients", "title"))
        row.addSpacing(16)
        self.search = QLineEdit()
        self.search.setObjectName("SearchBox")
        self.search.setPlaceholderText("Find a client: name, phone or e-mail  (Ctrl+F)")
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find a client")
        row.addWidget(self.search, 1)
        self.add_button = button("New client  (Ctrl+N)", "primary")
        self.add_button.clicked.connect(self.new_client)
        row.addWidget(self.add_button)
        return row

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        fit_rows(table)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 300), (1, 170), (3, 130), (4, 110)):
            table.setColumnWidth(column, width)
        table.doubleClicked.connect(self._open_index)
        table.installEventFilter(self)
        table.verticalScrollBar().valueChanged.connect(self._maybe_load_more)
        return table

    def refresh(self) -> None:
        """Run the current search (or list) again, e.g. after a client was saved."""
        self.finder.now(self.search.text())

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def shut_down(self) -> None:
        self.finder.stop()

    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()).id if index.isValid() else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() in _OPEN_KEYS:
            self._open_current()
            return True
        if watched is self.search and event.key() == Qt.Key.Key_Down and self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(max(self.table.currentIndex().row(), 0))
            return True
        return False

    def _open_current(self) -> None:
        if self.finder.busy and self.search.hasFocus():
            return  # results for the latest keystrokes are on their way; not a stale row
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)
        client_id = self.selected_id()
        if client_id:
            self.open_client.emit(client_id)

    def _open_index(self, index: QModelIndex) -> None:
        self.open_client.emit(self.model.row_at(index.row()).id)

    def _show(self, answer: Found) -> None:
        if answer.offset:
            self.model.append_rows(answer.rows)
            return
        self.model.set_rows(answer.rows)
        self._total = answer.total
        term = answer.text.strip()
        if term:
            shown = len(answer.rows)
            self.summary.setText(
                f"The {shown} best matches for “{term}”"
                if shown >= RESULT_LIMIT
                else f"{shown} found for “{term}”"
            )
        else:
            self.summary.setText(
                f"{answer.total:,} clients. Type a name, phone number or e-mail to find one."
            )
        self._show_nothing(term if not answer.rows else None)
        if answer.rows:
            self.table.selectRow(0)

    def _show_nothing(self, term: str | None) -> None:
        if term is None:
            self.results.setCurrentWidget(self.table)
            return
        body = (
            f"Nobody matches “{term}”. Check the spelling or try a phone number or e-mail; "
            "if they are new, add them with New client (Ctrl+N)."
        )
        self.nothing.set_message("No client found", body)
        self.results.setCurrentWidget(self.nothing)

    def _maybe_load_more(self, value: int) -> None:
        bar = self.table.verticalScrollBar()
        loaded = self.model.rowCount()
        if value >= bar.maximum() - 10 and loaded < self._total:
            self.finder.more(loaded)
