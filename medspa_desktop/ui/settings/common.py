"""Building blocks of the settings pages: a list page over a service, an edit dialog, and
what every dialog that saves through a service does with the answer."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLayout,
    QLayoutItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.services.errors import ValidationError
from medspa_desktop.ui.dialogs import FittedDialog, ScrollingBody
from medspa_desktop.ui.ops import Changed, OpChanges, show_failure
from medspa_desktop.ui.session import AppSession, ServiceCall
from medspa_desktop.ui.style import fit_rows
from medspa_desktop.ui.widgets import FieldErrors, button, button_row, label

TABLES_BESIDE_PX = 760
"""A page narrower than this puts its two tables one under the other (a portrait tablet), so
each stays wide enough to read."""


class RecordTable(QTableWidget):
    """A read-only table of service results; each row remembers the record's id."""

    def __init__(self, headers: Sequence[str], stretch: int = 0) -> None:
        super().__init__(0, len(headers))
        self.setHorizontalHeaderLabels(list(headers))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.verticalHeader().setVisible(False)
        fit_rows(self)
        self._stretch = stretch
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """The wide column fills the table while every column fits; on a narrower table (a
        portrait tablet) it keeps its whole text and the table scrolls sideways instead."""
        if self.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
            return  # the owner chose to cut long cells short rather than scroll
        header = self.horizontalHeader()
        needed = sum(
            max(header.sectionSizeHint(column), self.sizeHintForColumn(column))
            for column in range(self.columnCount())
        )
        fill = needed <= self.viewport().width()
        mode = QHeaderView.ResizeMode.Stretch if fill else QHeaderView.ResizeMode.ResizeToContents
        if header.sectionResizeMode(self._stretch) != mode:
            header.setSectionResizeMode(self._stretch, mode)

    def show_rows(self, rows: Sequence[tuple[str, Sequence[str]]]) -> None:
        """``rows`` are ``(record id, cell texts)``; the selection survives a reload."""
        keep = self.selected_id()
        self.setRowCount(len(rows))
        for row, (record_id, cells) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, record_id)
                self.setItem(row, column, item)
        ids = [record_id for record_id, _ in rows]
        if keep in ids:
            self.selectRow(ids.index(keep))
        elif rows:
            self.selectRow(0)
        self._fit_columns()

    def selected_id(self) -> str | None:
        item = self.item(self.currentRow(), 0) if self.currentRow() >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item else None


class ButtonFlow(QLayout):
    """Buttons left to right that wrap onto another row when the page is too narrow for
    them all (a portrait tablet), so each keeps its whole text. GUI thread."""

    def __init__(self, spacing: int = 8) -> None:
        super().__init__()
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)
        self._items: list[QLayoutItem] = []

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        shown = self._shown()
        width = sum(i.sizeHint().width() for i in shown) + self.spacing() * max(len(shown) - 1, 0)
        return QSize(width, max((i.sizeHint().height() for i in shown), default=0))

    def minimumSize(self) -> QSize:
        # As narrow as the widest button: the others go onto rows of their own.
        sizes = [i.minimumSize() for i in self._shown()]
        return QSize(max((s.width() for s in sizes), default=0), self.heightForWidth(0))

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _place(self, rect: QRect, *, move: bool) -> int:
        """Lay the buttons out in ``rect`` (or only measure); the height they take."""
        x, y, row_height = rect.x(), rect.y(), 0
        for item in self._shown():
            size = item.sizeHint().expandedTo(item.minimumSize())
            if x > rect.x() and x + size.width() > rect.right() + 1:
                x, y, row_height = rect.x(), y + row_height + self.spacing(), 0
            if move:
                item.setGeometry(
                    QRect(x, y, min(size.width(), max(rect.width(), 1)), size.height())
                )
            x += size.width() + self.spacing()
            row_height = max(row_height, size.height())
        return y + row_height - rect.y()


class ListPage(QWidget):
    """A heading, a hint, a table and action buttons; reloads when its kind of data changes."""

    def __init__(
        self, session: AppSession, title: str, hint: str, watches: Sequence[Changed]
    ) -> None:
        super().__init__()
        self.session = session
        self._watches = tuple(watches)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(18, 14, 18, 14)
        self.layout_.setSpacing(8)
        self.layout_.addWidget(label(title, "subtitle"))
        self.hint = label(hint, "hint", wrap=True)
        self.layout_.addWidget(self.hint)
        self.buttons = ButtonFlow()
        session.hub.changed.connect(self._on_changes)

    def add_button(
        self, text: str, slot: Callable[[], None], role: str | None = None
    ) -> QPushButton:
        widget = button(text, role)
        widget.clicked.connect(slot)
        self.buttons.addWidget(widget)
        return widget

    def finish_layout(self, body: QWidget) -> None:
        self.layout_.addWidget(body, 1)
        self.layout_.addLayout(self.buttons)

    def reload(self) -> None:
        """Fetch the records again (on the database worker)."""

    def _on_changes(self, changes: OpChanges) -> None:
        if changes.touches(*self._watches):
            self.reload()


class SavesThroughService:
    """Mixed into a dialog (before its Qt class) that saves through one service call and
    has ``session``, ``save_button`` and ``show_errors``: Save is off while the call runs;
    the service's field errors show beside their fields, any other refusal in a message.
    GUI thread."""

    session: AppSession
    save_button: QPushButton
    _changes: OpChanges

    def run_save(self, call: ServiceCall[Any]) -> None:
        assert isinstance(self, QWidget)
        self.save_button.setEnabled(False)
        self.session.mutate(self, call, self._changes).success(self._saved).failure(
            self._refused
        ).run()

    def show_errors(self, errors: Mapping[str, str]) -> None:
        raise NotImplementedError

    def _saved(self, result: object) -> None:
        raise NotImplementedError

    def _refused(self, err: BaseException) -> None:
        assert isinstance(self, QWidget)
        self.save_button.setEnabled(True)
        if isinstance(err, ValidationError):
            self.show_errors(err.field_errors)
        else:
            show_failure(self, err, "Not saved")


class RecordDialog(SavesThroughService, FittedDialog):
    """A form that saves through one service call; the service's field errors show inline.

    The fields scroll when the form is taller than the screen allows; the title and the
    buttons stay in view.
    """

    saved = Signal(object)

    def __init__(
        self, parent: QWidget | None, session: AppSession, title: str, changes: OpChanges
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._changes = changes
        self.setWindowTitle(title)
        self.setMinimumWidth(640)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.addWidget(label(title, "title"))
        self.errors = FieldErrors(label("", "fieldError", wrap=True))
        column.addWidget(self.errors.general)
        fields = QWidget()
        stack = QVBoxLayout(fields)
        stack.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(8)
        stack.addLayout(self.form)
        stack.addStretch(1)
        self.body = ScrollingBody(fields)
        column.addWidget(self.body, 1)
        self.save_button = button("Save", "primary", default=True)
        self.save_button.clicked.connect(self.save)
        cancel = button("Cancel")
        cancel.clicked.connect(self.reject)
        column.addLayout(button_row(cancel, self.save_button))

    def field(self, title: str, name: str, widget: QWidget) -> QWidget:
        holder = QVBoxLayout()
        holder.setSpacing(2)
        holder.addWidget(widget)
        holder.addWidget(self.errors.register(name, widget))
        widget.setAccessibleName(title)
        self.form.addRow(title, holder)
        return widget

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Show field errors under their fields, scrolling the first one into view."""
        self.body.reveal(self.errors.show(errors))

    def call(self) -> ServiceCall[Any] | None:
        """The service call that saves the form, or ``None`` after showing a local problem."""
        raise NotImplementedError

    def save(self) -> None:
        call = self.call()
        if call is not None:
            self.run_save(call)

    def _saved(self, result: object) -> None:
        self.saved.emit(result)
        self.accept()
