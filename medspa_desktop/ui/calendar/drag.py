"""Dragging a card to move it, or its bottom edge to change its length, snapped to the grid.

Plain arithmetic over a ``CalendarGrid``: the canvas feeds it pointer positions and paints
the ``Ghost`` it keeps. Nothing changes in the clinic until the drop is asked for and the
availability check has said yes.
"""

from __future__ import annotations

from dataclasses import dataclass

from medspa_desktop.ui.calendar.grid import CalendarGrid, Placed

MOVE, RESIZE = "move", "resize"
MIN_LENGTH = 5


@dataclass
class Ghost:
    """Where a dragged card would go; ``pending`` once dropped and being checked."""

    card_id: str
    column: int
    start: int
    end: int
    pending: bool = False


@dataclass
class Drag:
    placed: Placed
    mode: str
    press_x: float
    press_y: float
    grab_minutes: float
    """How far below the card's start it was grabbed, so it does not jump to the pointer."""
    started: bool = False
    ghost: Ghost | None = None

    @classmethod
    def begin(cls, grid: CalendarGrid, placed: Placed, x: float, y: float) -> Drag:
        """A press on ``placed``: resizing when on its bottom edge, otherwise moving."""
        _, top, _, height = grid.card_rect(placed)
        mode = RESIZE if y >= top + height - grid.metrics.grip else MOVE
        grab = grid.minute_at(y) - placed.card.start_minute
        return cls(placed, mode, x, y, grab)

    def follow(self, grid: CalendarGrid, x: float, y: float, threshold: int) -> Ghost | None:
        """The ghost for the pointer at ``(x, y)``; None until it moved past ``threshold``."""
        if not self.started:
            if abs(x - self.press_x) + abs(y - self.press_y) < threshold:
                return None
            self.started = True
        card = self.placed.card
        length = card.end_minute - card.start_minute
        if self.mode == RESIZE:
            end = max(grid.snap(grid.minute_at(y)), card.start_minute + max(grid.step, MIN_LENGTH))
            end = min(end, grid.last_minute)
            self.ghost = Ghost(card.id, self.placed.column, card.start_minute, end)
            return self.ghost
        found = grid.column_at(x)
        column = found if found is not None else self.placed.column
        start = grid.snap(grid.minute_at(y) - self.grab_minutes)
        start = min(max(start, grid.first_minute), grid.last_minute - min(length, grid.step))
        self.ghost = Ghost(card.id, column, start, start + length)
        return self.ghost

    def changed(self) -> bool:
        """Whether the drop would change anything (a drag back to where it was does not)."""
        ghost, card = self.ghost, self.placed.card
        if ghost is None:
            return False
        same_place = ghost.column == self.placed.column and ghost.start == card.start_minute
        return not (same_place and ghost.end == card.end_minute)
