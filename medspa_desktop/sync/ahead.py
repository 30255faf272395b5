"""Fetch the next page while the current one is stored.

Public API: ``pages_ahead(fetch, first, following)``. Sync worker thread; the fetches run
on one helper thread of their own.

A page tells where the next one starts before it is stored, so the next request can be on
the wire (and the server busy reading and packing it) while this device writes the current
page: a first sync of a big clinic takes about the time of the slower of the two instead of
their sum. Nothing about storing changes: each page still commits with its position, in
order, on the caller's thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

Page = TypeVar("Page")
Position = TypeVar("Position")


def pages_ahead(
    fetch: Callable[[Position], Page],
    first: Position,
    following: Callable[[Page], Position | None],
) -> Iterator[Page]:
    """Yield ``fetch(first)``, then ``fetch(following(page))`` for each page until it gives
    None, each request sent before the previous page is handed over. A failed fetch raises
    when its page would have been yielded, after every earlier page."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-fetch")
    try:
        future: Future[Page] | None = pool.submit(fetch, first)
        while future is not None:
            page = future.result()
            position = following(page)
            future = pool.submit(fetch, position) if position is not None else None
            yield page
    finally:
        # The caller stopped (done, or storing a page failed): a request still on the wire
        # is left to finish on its own; nothing waits for it and its page is dropped.
        pool.shutdown(wait=False, cancel_futures=True)
