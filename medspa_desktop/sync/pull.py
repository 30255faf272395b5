"""Pull: fetch the organisation's changes since this device's cursor and store them.

Public API: ``pull_all(run) -> cursor``. Sync worker thread.

A page, with any pages already fetched behind it (up to ``PAGES_PER_COMMIT``), and the
cursor after the last of them commit in one local transaction, so a crash at any point
resumes from the last stored page without losing or repeating one. A device that has never
completed a first sync gets the snapshot first (snapshot.py). The cyclic garbage collector
is paused meanwhile (memory.py).
"""

from __future__ import annotations

from medspa_desktop.sync import state
from medspa_desktop.sync.ahead import pages_ahead
from medspa_desktop.sync.apply import apply_changes
from medspa_desktop.sync.errors import ServerError
from medspa_desktop.sync.local import write_transaction
from medspa_desktop.sync.memory import collector_paused
from medspa_desktop.sync.pages import PulledPage
from medspa_desktop.sync.run import SyncRun
from medspa_desktop.sync.snapshot import PAGES_PER_COMMIT, first_sync


def pull_all(run: SyncRun) -> int:
    """Pull page after page until the server has nothing newer; returns the final cursor."""
    with collector_paused():
        return _pull_all(run)


def _pull_all(run: SyncRun) -> int:
    with run.store.engine.connect() as conn:
        cursor = state.cursor_of(conn)
    if cursor is None:
        cursor = first_sync(run)
    ahead = pages_ahead(
        lambda since: run.client.pull(since, limit=run.page_rows),
        cursor,
        lambda page: page.cursor if page.has_more else None,
        depth=PAGES_PER_COMMIT,
    )
    for first in ahead:
        with write_transaction(run.store, foreign_keys=False) as conn:
            stored = []
            for page in ahead.batch(first, PAGES_PER_COMMIT):
                cursor = _checked(page, cursor)
                run.observe(page.server_hlc)
                stored.append(apply_changes(conn, page.changes))
            state.put(conn, state.CURSOR, str(cursor))
            state.keep_clock(conn, run.store)
        for done in stored:
            run.note_applied(done)
        run.report("pull", run.pulled, None)
        if not page.has_more:
            break
    return cursor


def _checked(page: PulledPage, cursor: int) -> int:
    if page.cursor < cursor or (page.has_more and page.cursor == cursor):
        raise ServerError(
            f"The sync server answered with change number {page.cursor} after this device "
            f"had reached {cursor}; it may have been restored from a backup. Nothing was "
            "changed here; tell your administrator."
        )
    return page.cursor
