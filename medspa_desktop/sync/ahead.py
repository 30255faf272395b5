"""Fetch the next pages while the current ones are stored.

Public API: ``pages_ahead(fetch, first, following, depth=...) -> PagesAhead``, iterated on
the sync worker thread; the fetches run one after the other on a helper thread of their own.

A page tells where the next one starts before it is stored, so the next requests can be on
the wire (and the server busy reading and packing them) while this device writes the
current pages: a first sync of a big clinic takes about the time of the slower of the two
instead of their sum. Nothing about storing changes: pages still commit in order with their
position, on the caller's thread.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator, Iterator
from typing import Generic, TypeVar

Page = TypeVar("Page")
Position = TypeVar("Position")
_POLL_S = 0.2


class _Done(Generic[Page]):
    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error


class PagesAhead(Iterator[Page]):
    """The pages in order (an iterator, ``close()`` to stop early), and whether the next one
    is already here."""

    def __init__(
        self,
        waiting: queue.Queue[Page | _Done[Page]],
        pages: Generator[Page],
        following: Callable[[Page], object | None],
    ) -> None:
        self._waiting = waiting
        self._pages = pages
        self._following = following

    def __next__(self) -> Page:
        return next(self._pages)

    def close(self) -> None:
        self._pages.close()

    def batch(self, first: Page, most: int) -> Iterator[Page]:
        """``first``, then the pages already fetched behind it, up to ``most`` in all: a
        caller storing them in one transaction (one commit writes shared index pages once)
        never holds it waiting for the network. Each next page is looked for once the
        caller is done with the one before."""
        page, count = first, 1
        yield page
        while count < most and self._following(page) is not None and self.next_is_here():
            page, count = next(self), count + 1
            yield page

    def next_is_here(self) -> bool:
        """True when the next item is a fetched page, so ``next()`` returns it at once."""
        with self._waiting.mutex:
            return bool(self._waiting.queue) and not isinstance(self._waiting.queue[0], _Done)


def pages_ahead(
    fetch: Callable[[Position], Page],
    first: Position,
    following: Callable[[Page], Position | None],
    *,
    depth: int = 1,
) -> PagesAhead[Page]:
    """Yield ``fetch(first)``, then ``fetch(following(page))`` for each page until it gives
    None, keeping up to ``depth`` fetched pages waiting. A failed fetch raises when its page
    would have been yielded, after every earlier page. When the caller stops early, a
    request still on the wire is left to finish on its own; nothing waits for it."""
    waiting: queue.Queue[Page | _Done[Page]] = queue.Queue(maxsize=depth)
    return PagesAhead(waiting, _pages(waiting, fetch, first, following), following)


def _pages(
    waiting: queue.Queue[Page | _Done[Page]],
    fetch: Callable[[Position], Page],
    first: Position,
    following: Callable[[Page], Position | None],
) -> Generator[Page]:
    stop = threading.Event()

    def hand_over(item: Page | _Done[Page]) -> bool:
        while not stop.is_set():
            try:
                waiting.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        position: Position | None = first
        try:
            while position is not None:
                page = fetch(position)
                if not hand_over(page):
                    return
                position = following(page)
        except BaseException as error:  # handed to the caller's thread, raised there
            hand_over(_Done(error))
            return
        hand_over(_Done())

    thread = threading.Thread(target=produce, name="sync-fetch", daemon=True)
    thread.start()
    try:
        while True:
            item = waiting.get()
            if isinstance(item, _Done):
                if item.error is not None:
                    raise item.error
                return
            yield item
    finally:
        stop.set()
