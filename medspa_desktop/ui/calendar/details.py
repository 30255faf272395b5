"""The chosen appointment, beside the calendar (under it on a tablet held upright): who,
what, when, its status and flags in words, and its status menu as a button (the same menu a
right-click opens). A double booking found by sync offers the Sync panel, where it is
resolved. GUI thread.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from medspa_desktop.domain import appointment_status as st
from medspa_desktop.services.calendar import CalendarCard
from medspa_desktop.ui.calendar.card_look import badges_of, look_of
from medspa_desktop.ui.charting.entry import ChartEntry
from medspa_desktop.ui.style import restyle, set_role
from medspa_desktop.ui.widgets import QWIDGETSIZE_MAX, ResponsiveBox, button, label

PANEL_WIDTH = 320
BUTTONS_BESIDE_PX = 560
"""As wide as this (under the calendar), the buttons go beside the words, not under them."""
CONFLICT_HINT = (
    "Two devices booked this time while offline. Decide in the Sync panel which booking "
    "stays, then call the client of the other."
)


def badge_label(text: str, ink: str, fill: str) -> QLabel:
    chip = QLabel(text)
    chip.setStyleSheet(
        f"QLabel {{ color: {ink}; background: {fill}; border-radius: 4px; padding: 2px 8px;"
        " font-weight: 600; }"
    )
    return chip


class AppointmentDetails(QFrame):
    """Shows one card; ``status_clicked`` (with the button, for placing the menu),
    ``check_out``, ``book_again``, ``resolve_conflict`` and ``closed`` are for others to
    act on."""

    status_clicked = Signal(QPushButton)
    check_out = Signal()
    book_again = Signal()
    resolve_conflict = Signal()
    closed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("AppointmentDetails")
        self.setFixedWidth(PANEL_WIDTH)
        self.card: CalendarCard | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 12, 14)
        column.setSpacing(6)
        column.addLayout(self._header())
        self.parts = ResponsiveBox(BUTTONS_BESIDE_PX, spacing=6)
        self.parts.add(self._words(), 1)
        buttons = QWidget()
        self._add_buttons(QVBoxLayout(buttons))
        self.parts.add(buttons)
        column.addWidget(self.parts, 1)

    def set_stacked(self, under_calendar: bool) -> None:
        """A fixed-width panel beside the calendar, or as wide as the calendar under it."""
        if under_calendar:
            self.setMinimumWidth(0)
            self.setMaximumWidth(QWIDGETSIZE_MAX)
        else:
            self.setFixedWidth(PANEL_WIDTH)

    def _words(self) -> QWidget:
        words = QWidget()
        column = QVBoxLayout(words)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.when = label("", wrap=True)
        self.service = label("", wrap=True)
        column.addWidget(self.when)
        column.addWidget(self.service)
        self.flags = QVBoxLayout()
        self.flags.setSpacing(4)
        column.addLayout(self.flags)
        column.addStretch(1)
        self.conflict_hint = label(CONFLICT_HINT, "hint", wrap=True)
        column.addWidget(self.conflict_hint)
        return words

    def _add_buttons(self, column: QVBoxLayout) -> None:
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.resolve_button = button("Resolve double booking…", "primary")
        self.resolve_button.setToolTip("Open the Sync panel and decide which booking stays")
        self.resolve_button.clicked.connect(self.resolve_conflict)
        self.chart_entry = ChartEntry()
        self.check_out_button = button("Check out…", "primary")
        self.check_out_button.setToolTip("Take payment for this visit")
        self.check_out_button.clicked.connect(self.check_out)
        self.status_button = button("Change status ▾", "primary")
        self.status_button.clicked.connect(lambda: self.status_clicked.emit(self.status_button))
        self.again_button = button("Book again…")
        self.again_button.clicked.connect(self.book_again)
        for widget in (self.resolve_button, self.chart_entry, self.check_out_button,
                       self.status_button, self.again_button):  # fmt: skip
            column.addWidget(widget)

    def _header(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.name = label("", "subtitle", wrap=True)
        close = button("✕")
        close.setToolTip("Close (Esc)")
        close.setAccessibleName("Close the appointment details")
        close.setFixedWidth(44)
        close.clicked.connect(self.closed)
        top.addWidget(self.name, 1)
        top.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        return top

    def show_card(
        self, card: CalendarCard, time_zone: str, *, may_book: bool, may_check_out: bool = False
    ) -> None:
        self.card = card
        zone = ZoneInfo(time_zone)
        start, end = card.starts_at.astimezone(zone), card.ends_at.astimezone(zone)
        self.name.setText(card.client_name)
        self.when.setText(f"{start:%a %d %b}, {start:%H:%M}–{end:%H:%M}")
        self.service.setText(f"{card.service_name} with {card.staff_name}")
        look = look_of(card.status)
        self._clear_flags()
        state = st.LABELS.get(card.status, card.status)
        status_chip = badge_label(f"Status: {state}", look.chip_ink, look.chip_fill)
        if card.status == st.BOOKED:
            status_chip = badge_label(f"Status: {state}", "#344054", "#eef2f4")
        self.flags.addWidget(status_chip)
        for badge in badges_of(card):
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(
                badge_label(badge.text, badge.ink, badge.fill), 0, Qt.AlignmentFlag.AlignTop
            )
            line.addWidget(label(badge.tip, "hint", wrap=True), 1)
            self.flags.addWidget(row)
        self._show_buttons(card, may_book=may_book, may_check_out=may_check_out)

    def _show_buttons(self, card: CalendarCard, *, may_book: bool, may_check_out: bool) -> None:
        """The buttons that apply to ``card``; one main action at a time is primary."""
        self.again_button.setVisible(may_book)
        self.check_out_button.setVisible(may_check_out)
        charts = self.chart_entry.show_card(card)
        set_role(self.check_out_button, "" if charts else "primary")
        restyle(self.check_out_button)
        conflict = card.status == st.CONFLICT
        self.resolve_button.setVisible(conflict)
        self.conflict_hint.setVisible(conflict)
        set_role(self.status_button, "" if conflict or may_check_out or charts else "primary")
        restyle(self.status_button)

    def _clear_flags(self) -> None:
        while self.flags.count():
            item = self.flags.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # NOTE: gone from view now; deleted when the loop gets to it
                widget.deleteLater()
