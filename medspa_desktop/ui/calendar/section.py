"""The Calendar section: the front desk's home. A day by practitioner or by room and machine,
or one practitioner's week; book, move, resize and change status from here, keep the
waitlist and offer it the times that free up.

It reloads what it shows after every change announced through the ``OpHub`` (its own
bookings and moves, other screens' edits, and records a sync pulled in), and only while it
is on screen: a hidden calendar catches up when it is shown again. GUI thread.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.services.booking import BookedVisit
from medspa_desktop.services.calendar import CalendarCard, CalendarView
from medspa_desktop.ui.calendar import when
from medspa_desktop.ui.calendar.board import CalendarBoard
from medspa_desktop.ui.calendar.booking_dialog import BookingDialog, BookingStart
from medspa_desktop.ui.calendar.chosen import ChosenAppointment
from medspa_desktop.ui.calendar.details import AppointmentDetails
from medspa_desktop.ui.calendar.go_to_date import GoToDate
from medspa_desktop.ui.calendar.keys import install_shortcuts
from medspa_desktop.ui.calendar.loader import CalendarLoader, Loaded, Wanted
from medspa_desktop.ui.calendar.look import CALENDAR_QSS
from medspa_desktop.ui.calendar.memory import ViewChoice, ViewMemory
from medspa_desktop.ui.calendar.moves import MoveFlow
from medspa_desktop.ui.calendar.status_menu import StatusActions
from medspa_desktop.ui.calendar.toolbar import RESOURCES_DAY, STAFF_DAY, WEEK, CalendarToolbar
from medspa_desktop.ui.calendar.waitlist_dialog import WaitlistDialog
from medspa_desktop.ui.calendar.waitlist_flow import WaitlistFlow
from medspa_desktop.ui.feed_dialog import CalendarFeedDialog
from medspa_desktop.ui.ops import Changed, OpChanges, show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import ResponsiveBox

WATCHED = (Changed.APPOINTMENTS, Changed.CLIENTS, Changed.STAFF, Changed.RESOURCES,
           Changed.LOCATIONS, Changed.SERVICE_MENU)  # fmt: skip
NOW_TICK_MS = 60_000
DETAILS_UNDER_PX = 740


class CalendarSection(QWidget):
    """Toolbar, the scrolling calendar and the chosen appointment's details."""

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.setObjectName("Page")
        self.setStyleSheet(CALENDAR_QSS)
        self.session = session
        self.memory = ViewMemory(session.store.data_dir, session.actor.staff_id)
        remembered = self.memory.load()
        self.mode, self.week_staff_id = remembered.mode, remembered.week_staff_id
        self.day = dt.date.today()
        self.view: CalendarView | None = None
        self.booking: BookingDialog | None = None
        self._stale = False
        self._shown: Wanted | None = None
        self._select_after_load: str | None = None
        self._make_parts(session)
        self._lay_out()
        self._connect()
        install_shortcuts(self)
        session.hub.changed.connect(self._on_changes)
        self.reload()

    def _make_parts(self, session: AppSession) -> None:
        self.toolbar = CalendarToolbar()
        self.toolbar.feed_allowed = session.may(Action.CALENDAR_FEED_MANAGE)
        self.toolbar.show_mode(self.mode)
        self.toolbar.book_button.setVisible(session.may(Action.APPOINTMENT_BOOK))
        self.toolbar.waitlist_button.setVisible(session.may(Action.WAITLIST_VIEW))
        self.board = CalendarBoard()
        self.canvas = self.board.canvas
        self.canvas.movable = session.may(Action.APPOINTMENT_RESCHEDULE)
        self.details = AppointmentDetails()
        self.details.setVisible(False)
        self.loader = CalendarLoader(session, self)
        self.moves = MoveFlow(session, self.canvas, self)
        self.status_actions = StatusActions(session, self)
        self.waitlist = WaitlistFlow(session, self, lambda: when.zone_of(self.view))
        self.chosen = ChosenAppointment(
            session, self.canvas, self.details, self.status_actions, lambda: self.view
        )
        self._now_timer = QTimer(self)
        self._now_timer.setInterval(NOW_TICK_MS)
        self._now_timer.timeout.connect(self._show_now)

    def _lay_out(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(18, 12, 18, 10)
        column.setSpacing(10)
        column.addWidget(self.toolbar)
        body = ResponsiveBox(DETAILS_UNDER_PX, spacing=10)  # under it on an upright tablet
        body.add(self.board, 1)
        body.add(self.details)
        body.reflowed.connect(self.details.set_stacked)
        column.addWidget(body, 1)

    def _connect(self) -> None:
        bar, canvas = self.toolbar, self.canvas
        bar.today.connect(self.go_today)
        bar.previous.connect(lambda: self.step(-1))
        bar.next.connect(lambda: self.step(1))
        bar.go_to_date.connect(self.ask_date)
        bar.mode_chosen.connect(self.set_mode)
        bar.staff_chosen.connect(self.set_week_staff)
        bar.book.connect(self.book_now)
        bar.feed.connect(self.open_feed)
        bar.waitlist.connect(self.open_waitlist)
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(lambda err: show_failure(self, err, "Calendar not loaded"))
        canvas.slot_activated.connect(self.book_at)
        canvas.cancel_requested.connect(self.status_actions.cancel_if_allowed)
        canvas.move_requested.connect(self._dropped)
        self.details.book_again.connect(lambda: self._book_again(self.details.card))
        self.status_actions.book_again.connect(self._book_again)
        self.status_actions.freed.connect(self.waitlist.freed)
        self.moves.left.connect(self.waitlist.left)
        self.waitlist.booked.connect(self._booked)

    # ---- what is shown ----------------------------------------------------------------------

    def wanted(self) -> Wanted:
        return Wanted(self.mode, self.day, self.week_staff_id)

    def reload(self) -> None:
        """Fetch the view again (now, or when next shown if hidden)."""
        if self.session.actor.location_id is None:
            self.toolbar.set_title("This device has no location yet: a manager sets it up")
            return
        if not self.isVisible() and self.view is not None:
            self._stale = True
            return
        self._stale = False
        self.loader.request(self.wanted())

    def _loaded(self, answer: Loaded) -> None:
        self.view = answer.view
        if answer.wanted.mode == WEEK:
            self.week_staff_id = answer.wanted.staff_id
            self.toolbar.show_staff(list(answer.practitioners), self.week_staff_id)
        self.board.show_view(
            answer.view,
            with_staff=answer.wanted.mode == RESOURCES_DAY,
            zone_label=when.zone_label(answer.view),
        )
        self.board.mark_today(self.today() if answer.wanted.mode == WEEK else None)
        self.toolbar.set_title(when.title(answer.view, self.today()))
        self._show_now()
        if self._shown != answer.wanted:
            self._shown = answer.wanted
            self.board.scroll_to_minute(when.opening_minute(answer.view, self.canvas.now_minute))
        self._restore_selection()

    def _restore_selection(self) -> None:
        """Choose the visit just booked, or show the chosen card as it now is."""
        wanted, self._select_after_load = self._select_after_load, None
        if wanted and self.canvas.placed(wanted) is not None:
            self.canvas.select(wanted)
            self.board.reveal(self.canvas.card_rect(wanted))
            return
        found = self.canvas.placed(self.canvas.selected_id or "")
        if found is not None:
            self.chosen.show(found.card)

    def today(self) -> dt.date:
        return when.today_in(self.view)

    def _show_now(self) -> None:
        self.board.set_now(when.now_minute(self.view))

    # ---- moving about -----------------------------------------------------------------------

    def go_today(self) -> None:
        self.go_to(self.today())

    def step(self, direction: int) -> None:
        self.go_to(self.day + dt.timedelta(days=direction * (7 if self.mode == WEEK else 1)))

    def go_to(self, day: dt.date) -> None:
        self.day = day
        self.canvas.select(None)
        self.reload()

    def ask_date(self) -> GoToDate:
        dialog = GoToDate(self, self.day)
        dialog.chosen.connect(self.go_to)
        dialog.open()
        return dialog

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.toolbar.show_mode(mode)
        self.canvas.select(None)
        self._remember()
        self.reload()

    def set_week_staff(self, staff_id: str) -> None:
        self.week_staff_id = staff_id
        self._remember()
        self.reload()

    def _remember(self) -> None:
        self.memory.save(ViewChoice(self.mode, self.week_staff_id))

    # ---- booking ----------------------------------------------------------------------------

    def book_at(self, column_key: str, minute: int) -> BookingDialog | None:
        """A click (or Enter) on an empty slot: book there, with that practitioner."""
        if self.view is None:
            return None
        day = dt.date.fromisoformat(column_key) if self.view.days == 7 else self.view.first_day
        staff = {STAFF_DAY: column_key, WEEK: self.week_staff_id}.get(self.mode)
        return self.open_booking(BookingStart(day, minute, staff_id=staff or None))

    def open_feed(self) -> CalendarFeedDialog | None:
        """The calendar feed of the practitioner whose week is shown."""
        if not self.week_staff_id:
            return None
        dialog = CalendarFeedDialog(self, self.session, self.week_staff_id)
        dialog.open()
        return dialog

    def book_now(self) -> BookingDialog | None:
        """Ctrl+B: the cursor's slot, or the next grid step from now (or 9:00)."""
        grid = self.canvas.grid
        if self.canvas.slot_cursor is not None and grid is not None:
            column, minute = self.canvas.slot_cursor
            return self.book_at(grid.keys[column], minute)
        step = self.view.grid_minutes if self.view else 15
        now = self.canvas.now_minute
        start = (now // step + 1) * step if now is not None else 9 * 60
        day = self.day if self.mode != WEEK else self.today()
        return self.open_booking(BookingStart(day, min(start, 23 * 60)))

    def _book_again(self, card: CalendarCard | None) -> None:
        if card is None or self.view is None:
            return
        day, minute = when.again(card, self.view.time_zone)
        self.open_booking(BookingStart(day, minute, card.staff_id, card.client_id, card.service_id))

    def open_booking(self, start: BookingStart) -> BookingDialog | None:
        if not self.session.may(Action.APPOINTMENT_BOOK) or self.session.actor.location_id is None:
            return None
        self.booking = BookingDialog(self, self.session, start, when.zone_of(self.view))
        self.booking.booked.connect(self._booked)
        self.booking.open()
        return self.booking

    def _booked(self, visit: BookedVisit) -> None:
        first = visit.appointments[0]
        zone = ZoneInfo(self.view.time_zone) if self.view else None
        self._select_after_load = first.id
        self.day = first.starts_at.astimezone(zone).date()
        self.reload()

    # ---- moving an appointment -------------------------------------------------------------

    def _dropped(self, card: CalendarCard, key: str, start: int, end: int) -> None:
        if self.view is None:
            self.canvas.settle_move()
            return
        self.moves.drop(card, self.view, self.mode, key, start, end)

    # ---- the waitlist -----------------------------------------------------------------------

    def open_waitlist(self) -> WaitlistDialog | None:
        """Ctrl+W: the clients waiting for a time to free up."""
        return self.waitlist.open_list(self.today())

    # ---- keeping up -------------------------------------------------------------------------

    def _on_changes(self, changes: OpChanges) -> None:
        if changes.touches(*WATCHED):
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._now_timer.start()
        self._show_now()
        if self._stale:
            self.reload()

    def hideEvent(self, event: QHideEvent) -> None:
        self._now_timer.stop()
        super().hideEvent(event)

    def shut_down(self) -> None:
        self._now_timer.stop()
        for dialog in (self.booking, self.waitlist.booking):
            if dialog is not None:
                dialog.client.finder.stop()
