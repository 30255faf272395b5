"""Interval arithmetic on integer ticks: the sorted sweep behind appointment availability.

Pure and immutable once built, so any thread may call it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence


class Timeline:
    """Disjoint half-open intervals ``[start, end)`` on one line, sorted, as two parallel lists.

    Overlapping and touching intervals are merged when the timeline is built: a span overlaps
    the merged interval exactly when it overlaps one of the pieces, and merged intervals keep
    both lists ascending, which is what lets every query bisect on ``ends``.
    """

    __slots__ = ("ends", "starts")

    def __init__(self, intervals: Iterable[tuple[int, int]] = ()) -> None:
        """Merge ``intervals`` (any order; empty or reversed ones hold nothing and are dropped)."""
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(pair for pair in intervals if pair[0] < pair[1]):
            if self.ends and start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def __len__(self) -> int:
        return len(self.starts)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(zip(self.starts, self.ends, strict=True))

    def is_free(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` shares no instant with any interval."""
        i = bisect_right(self.ends, start)
        return i == len(self.ends) or self.starts[i] >= end

    def covers(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` lies entirely inside one interval."""
        i = bisect_right(self.ends, start)
        return i < len(self.ends) and self.starts[i] <= start and end <= self.ends[i]

    def free_positions(
        self, starts: Sequence[int], lo: int, hi: int, lead: int, tail: int
    ) -> list[int]:
        """Positions ``i`` in ``[lo, hi)`` where ``[starts[i] - lead, starts[i] + tail)`` is free.

        ``starts`` must be ascending. One forward sweep with a pointer into the intervals, so
        the cost is positions plus intervals, not their product.
        """
        if lo >= hi:
            return []
        begins, ends = self.starts, self.ends
        count = len(ends)
        j = bisect_right(ends, starts[lo] - lead)
        free: list[int] = []
        for i in range(lo, hi):
            held_start = starts[i] - lead
            while j < count and ends[j] <= held_start:
                j += 1
            if j == count:
                # Past the last interval every remaining position is free.
                free.extend(range(i, hi))
                break
            if begins[j] >= starts[i] + tail:
                free.append(i)
        return free
