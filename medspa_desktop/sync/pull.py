"""Pull: fetch the organisation's changes since this device's cursor and store them.

Public API: ``pull_all(run) -> cursor``. Sync worker thread.

A page and its new cursor commit in one local transaction, so a crash at any point resumes
from the last stored page without losing or repeating one. A device that has never
completed a first sync gets the snapshot first (snapshot.py).
"""

from __future__ import annotations

from medspa_desktop.sync import state
from medspa_desktop.sync.ahead import pages_ahead
from medspa_desktop.sync.apply import apply_changes
from medspa_desktop.sync.errors import ServerError
from medspa_desktop.sync.local import write_transaction
from medspa_desktop.sync.run import SyncRun
from medspa_desktop.sync.snapshot import first_sync


def pull_all(run: SyncRun) -> int:
    """Pull page after page until the server has nothing newer; returns the final cursor."""
    with run.store.engine.connect() as conn:
        cursor = state.cursor_of(conn)
    if cursor is None:
        cursor = first_sync(run)
    pages = pages_ahead(
        lambda since: run.client.pull(since, limit=run.page_rows),
        cursor,
        lambda page: page.cursor if page.has_more else None,
    )
    for page in pages:
        run.observe(page.server_hlc)
        if page.cursor < cursor or (page.has_more and page.cursor == cursor):
            raise ServerError(
                f"The sync server answered with change number {page.cursor} after this device "
                f"had reached {cursor}; it may have been restored from a backup. Nothing was "
                "changed here; tell your administrator."
            )
        with write_transaction(run.store, foreign_keys=False) as conn:
            applied = apply_changes(conn, page.changes)
            state.put(conn, state.CURSOR, str(page.cursor))
            state.keep_clock(conn, run.store)
        run.note_applied(applied)
        run.report("pull", run.pulled, None)
        cursor = page.cursor
        if not page.has_more:
            break
    return cursor
