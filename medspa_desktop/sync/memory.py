"""Pause Python's cyclic garbage collector while a sync stores a burst of pages.

Public API: ``collector_paused()``, a context manager for any thread; nested and concurrent
uses are counted, and the collector runs again once the last one ends.

Parsing and storing pages makes hundreds of thousands of small objects that all live until
their page is stored. The cyclic collector, counting them, ran full collections over them
in the middle of each pull: a tenth of a second per 10,000 rows, on the GUI's interpreter
lock too. Reference counting still frees everything as usual while paused; only cycles
wait for the collection that follows.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
