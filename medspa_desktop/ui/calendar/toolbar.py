"""The row above the calendar: today / previous / next / go to date, which view, whose week,
the waitlist and Book, on one row on a 1366-pixel screen. Rarely used actions (the calendar
feed) sit in the "⋯" (More) menu; buttons shown as a sign, an icon or a short word say in
their tooltip and accessible name what they do, and the tooltip gives the shortcut. On a
narrow screen (a tablet, or a small window) it takes two rows. GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal, SignalInstance
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from medspa_desktop.ui.shortcuts import (
    BOOK,
    GO_TO_DATE,
    NEXT_DAY,
    PREVIOUS_DAY,
    TODAY,
    WAITLIST,
    native,
)
from medspa_desktop.ui.style import icon
from medspa_desktop.ui.widgets import button, label

STAFF_DAY, RESOURCES_DAY, WEEK = "staff", "resources", "week"
MODES = ((STAFF_DAY, "Practitioners"), (RESOURCES_DAY, "Rooms"), (WEEK, "Week"))
MODE_TIPS = {
    STAFF_DAY: "The day, a column per practitioner",
    RESOURCES_DAY: "The day, a column per room and per machine",
    WEEK: "One practitioner's week",
}
SPACING = 10
"""Between the date part and the view part, side by side."""


class CalendarToolbar(QWidget):
    """Asks for changes; the section decides and calls ``show_*`` back."""

    today = Signal()
    previous = Signal()
    next = Signal()
    go_to_date = Signal()
    mode_chosen = Signal(str)
    staff_chosen = Signal(str)
    book = Signal()
    feed = Signal()
    waitlist = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.title = label("", "title")
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setMinimumWidth(150)
        self.nav = self._nav_group()
        self.views = self._view_group()
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(SPACING)
        self._grid.setVerticalSpacing(8)
        self._wide: bool | None = None
        self.feed_allowed = False
        self._arrange(wide=True)

    def _nav_group(self) -> QWidget:
        group = QWidget()
        row = QHBoxLayout(group)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.today_button = self._button("Today", f"Go to today ({TODAY})", self.today)
        self.previous_button = self._button("‹", "", self.previous)
        self.next_button = self._button("›", "", self.next)
        self.date_button = self._button(
            "", f"Go to a date… ({native(GO_TO_DATE)})", self.go_to_date
        )
        self.date_button.setIcon(icon("calendar-date"))
        self.date_button.setIconSize(QSize(18, 18))
        self.date_button.setAccessibleName("Go to a date")
        for widget in (self.today_button, self.previous_button, self.next_button):
            row.addWidget(widget)
        row.addWidget(self.date_button)
        row.addSpacing(6)
        row.addWidget(self.title, 1)
        return group

    def _view_group(self) -> QWidget:
        group = QWidget()
        row = QHBoxLayout(group)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self._add_mode_buttons(row)
        row.addSpacing(6)
        self.staff = QComboBox()
        self.staff.setAccessibleName("Whose week")
        self.staff.setToolTip("Whose week is shown")
        # A long name is cut in the box (the list shows it whole), so the row still fits.
        self.staff.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.staff.setMinimumContentsLength(8)
        self.staff.activated.connect(lambda n: self.staff_chosen.emit(self.staff.itemData(n)))
        row.addWidget(self.staff)
        row.addSpacing(6)
        row.addWidget(self._more_button())
        row.addStretch(1)
        row.addSpacing(6)
        self._add_booking_buttons(row)
        return group

    def _add_mode_buttons(self, row: QHBoxLayout) -> None:
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QPushButton] = {}
        for n, (mode, title) in enumerate(MODES):
            choice = button(title, "segment")
            choice.setCheckable(True)
            choice.setToolTip(MODE_TIPS[mode])
            choice.setProperty("edge", "first" if n == 0 else "last" if n == len(MODES) - 1 else "")
            choice.clicked.connect(lambda _=False, m=mode: self.mode_chosen.emit(m))
            bold = QFont(choice.font())
            bold.setBold(True)  # checked, it is bold: room for that, so it is never cut
            choice.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(title) + 32)
            self.mode_group.addButton(choice)
            self.mode_buttons[mode] = choice
            row.addWidget(choice)

    def _more_button(self) -> QPushButton:
        """The "⋯" button: actions a receptionist seldom needs (shown only when there are some)."""
        self.more_button = button("⋯", "sign")
        self.more_button.setMinimumWidth(44)
        self.more_button.setObjectName("CalendarMore")
        self.more_button.setToolTip("More: this practitioner's calendar feed")
        self.more_button.setAccessibleName("More calendar actions")
        self.more_menu = QMenu(self.more_button)
        self.feed_action = self.more_menu.addAction("Calendar feed…")
        self.feed_action.setToolTip("Subscribe to this practitioner's bookings on a phone")
        self.feed_action.triggered.connect(self.feed)
        self.more_button.setMenu(self.more_menu)
        return self.more_button

    def _add_booking_buttons(self, row: QHBoxLayout) -> None:
        """The waitlist and Book, at the right."""
        self.waitlist_button = self._button(
            "Waitlist", f"Clients waiting for a time to free up ({native(WAITLIST)})", self.waitlist
        )
        row.addWidget(self.waitlist_button)
        row.addSpacing(6)
        self.book_button = button("Book", "primary")
        self.book_button.setToolTip(f"Book an appointment ({native(BOOK)})")
        self.book_button.clicked.connect(self.book)
        row.addWidget(self.book_button)

    def _button(self, text: str, tip: str, signal: SignalInstance) -> QPushButton:
        """A plain button; one showing only a sign or an icon is a square 44 px wide."""
        widget = button(text, "sign" if len(text) <= 1 else None)
        widget.setToolTip(tip)
        widget.clicked.connect(signal)
        if len(text) <= 1:
            widget.setMinimumWidth(44)
        return widget

    def show_mode(self, mode: str) -> None:
        self.mode_buttons[mode].setChecked(True)
        self.staff.setVisible(mode == WEEK)
        self.feed_action.setVisible(mode == WEEK and self.feed_allowed)
        self.more_button.setVisible(any(a.isVisible() for a in self.more_menu.actions()))
        self._arrange(wide=self._fits(self.width()))
        step = "week" if mode == WEEK else "day"
        for widget, word, keys in (
            (self.previous_button, "Previous", f"{native(PREVIOUS_DAY)}, PgUp"),
            (self.next_button, "Next", f"{native(NEXT_DAY)}, PgDown"),
        ):
            widget.setToolTip(f"{word} {step} ({keys})")
            widget.setAccessibleName(f"{word} {step}")

    def show_staff(self, choices: list[tuple[str, str]], current: str | None) -> None:
        """``choices`` are ``(staff id, name)``; ``current`` is the week shown."""
        self.staff.blockSignals(True)
        self.staff.clear()
        for staff_id, name in choices:
            self.staff.addItem(name, staff_id)
        found = self.staff.findData(current) if current else -1
        self.staff.setCurrentIndex(max(found, 0))
        self.staff.blockSignals(False)

    def set_title(self, text: str) -> None:
        self.title.setText(text)
        self._arrange(wide=self._fits(self.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(wide=self._fits(event.size().width()))
        super().resizeEvent(event)

    def _fits(self, width: int) -> bool:
        """Whether the date, the buttons and the view choice fit on one row."""
        title = self.title.fontMetrics().horizontalAdvance(self.title.text()) + 12
        laid_out = self.nav.width() > self.title.width() > 0
        # NOTE: once laid out, the buttons' real widths (their hints miss the style's padding)
        buttons = self.nav.width() - self.title.width() if laid_out else 300
        return title + buttons + self.views.sizeHint().width() + SPACING <= width

    def _arrange(self, *, wide: bool) -> None:
        if wide == self._wide:
            return
        self._wide = wide
        self._grid.removeWidget(self.nav)
        self._grid.removeWidget(self.views)
        self._grid.addWidget(self.nav, 0, 0)
        # Beside the date the view choice takes only its own width, so the date has the rest;
        # on a row of its own it spreads out with Book at the right.
        policy = QSizePolicy.Policy.Maximum if wide else QSizePolicy.Policy.Preferred
        self.views.setSizePolicy(policy, QSizePolicy.Policy.Preferred)
        if wide:
            self._grid.addWidget(self.views, 0, 1)
        else:
            self._grid.addWidget(self.views, 1, 0)
        self._grid.setColumnStretch(0, 1)
