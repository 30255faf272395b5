"""The status bar's sync indicator: offline with the changes waiting and why, the first
sync's progress bar with counts, and the way to the Sync panel."""

from __future__ import annotations

import datetime as dt
import socket

from medspa_desktop.jobs.sync_plan import SyncPlan
from medspa_desktop.jobs.sync_status import FirstSyncProgress, WorkerStatus
from medspa_desktop.services.clients import CreateClient, create_client
from medspa_desktop.store import keys
from medspa_desktop.sync import state
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.sync_panel import SyncDialog

from .conftest import enter, wait_idle


def five_minutes_ago() -> dt.datetime:
    # NOTE: computed when a test runs, not at import: the suite may run long before it.
    return dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"  # nobody listens once closed


def status(**fields) -> WorkerStatus:
    values = {
        "enrolled": True, "server_url": "https://sync.example.com", "online": True,
        "pending": 0, "oldest_pending_at": None, "last_success": five_minutes_ago(),
        "last_error": "", "conflicts": 0, "first_sync_done": True, **fields,
    }  # fmt: skip
    return WorkerStatus(**values)


def test_offline_shows_the_changes_waiting_and_why(qtbot, window, clinic, memory_keyring):
    clinic.store.set_local_setting(state.SERVER_URL, closed_port_url())
    keys.save_device_token(clinic.store.data_dir, "device-token", demo=False)
    enter(qtbot, window, clinic.owner_session)
    indicator = window.status.sync
    window.sync.start(plan=SyncPlan(interval_s=3600, debounce_s=0.1))
    try:
        qtbot.waitUntil(lambda: "offline" in indicator.button.text(), timeout=10_000)
        waiting_before = window.sync.status.pending
        text, detail = indicator.button.text(), indicator.button.toolTip()
        assert f"{waiting_before} waiting" in text
        assert indicator.button.property("tone") == "offline"
        assert "never synced" in text
        assert "could not be reached" in detail and "Last successful sync: not yet" in detail
        assert "Next try: in" in detail

        window.session.mutate(
            window,
            lambda uow, actor: create_client(CreateClient("Ana", "Ruiz"), uow=uow, actor=actor),
            OpChanges.of(Changed.CLIENTS),
        ).run()
        wait_idle(qtbot)
        qtbot.waitUntil(
            lambda: f"{waiting_before + 1} waiting" in indicator.button.text(),
            timeout=5_000,
        )
    finally:
        window.sync.stop()
        qtbot.wait(50)  # the worker's last reports, queued to this thread, arrive
        wait_idle(qtbot)


def test_a_refusal_by_the_server_shows_as_a_problem_with_its_words(qtbot, window):
    refused = "This device's access was withdrawn. Ask your manager to enrol it again."
    window.status.show_sync(
        status(last_error=refused, pending=2, oldest_pending_at=five_minutes_ago())
    )

    button = window.status.sync.button
    assert "problem" in button.text() and "2 waiting (oldest 5 min)" in button.text()
    assert button.property("tone") == "problem"
    assert f"Last problem: {refused}" in button.toolTip()


def test_the_first_sync_shows_a_progress_bar_with_counts(qtbot, window):
    bar = window.status.sync.progress
    progress = FirstSyncProgress("push", 3_000, 230_970)
    window.status.show_sync(status(online=None, syncing=True, progress=progress, pending=227_970))

    assert bar.isVisible() and bar.format() == "3,000 of 230,970 changes"
    assert (bar.value(), bar.maximum()) == (3_000, 230_970)
    assert window.status.sync.button.text() == "Sync: first sync · sending changes"

    window.status.show_sync(status())
    assert not bar.isVisible()
    assert window.status.sync.button.text() == "Sync: online · up to date (5 min ago)"


def test_a_device_not_enrolled_says_so(qtbot, window):
    window.status.show_sync(status(enrolled=False, server_url=None, online=None))

    assert window.status.sync.button.text() == "Sync: not set up"
    assert "A manager can connect it" in window.status.sync.button.toolTip()


def test_clicking_the_indicator_opens_the_sync_panel_but_not_on_the_lock_screen(
    qtbot, window, clinic
):
    window.status.sync.button.click()
    assert not window.findChildren(SyncDialog), "locked: nothing opens"

    enter(qtbot, window, clinic.owner_session)
    window.status.sync.button.click()
    wait_idle(qtbot)

    (dialog,) = window.findChildren(SyncDialog)
    assert dialog.isVisible() and dialog.panel.list.empty.isVisible()
    dialog.close()


def test_a_demo_server_that_did_not_start_is_flagged_with_the_reason(qtbot, window):
    why = "The local demo sync server is not available: it stopped at start-up."
    window.status.show_sync(status(enrolled=False, server_url=None, online=None, note=why))

    button = window.status.sync.button
    assert button.text() == "Sync: not set up · problem"
    assert button.toolTip().startswith(why)
