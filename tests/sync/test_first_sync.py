"""A new device's first sync of a whole clinic (the demo clinic, uploaded by the first device)
survives being interrupted: it resumes at the next page, nothing lost, nothing twice."""

from __future__ import annotations

import itertools

import pytest

from medspa_desktop.services.demo_clinic import create_demo_clinic
from medspa_desktop.sync import snapshot, state
from medspa_desktop.sync.engine import sync_once
from medspa_desktop.sync.enrolment import enrol
from medspa_desktop.sync.verify import local_digests

from .helpers import outbox_size

pytestmark = pytest.mark.slow
_seeds = itertools.count(100)


def _digests(store, org_id):
    with store.engine.connect() as conn:
        return local_digests(conn, org_id)


def _rows(store, org_id) -> int:
    return sum(d.rows for d in _digests(store, org_id).values())


@pytest.fixture
def uploaded(sync_server, new_device, memory_keyring):
    """The demo clinic on device A, uploaded to a new organisation; device B enrolled."""
    a = new_device("a")
    # Demo ids follow from the seed, and the server lives for the whole session.
    create_demo_clinic(a, seed=next(_seeds), clients=20, years=1)
    org_id = a.local_setting("org_id")
    sync_server.create_org(org_id=org_id)
    enrol(a, sync_server.url, sync_server.enrol_code(org_id), "Front desk")
    first = sync_once(a)
    assert first.ok and first.rejected == 0 and first.pushed == _rows(a, org_id)
    b = new_device("b")
    enrol(b, sync_server.url, sync_server.enrol_code(org_id), "Tablet")
    return a, b, org_id


class Crash(BaseException):
    """The device's process dying: nothing in the sync engine catches it."""


def _crash_between_pages(monkeypatch):
    pages = []

    def progress(step):
        if step.stage == "snapshot":
            pages.append(step)
            if len(pages) == 5:
                raise Crash

    return progress


def _crash_inside_a_page(monkeypatch):
    real, calls = snapshot.apply_changes, []

    def apply_then_die(conn, changes):
        applied = real(conn, changes)
        calls.append(applied)
        if len(calls) == 5:
            raise Crash  # after the rows went in, before the transaction commits
        return applied

    monkeypatch.setattr(snapshot, "apply_changes", apply_then_die)
    return None


@pytest.mark.parametrize("interrupt", [_crash_between_pages, _crash_inside_a_page])
def test_an_interrupted_first_sync_resumes_without_loss_or_duplicates(
    uploaded, monkeypatch, interrupt
):
    a, b, org_id = uploaded
    with pytest.raises(Crash):
        sync_once(b, progress=interrupt(monkeypatch))
    monkeypatch.undo()
    kept = _rows(b, org_id)
    assert 0 < kept < _rows(a, org_id)
    assert state.read(b, state.SNAPSHOT) is not None and state.read(b, state.CURSOR) is None

    resumed = sync_once(b)

    assert resumed.ok and resumed.first_sync and resumed.mismatched == ()
    assert resumed.pulled == _rows(a, org_id) - kept, "each row arrived exactly once"
    assert _digests(b, org_id) == _digests(a, org_id)
    assert outbox_size(b) == 0, "pulled rows are not queued as local changes"
