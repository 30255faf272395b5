"""The Charts section: where charts are opened from (the appointment on the calendar), and
for managers and owners the lot recall: every client treated with, or sold, a given lot.
GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.domain.actions import Action
from medspa_desktop.services.lot_recall import LotRecall, lot_recall
from medspa_desktop.ui.ops import show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.style import list_table
from medspa_desktop.ui.widgets import CODE_TYPING, button, label

HOW = (
    "Charts are kept with their appointments: choose the appointment on the calendar and "
    "press “Chart…”. Photos and the client's consent and intake forms open from the chart."
)
RECALL_HINT = (
    "Lot recall: type a lot number from the manufacturer's notice to list every client "
    "treated with it or sold it, with how to reach them."
)
COLUMNS = ("Client", "Phone", "E-mail", "Date", "Practitioner", "Product", "Amount", "How")


class ChartsSection(QWidget):
    """The explanation, and the lot recall for roles allowed it (``results`` the table)."""

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.setObjectName("Page")
        self._session = session
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 18, 24, 16)
        column.setSpacing(10)
        column.addWidget(label("Charts", "title"))
        self.how = label(HOW, "hint", wrap=True)
        column.addWidget(self.how)
        self.recall = QWidget()
        column.addWidget(self.recall, 1)
        self._recall_layout(QVBoxLayout(self.recall))
        # NOTE: hidden only once it has a parent: a parentless widget made visible opens as
        # a window of its own, which takes the keyboard from the main window.
        self.recall.setVisible(session.may(Action.LOT_RECALL))
        self.last: LotRecall | None = None

    def _recall_layout(self, column: QVBoxLayout) -> None:
        column.setContentsMargins(0, 12, 0, 0)
        column.addWidget(label("Lot recall", "section"))
        column.addWidget(label(RECALL_HINT, "hint", wrap=True))
        row = QHBoxLayout()
        self.lot = QLineEdit()
        self.lot.setInputMethodHints(CODE_TYPING)
        self.lot.setPlaceholderText("Lot number, e.g. JUV89558E")
        self.lot.setMinimumHeight(44)
        self.lot.returnPressed.connect(self.find)
        self.find_button = button("Find clients", "primary")
        self.find_button.setMinimumHeight(44)
        self.find_button.clicked.connect(self.find)
        row.addWidget(self.lot, 1)
        row.addWidget(self.find_button)
        column.addLayout(row)
        self.summary = label("", "hint", wrap=True)
        column.addWidget(self.summary)
        self.results = QTableWidget(0, len(COLUMNS))
        self.results.setHorizontalHeaderLabels(COLUMNS)
        # Each column as wide as its words, the client's name taking the room left; on a
        # narrow screen the table scrolls sideways rather than cutting the headings.
        list_table(self.results, stretch=0)
        column.addWidget(self.results, 1)

    def find(self) -> None:
        """Look the typed lot up (on the database worker); the table shows who to contact."""
        wanted = self.lot.text().strip()
        if not wanted:
            self.summary.setText("Type the lot number first.")
            return
        self.summary.setText("Looking…")
        self._session.query(
            self, lambda uow, actor: lot_recall(wanted, uow=uow, actor=actor)
        ).success(self._show).failure(lambda err: show_failure(self, err, "Lot recall")).run()

    def _show(self, found: LotRecall) -> None:
        self.last = found
        self.summary.setText(_summary(found))
        self.results.setRowCount(len(found.entries))
        for n, entry in enumerate(found.entries):
            cells = (
                entry.client_name,
                entry.phone,
                entry.email,
                f"{entry.at:%d %b %Y}",
                entry.practitioner_name,
                entry.product_name,
                f"{entry.quantity} {entry.unit}",
                entry.how,
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
                self.results.setItem(n, col, item)


def _summary(found: LotRecall) -> str:
    if not found.lots:
        return f"No lot numbered {found.lot_number} was ever received. Check the number."
    products = ", ".join(sorted({lot.product_name for lot in found.lots}))
    if not found.entries:
        return f"Lot {found.lot_number} ({products}): nobody was treated with it or sold it."
    return (
        f"Lot {found.lot_number} ({products}): {found.client_count} client(s) to contact, "
        f"{len(found.entries)} treatment(s) or sale(s)."
    )
