"""Fetching the next sync page while the current one is stored (sync/ahead.py)."""

from __future__ import annotations

import threading

import pytest

from medspa_desktop.sync.ahead import pages_ahead


def test_pages_come_in_order_and_the_next_is_requested_before_this_one_is_stored():
    requested: list[int] = []
    second_requested = threading.Event()

    def fetch(n: int) -> int:
        requested.append(n)
        if n == 2:
            second_requested.set()
        return n

    seen = []
    for page in pages_ahead(fetch, 1, lambda n: n + 1 if n < 4 else None):
        if page == 1:
            # Page 1 is in our hands, not yet stored: page 2 is already on its way.
            assert second_requested.wait(timeout=30)
        seen.append(page)

    assert seen == [1, 2, 3, 4]
    assert requested == [1, 2, 3, 4], "nothing fetched past the last page"


def test_a_failed_fetch_raises_after_every_earlier_page():
    def fetch(n: int) -> int:
        if n == 3:
            raise ConnectionError("the network went away")
        return n

    seen = []
    with pytest.raises(ConnectionError):
        for page in pages_ahead(fetch, 1, lambda n: n + 1):
            seen.append(page)

    assert seen == [1, 2]


def test_stopping_early_does_not_wait_for_the_request_in_flight():
    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    def fetch(n: int) -> int:
        if n == 2:
            started.set()
            release.wait(timeout=30)
            finished.set()
        return n

    pages = pages_ahead(fetch, 1, lambda n: n + 1)
    assert next(pages) == 1
    assert started.wait(timeout=30)
    pages.close()  # storing page 1 failed, say: the caller gives up

    assert not finished.is_set(), "closing returned while page 2 was still being fetched"
    release.set()
    assert finished.wait(timeout=30)


def test_next_is_here_only_for_a_fetched_page_never_for_a_failure_or_the_end():
    third_asked, release = threading.Event(), threading.Event()

    def fetch(n: int) -> int:
        if n == 3:
            third_asked.set()
            release.wait(timeout=30)
            raise ConnectionError("the network went away")
        return n

    ahead = pages_ahead(fetch, 1, lambda n: n + 1, depth=2)
    pages = iter(ahead)
    assert next(pages) == 1
    assert third_asked.wait(timeout=30)  # page 2 is fetched and waiting by now
    assert ahead.next_is_here()
    assert next(pages) == 2
    assert not ahead.next_is_here(), "page 3 is still on the wire"
    release.set()
    with pytest.raises(ConnectionError):
        next(pages)
