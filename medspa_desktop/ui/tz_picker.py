"""An IANA time-zone picker with type-to-search ("new york", "london", "sydney")."""

from __future__ import annotations

import functools
import zoneinfo

from PySide6.QtCore import (
    QRegularExpression,
    QSortFilterProxyModel,
    QStringListModel,
    Qt,
    QTimeZone,
    Signal,
)
from PySide6.QtWidgets import QLineEdit, QListView, QVBoxLayout, QWidget

from medspa_desktop.ui.ops import QueryOp
from medspa_desktop.ui.style import fit_rows, is_tablet, row_height


@functools.cache
def time_zone_names() -> tuple[str, ...]:
    """Every IANA zone, sorted. Reads the zone files once (tens of ms): call on a worker."""
    return tuple(sorted(n for n in zoneinfo.available_timezones() if "/" in n or n == "UTC"))


def system_time_zone() -> str:
    return bytes(QTimeZone.systemTimeZoneId().data()).decode() or "UTC"


def _display(name: str) -> str:
    # IANA names never contain spaces, so the display form maps back without loss.
    return name.replace("_", " ")


def _pattern(text: str) -> QRegularExpression:
    """Every typed word, in any order, e.g. "york new" finds America/New_York."""
    words = text.replace("/", " ").replace("_", " ").split()
    lookaheads = "".join(f"(?=.*{QRegularExpression.escape(word)})" for word in words)
    return QRegularExpression(
        f"^{lookaheads}", QRegularExpression.PatternOption.CaseInsensitiveOption
    )


class TimeZonePicker(QWidget):
    """Search box above the list of zones; ``value()`` is the chosen IANA name."""

    changed = Signal(str)

    def __init__(self, initial: str | None = None) -> None:
        super().__init__()
        self._value = initial or system_time_zone()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type a city or region, e.g. New York, London, Sydney")
        self.search.setClearButtonEnabled(True)
        self.list = QListView()
        self.list.setUniformItemSizes(True)
        fit_rows(self.list)
        if is_tablet():
            # NOTE: tablet.qss pads list rows to 60 px; 44 px is touch target enough here,
            # and four zones then show at once in a dialog that must fit a 800 px screen.
            self.list.setStyleSheet("QListView::item { padding-top: 0; padding-bottom: 0; }")
        self.list.setMinimumHeight(max(140, 4 * row_height()))
        self._names = QStringListModel([_display(self._value)])
        self._filter = QSortFilterProxyModel()
        self._filter.setSourceModel(self._names)
        self.list.setModel(self._filter)
        self.list.selectionModel().currentChanged.connect(self._picked)
        self.search.textChanged.connect(
            lambda text: self._filter.setFilterRegularExpression(_pattern(text))
        )
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.setFocusProxy(self.search)
        self._select(self._value)
        QueryOp(self, time_zone_names).success(self._loaded).run()

    def value(self) -> str:
        return self._value

    def set_value(self, name: str) -> None:
        self._value = name
        self._select(name)

    def _loaded(self, names: tuple[str, ...]) -> None:
        self._names.setStringList([_display(name) for name in names])
        self._select(self._value)

    def _select(self, name: str) -> None:
        rows = self._names.stringList()
        if _display(name) not in rows:
            return
        index = self._filter.mapFromSource(self._names.index(rows.index(_display(name))))
        if index.isValid():
            self.list.setCurrentIndex(index)
            self.list.scrollTo(index, QListView.ScrollHint.PositionAtCenter)

    def _picked(self, current: object) -> None:
        shown = self.list.currentIndex().data(Qt.ItemDataRole.DisplayRole)
        name = shown.replace(" ", "_") if shown else ""
        if name and name != self._value:
            self._value = name
            self.changed.emit(name)
