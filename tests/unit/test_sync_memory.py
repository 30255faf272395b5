"""The cyclic collector paused while a sync stores pages (sync/memory.py)."""

from __future__ import annotations

import gc

from medspa_desktop.sync.memory import collector_paused


def test_the_collector_runs_again_once_the_last_of_nested_pauses_ends():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "the outer pause still holds"
    assert gc.isenabled()


def test_a_failure_inside_still_restores_the_collector():
    try:
        with collector_paused():
            raise RuntimeError("storing a page failed")
    except RuntimeError:
        pass
    assert gc.isenabled()


def test_a_collector_that_was_already_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
