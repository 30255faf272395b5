"""Booking a series from the booking dialog, while "Repeat" is ticked.

The first press of Book checks every date (``preview_series``, which writes nothing) and
shows which are free and which clash, in words; the next books the free ones
(``book_series``), or every date a manager chose to book over with a reason. Dates left out
are named afterwards, and the dialog stays open to show them. GUI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject

from medspa_desktop.domain.actions import Action
from medspa_desktop.services.booking import BookVisit
from medspa_desktop.services.booking_rules import NEVER_OVERRIDDEN
from medspa_desktop.services.series import (
    BookSeries,
    Occurrence,
    SeriesResult,
    book_series,
    preview_series,
)
from medspa_desktop.ui.calendar.booking_repeat import SeriesReport
from medspa_desktop.ui.calendar.status_menu import APPOINTMENTS
from medspa_desktop.ui.session import AppSession

if TYPE_CHECKING:
    from medspa_desktop.ui.calendar.booking_dialog import BookingDialog

CHECK = "Check the dates"
BOOK_ANYWAY = "Book anyway"


def series_key(series: BookSeries) -> tuple[object, ...]:
    """What decides whether the dates are free: not the notes, deposit or override reason."""
    visit = series.visit
    return (visit.client_id, visit.location_id, visit.starts_at, visit.legs,
            series.every_weeks, series.times)  # fmt: skip


def may_book_over(occurrence: Occurrence) -> bool:
    """A clash a manager's reason can book over (never an unqualified practitioner)."""
    return bool(occurrence.problems) and all(
        p.code not in NEVER_OVERRIDDEN for p in occurrence.problems
    )


class SeriesFlow(QObject):
    """The Book button of ``dialog`` while repeating; ``report`` shows the dates."""

    def __init__(self, dialog: BookingDialog, session: AppSession, time_zone: str) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._session = session
        self._zone = ZoneInfo(time_zone)
        self._checked: tuple[object, ...] | None = None
        self.report = SeriesReport()
        self.result: SeriesResult | None = None
        """Set once the series is booked: the dialog then only shows what happened."""

    def forget(self) -> None:
        """A choice changed: the dates shown are not the ones that would be booked now."""
        if self.result is not None:
            return
        self._checked = None
        self.report.setVisible(False)
        self._dialog.override.hide_refusal()
        self._dialog.override.go_ahead.setText(BOOK_ANYWAY)
        self._dialog.parts.set_book_text(CHECK if self._dialog.repeat.repeating() else "Book")

    def go(self, visit: BookVisit) -> None:
        """Book pressed: check the dates first, book them once checked."""
        repeat = self._dialog.repeat
        series = BookSeries(visit, repeat.every.value(), repeat.times.value())
        if series_key(series) != self._checked:
            self._preview(series)
        else:
            self._book(series)

    def _preview(self, series: BookSeries) -> None:
        self._dialog.parts.set_busy(True, "Checking…")
        self._session.query(
            self._dialog, lambda uow, actor: preview_series(series, uow=uow, actor=actor)
        ).success(lambda found: self._previewed(series, found)).failure(self._dialog.refused).run()

    def _previewed(self, series: BookSeries, found: SeriesResult) -> None:
        parts = self._dialog.parts
        parts.set_busy(False)
        self._checked = series_key(series)
        total = len(found.occurrences)
        free = sum(1 for o in found.occurrences if not o.problems)
        over = sum(1 for o in found.occurrences if may_book_over(o))
        may_override = bool(over) and self._session.may(Action.APPOINTMENT_OVERRIDE_DOUBLE_BOOKING)
        self.report.show_preview(found, self._zone, may_override=may_override)
        text = f"Book all {total} visits" if free == total else f"Book the {free} free dates"
        parts.set_book_text(text if free else "No free dates", enabled=bool(free))
        self._offer_override(free + over if may_override else 0)
        # NOTE: laid out first, so the body has already given the report its room.
        self._dialog.layout().activate()
        parts.reveal(self._dialog.repeat)  # what was checked stays in view beside the dates

    def _offer_override(self, all_dates: int) -> None:
        """The manager's reason field, to book ``all_dates`` over the clashes (0: none)."""
        override = self._dialog.override
        if not all_dates:
            override.hide_refusal()
            return
        override.go_ahead.setText(f"Book {all_dates} anyway")
        override.show_message("", "", can_override=True, focus=False)

    def _book(self, series: BookSeries) -> None:
        self._dialog.parts.set_busy(True)
        self._session.mutate(
            self._dialog, lambda uow, actor: book_series(series, uow=uow, actor=actor), APPOINTMENTS
        ).success(self._booked).failure(self._dialog.refused).run()

    def _booked(self, result: SeriesResult) -> None:
        self.result = result
        dialog = self._dialog
        dialog.parts.set_busy(False)
        first = next((o.booked for o in result.occurrences if o.booked is not None), None)
        if first is not None:
            dialog.booked.emit(first)
        if result.booked == len(result.occurrences):
            dialog.accept()
            return
        dialog.override.hide_refusal()
        self.report.show_result(result, self._zone)
        dialog.parts.finished()
