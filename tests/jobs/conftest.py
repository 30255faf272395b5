"""Fixtures of the job tests: a guard that fails a test leaving threads behind, a silent
server (accepts connections, never answers), and waiting for a condition."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable

import pytest


@pytest.fixture(autouse=True)
def no_threads_left():
    """Fail a test after which a thread it started is still running."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        stray = [t for t in set(threading.enumerate()) - before if t.is_alive()]
        if not stray:
            return
        time.sleep(0.02)
    pytest.fail(f"threads left running: {[t.name for t in stray]}")


@pytest.fixture
def silent_server():
    """``http://127.0.0.1:PORT`` of a listener that takes connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)  # the kernel completes the handshakes; nobody ever reads
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def wait_for(condition: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the condition did not come true in time")
        time.sleep(0.01)
