"""The keyboard shortcuts of the main window, and the F1 help that lists them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.ui.style import fit_rows, row_height
from medspa_desktop.ui.widgets import label

FIND_CLIENT = "Ctrl+F"
NEW_CLIENT = "Ctrl+N"
LOCK = "Ctrl+L"
HELP = "F1"
EDIT = "Ctrl+E"
SAVE = "Ctrl+S"
BOOK = "Ctrl+B"
GO_TO_DATE = "Ctrl+G"
TODAY = "T"
PREVIOUS_DAY = "Alt+Left"
NEXT_DAY = "Alt+Right"
WAITLIST = "Ctrl+W"
NEW_SALE = "Ctrl+Shift+S"

HELP_MAX_HEIGHT_PX = 560

SHORTCUTS: list[tuple[str, str]] = [
    ("Ctrl+1 … Ctrl+6", "Go to a section, in the order of the bar on the left"),
    ("Arrow keys, Enter", "Calendar: choose a time; Enter books it or opens the appointment"),
    (BOOK, "Calendar: book an appointment"),
    (TODAY, "Calendar: go to today"),
    (f"{PREVIOUS_DAY} / {NEXT_DAY}, PgUp / PgDown", "Calendar: previous / next day or week"),
    (GO_TO_DATE, "Calendar: go to a date"),
    (WAITLIST, "Calendar: the waitlist"),
    ("Menu, Shift+F10", "Calendar: status menu of the chosen appointment"),
    ("Delete", "Calendar: cancel the chosen appointment (asks for a reason first)"),
    (NEW_SALE, "New sale: a walk-in, or a client buying without an appointment"),
    ("Ctrl+1 … Ctrl+4", "Checkout: cash, card, gift card, pay later"),
    ("Enter", "Checkout: take the payment"),
    ("Ctrl+D / Ctrl+T", "Checkout: discount the chosen line / a custom tip"),
    ("Ctrl+P", "Checkout: add a product, package or membership plan"),
    ("Esc", "Checkout: cancel the card payment in progress, or close"),
    (FIND_CLIENT, "Find a client"),
    (NEW_CLIENT, "New client"),
    ("Enter", "Open the selected client"),
    (EDIT, "Edit the open client"),
    (SAVE, "Save the client being edited"),
    ("Esc", "Cancel editing / back to the list"),
    (LOCK, "Lock the screen now"),
    (HELP, "Show this list"),
]


def native(sequence: str) -> str:
    """A shortcut as this OS writes it (Cmd on macOS)."""
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText) or sequence


def shown_keys(keys: str) -> str:
    """``keys`` for the help: one shortcut as this OS writes it; a description of several
    ("Arrow keys, Enter") as written, which QKeySequence would garble."""
    single = QKeySequence(keys).toString() == keys
    return native(keys) if single else keys


class ShortcutHelp(QDialog):
    """A plain table of every shortcut; Esc or Close dismisses it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        layout.addWidget(label("Keyboard shortcuts", "title"))
        table = QTableWidget(len(SHORTCUTS), 2)
        table.setHorizontalHeaderLabels(["Keys", "What it does"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        fit_rows(table)
        for row, (keys, what) in enumerate(SHORTCUTS):
            table.setItem(row, 0, QTableWidgetItem(shown_keys(keys)))
            table.setItem(row, 1, QTableWidgetItem(what))
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # NOTE: capped so the list fits a 1280×800 tablet; the rest scrolls.
        table.setMinimumHeight(min(row_height() * (len(SHORTCUTS) + 1) + 8, HELP_MAX_HEIGHT_PX))
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)
