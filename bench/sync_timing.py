"""Timing helpers of the sync benchmark: medians, percentiles, and wrappers that time the
engine's own steps in this process (the product code is not changed, only wrapped)."""

from __future__ import annotations

import contextlib
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from typing import Any


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median of every numeric key over ``runs`` (keys of the first run)."""
    numeric = [k for k, v in runs[0].items() if isinstance(v, int | float)]
    return {k: statistics.median(r[k] for r in runs) for k in numeric}


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


class Timings:
    """Seconds and calls per label of functions wrapped with ``patch`` while it is active."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()

    @contextlib.contextmanager
    def patch(self, owner: Any, name: str, label: str | None = None) -> Iterator[None]:
        original: Callable[..., Any] = getattr(owner, name)
        label = label or name

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - start
                self.calls[label] += 1

        setattr(owner, name, timed)
        try:
            yield
        finally:
            setattr(owner, name, original)

    @contextlib.contextmanager
    def block(self, label: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[label] += time.perf_counter() - start
            self.calls[label] += 1

    def as_dict(self, prefix: str = "") -> dict[str, float]:
        return {f"{prefix}{k}_s": round(v, 4) for k, v in self.seconds.items()}


@contextlib.contextmanager
def patched(timings: Timings, *targets: tuple[Any, str, str]) -> Iterator[Timings]:
    """Wrap every ``(owner, attribute, label)`` for the block."""
    with contextlib.ExitStack() as stack:
        for owner, name, label in targets:
            stack.enter_context(timings.patch(owner, name, label))
        yield timings
