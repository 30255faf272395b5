"""First sync of a new device: page through a snapshot pinned to one server sequence.

Public API: ``first_sync(run) -> cursor`` and ``snapshot_entity(run, entity)`` (re-pull one
table to repair a verify mismatch). Sync worker thread.

A page's rows, with those of any pages already fetched behind it, and the position of the
next page (pin, entity, after) commit in one local transaction, so a device that crashes
or loses its connection mid-snapshot resumes at the next page not stored, with nothing lost
and nothing applied twice. When the last entity is done the cursor becomes the pin, and
incremental pulls continue from there.
"""

from __future__ import annotations

from medspa_desktop.domain.sync_policy import ENTITIES
from medspa_desktop.sync import state
from medspa_desktop.sync.ahead import pages_ahead
from medspa_desktop.sync.apply import apply_changes
from medspa_desktop.sync.errors import Invalid
from medspa_desktop.sync.local import write_transaction
from medspa_desktop.sync.pages import PulledSnapshot
from medspa_desktop.sync.run import SyncRun
from medspa_desktop.sync.state import SnapshotPosition

PAGES_PER_COMMIT = 3
"""Most pages stored per local transaction, with the position after the last of them: pages
that are already fetched when one is stored join its transaction, and one commit per 6,000
rows writes shared index pages once, not three times (a third less time storing a first
sync). A crash loses at most these pages, fetched again on resume."""


def first_sync(run: SyncRun) -> int:
    """Fetch the whole organisation as of one pinned sequence; returns the new cursor."""
    run.first_sync = True
    saved = state.read(run.store, state.SNAPSHOT)
    if saved:
        try:
            return _page_through(run, SnapshotPosition.decode(saved))
        except Invalid:
            # The server no longer knows the pinned position (it was restored from a backup):
            # start again from the beginning; rows stored so far are simply fetched again.
            pass
    return _page_through(run, SnapshotPosition(None, ENTITIES[0], 0))


def _page_through(run: SyncRun, start: SnapshotPosition) -> int:
    def fetch(position: SnapshotPosition) -> PulledSnapshot:
        return run.client.snapshot(
            entity=position.entity, after=position.after, pin=position.pin, limit=run.page_rows
        )

    ahead = pages_ahead(fetch, start, _next_position, depth=PAGES_PER_COMMIT)
    for first in ahead:
        with write_transaction(run.store, foreign_keys=False) as conn:
            applied = []
            for page in ahead.batch(first, PAGES_PER_COMMIT):
                run.observe(page.server_hlc)
                applied.append(apply_changes(conn, page.changes))
            following = _next_position(page)
            state.keep_clock(conn, run.store)
            if following is None:
                state.put(conn, state.CURSOR, str(page.pin))
                state.drop(conn, state.SNAPSHOT)
            else:
                state.put(conn, state.SNAPSHOT, following.encode())
        for done in applied:
            run.note_applied(done)
        run.report("snapshot", _entities_done(page), len(ENTITIES), page.entity)
        if following is None:
            return page.pin
    raise AssertionError("the snapshot pages end with the one that has no following page")


def snapshot_entity(run: SyncRun, entity: str) -> None:
    """Re-pull every row of one entity from a fresh snapshot (pending local edits stay)."""
    pin: int | None = None
    after = 0
    while True:
        page = run.client.snapshot(entity=entity, after=after, pin=pin, limit=run.page_rows)
        run.observe(page.server_hlc)
        with write_transaction(run.store, foreign_keys=False) as conn:
            run.note_applied(apply_changes(conn, page.changes))
            state.keep_clock(conn, run.store)
        if page.entity_done or page.entity != entity:
            return
        pin, after = page.pin, page.after


def _next_position(page: PulledSnapshot) -> SnapshotPosition | None:
    if not page.entity_done:
        return SnapshotPosition(page.pin, page.entity, page.after)
    if page.next_entity is None:
        return None
    return SnapshotPosition(page.pin, page.next_entity, 0)


def _entities_done(page: PulledSnapshot) -> int:
    index = ENTITIES.index(page.entity) if page.entity in ENTITIES else 0
    return index + 1 if page.entity_done else index
