"""Where everything sits on the calendar: columns, minutes and cards as pixels, and back.

Pure arithmetic over a ``CalendarView`` (no Qt, no database), worked out once when a view
arrives or the width changes, so painting and hit-testing only read the results. Any
thread may build one; the GUI thread owns the one it shows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from medspa_desktop.services.calendar import CalendarCard, CalendarView

DAY_MINUTES = 24 * 60
DEFAULT_HOURS = (8 * 60, 18 * 60)
"""Always shown, so a quiet day (or the rooms view, where rooms have no hours) still shows
a working day to book into."""


@dataclass(frozen=True)
class Metrics:
    """Sizes for one mode (desktop or tablet)."""

    px_per_minute: float
    min_column_width: int
    header_height: int
    ruler_width: int
    grip: int
    """Height of the strip at a card's bottom edge that resizes it."""


DESKTOP = Metrics(px_per_minute=1.6, min_column_width=136, header_height=48, ruler_width=58, grip=6)
TABLET = Metrics(px_per_minute=3.0, min_column_width=184, header_height=58, ruler_width=66, grip=14)
"""On a tablet a 15-minute step is 45 px, a touch target (44 px or more)."""


@dataclass(frozen=True)
class Placed:
    """A card with the lane it takes when cards of one column overlap."""

    card: CalendarCard
    column: int
    lane: int
    lanes: int


def hours_shown(view: CalendarView) -> tuple[int, int]:
    """The minutes the grid spans: whole hours around working time and every card."""
    starts, ends = [DEFAULT_HOURS[0]], [DEFAULT_HOURS[1]]
    for column in view.columns:
        for start, end in column.working:
            if (start, end) != (0, DAY_MINUTES):  # rooms are "open all day": no hint
                starts.append(start)
                ends.append(end)
    for card in view.cards:
        starts.append(card.start_minute)
        ends.append(card.end_minute)
    first = max(0, min(DEFAULT_HOURS[0], (min(starts) // 60 - 1) * 60))
    last = min(DAY_MINUTES, max(DEFAULT_HOURS[1], (math.ceil(max(ends) / 60) + 1) * 60))
    return first, max(last, first + 60)


def lay_out_lanes(cards: Sequence[CalendarCard], column: int) -> list[Placed]:
    """Side-by-side lanes for overlapping cards of one column (double bookings stay visible)."""
    ordered = sorted(cards, key=lambda c: (c.start_minute, -c.end_minute, c.id))
    placed: list[Placed] = []
    cluster: list[tuple[CalendarCard, int]] = []
    lane_ends: list[int] = []
    cluster_end = -1
    for card in ordered:
        if cluster and card.start_minute >= cluster_end:
            placed += [Placed(c, column, lane, len(lane_ends)) for c, lane in cluster]
            cluster, lane_ends, cluster_end = [], [], -1
        lane = next((n for n, end in enumerate(lane_ends) if end <= card.start_minute), None)
        if lane is None:
            lane = len(lane_ends)
            lane_ends.append(card.end_minute)
        else:
            lane_ends[lane] = card.end_minute
        cluster.append((card, lane))
        cluster_end = max(cluster_end, card.end_minute)
    placed += [Placed(c, column, lane, len(lane_ends)) for c, lane in cluster]
    return placed


class CalendarGrid:
    """The geometry of one view at one width: pixels of the body (below the headers)."""

    def __init__(self, view: CalendarView, metrics: Metrics, available_width: int) -> None:
        self.view = view
        self.metrics = metrics
        self.step = max(view.grid_minutes, 1)
        self.first_minute, self.last_minute = hours_shown(view)
        count = max(len(view.columns), 1)
        self.column_width = max(metrics.min_column_width, available_width // count)
        self.width = self.column_width * len(view.columns)
        self.height = math.ceil(self.y_of(self.last_minute))
        self.keys = [c.key for c in view.columns]
        index = {key: n for n, key in enumerate(self.keys)}
        by_column: dict[int, list[CalendarCard]] = {}
        for card in view.cards:
            if card.column in index:
                by_column.setdefault(index[card.column], []).append(card)
        self.placed: dict[int, list[Placed]] = {
            n: lay_out_lanes(cards, n) for n, cards in by_column.items()
        }
        self.by_id = {p.card.id: p for column in self.placed.values() for p in column}

    def column_x(self, column: int) -> int:
        return column * self.column_width

    def column_at(self, x: float) -> int | None:
        if x < 0 or not self.keys:
            return None
        column = int(x // self.column_width)
        return column if column < len(self.keys) else None

    def y_of(self, minute: float) -> float:
        return (minute - self.first_minute) * self.metrics.px_per_minute

    def minute_at(self, y: float) -> float:
        return self.first_minute + y / self.metrics.px_per_minute

    def slot_at(self, y: float) -> int:
        """The start of the grid step under ``y`` (a click books the step it lands in)."""
        minute = int(self.minute_at(y) // self.step * self.step)
        return min(max(minute, self.first_minute), self.last_minute - self.step)

    def snap(self, minute: float) -> int:
        """The nearest grid line to ``minute`` (dragging snaps to the location's grid)."""
        return int(round(minute / self.step) * self.step)

    def card_rect(self, placed: Placed) -> tuple[float, float, float, float]:
        """``(x, y, width, height)`` of a card, with a small gap to its neighbours."""
        lane_width = (self.column_width - 8) / placed.lanes
        x = self.column_x(placed.column) + 2 + placed.lane * lane_width
        top = self.y_of(max(placed.card.start_minute, self.first_minute))
        bottom = self.y_of(min(placed.card.end_minute, self.last_minute))
        return x, top + 1, lane_width - 2, max(bottom - top - 2, 6.0)

    def card_at(self, x: float, y: float) -> Placed | None:
        """The card under a point; the later of two overlapping ones (it is drawn on top)."""
        column = self.column_at(x)
        for placed in reversed(self.placed.get(column, []) if column is not None else []):
            left, top, width, height = self.card_rect(placed)
            if left <= x <= left + width and top <= y <= top + height:
                return placed
        return None

    def cards_at(self, column: int, minute: int) -> list[Placed]:
        """Cards of ``column`` running at ``minute`` (the keyboard cursor's slot)."""
        return [
            p
            for p in self.placed.get(column, [])
            if p.card.start_minute <= minute < max(p.card.end_minute, p.card.start_minute + 1)
        ]
