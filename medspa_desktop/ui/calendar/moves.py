"""A dropped card becomes a ``move_appointment`` call; the availability check decides.

Until the answer comes the card waits at its new place, marked "Checking…". Refused, it
snaps back and the reason shows, with the manager override where the role allows it;
accepted, the reloaded calendar shows it where the store now has it, and the time it left
is announced (``left``, with the card as it was) so the waitlist can be offered it. GUI
thread.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from medspa_desktop.services.booking import BookingRefused, MoveAppointment, move_appointment
from medspa_desktop.services.calendar import CalendarCard, CalendarView
from medspa_desktop.services.common import UNCHANGED
from medspa_desktop.ui.calendar.day_view import DayCanvas
from medspa_desktop.ui.calendar.prompts import RefusalDialog
from medspa_desktop.ui.calendar.status_menu import APPOINTMENTS
from medspa_desktop.ui.calendar.toolbar import RESOURCES_DAY, STAFF_DAY, WEEK
from medspa_desktop.ui.ops import show_failure
from medspa_desktop.ui.session import AppSession


def local_time(view: CalendarView, column_key: str, mode: str, minute: int) -> dt.datetime:
    """The aware start for ``minute`` of the day of ``column_key`` (a date in the week)."""
    day = dt.date.fromisoformat(column_key) if mode == WEEK else view.first_day
    wall = dt.time(minute // 60, minute % 60)
    return dt.datetime.combine(day, wall, ZoneInfo(view.time_zone))


def move_command(
    card: CalendarCard, view: CalendarView, mode: str, column_key: str, start: int, end: int
) -> MoveAppointment:
    """What a drop asks for: a new start, a new practitioner, room or machine when dropped
    in another's column, a new length when the bottom edge was dragged."""
    staff = column_key if mode == STAFF_DAY and column_key != card.staff_id else UNCHANGED
    length = end - start
    same_length = length == card.end_minute - card.start_minute
    return MoveAppointment(
        card.id,
        local_time(view, column_key, mode, start),
        staff_id=staff,
        duration_minutes=UNCHANGED if same_length else length,
        **_place(card, view, mode, column_key),
    )


def _place(card: CalendarCard, view: CalendarView, mode: str, column_key: str) -> dict[str, str]:
    """``{"room_id": ...}`` or ``{"machine_id": ...}`` for a drop in another room's or
    machine's column of the rooms view; empty otherwise."""
    if mode != RESOURCES_DAY or column_key in (card.room_id, card.machine_id):
        return {}
    holds = next((c.holds for c in view.columns if c.key == column_key), "")
    return {f"{holds}_id": column_key} if holds in ("room", "machine") else {}


class MoveFlow(QObject):
    """Runs drops from ``canvas``; ``refusal`` is the last refusal shown (for tests).
    ``left(card)``: ``card`` (as it was before) moved to another time or practitioner."""

    left = Signal(object)

    def __init__(self, session: AppSession, canvas: DayCanvas, parent: QWidget) -> None:
        super().__init__(parent)
        self._session = session
        self._canvas = canvas
        self._parent = parent
        self.refusal: RefusalDialog | None = None

    def drop(
        self, card: CalendarCard, view: CalendarView, mode: str, key: str, start: int, end: int
    ) -> None:
        self.run(move_command(card, view, mode, key, start, end), card)

    def run(self, command: MoveAppointment, card: CalendarCard | None = None) -> None:
        self._session.mutate(
            self._parent,
            lambda uow, actor: move_appointment(command, uow=uow, actor=actor),
            APPOINTMENTS,
        ).success(lambda _moved: self._moved(command, card)).failure(
            lambda err: self._refused(command, err, card)
        ).run()

    def _moved(self, command: MoveAppointment, card: CalendarCard | None) -> None:
        staff = command.staff_id
        if card is not None and (
            command.starts_at != card.starts_at
            or (staff is not UNCHANGED and staff != card.staff_id)
        ):
            self.left.emit(card)

    def _refused(
        self, command: MoveAppointment, err: BaseException, card: CalendarCard | None
    ) -> None:
        self._canvas.settle_move()  # back where it was: nothing moved
        if not isinstance(err, BookingRefused):
            show_failure(self._parent, err, "Not moved")
            return
        self.refusal = RefusalDialog(self._parent, err, "Not moved")
        self.refusal.override.connect(
            lambda reason: self.run(dataclasses.replace(command, override_reason=reason), card)
        )
        self.refusal.open()
