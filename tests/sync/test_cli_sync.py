"""``medspa enrol`` and ``medspa sync`` as processes against a real server: a demo clinic (its
key and token in files, so no keyring is involved) uploads itself and reports in JSON."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from medspa_desktop.store.database import open_store
from medspa_desktop.store.keys import DEMO_TOKEN_FILE

pytestmark = pytest.mark.slow


def medspa(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "medspa_desktop.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_medspa_sync_json_reports_what_the_sync_did_and_fails_readably(sync_server, tmp_path):
    data = tmp_path / "demo"
    assert (
        medspa("demo", "--data-dir", str(data), "--clients", "10", "--seed", "301").returncode == 0
    )
    store = open_store(data, demo=True)
    org_id, device_id = store.local_setting("org_id"), store.device_id
    store.close()
    sync_server.create_org(org_id=org_id)

    enrolled = medspa(
        "enrol", "--data-dir", str(data), "--server", sync_server.url,
        "--code", sync_server.enrol_code(org_id), "--name", "Front desk",
    )  # fmt: skip
    assert enrolled.returncode == 0, enrolled.stderr
    assert (data / DEMO_TOKEN_FILE).exists()
    queued = int(re.search(r"(\d+) records", enrolled.stdout).group(1))

    synced = medspa("sync", "--data-dir", str(data), "--json")
    assert synced.returncode == 0, synced.stderr
    summary = json.loads(synced.stdout)
    assert summary["ok"] is True and summary["errors"] == []
    assert summary["pushed"] == queued and summary["first_sync"] is True
    assert summary["pulled"] >= queued and summary["mismatched"] == []

    sync_server.revoke(device_id)
    refused = medspa("sync", "--data-dir", str(data), "--json")
    assert refused.returncode == 1
    report = json.loads(refused.stdout)
    assert report["ok"] is False and "enrol it again" in report["errors"][0]


def test_medspa_sync_without_enrolment_says_how_to_enrol(tmp_path):
    data = tmp_path / "demo"
    assert medspa("demo", "--data-dir", str(data), "--clients", "10").returncode == 0

    refused = medspa("sync", "--data-dir", str(data))

    assert refused.returncode == 1
    assert "Sync failed: 0 pushed" in refused.stdout
    assert "medspa enrol" in refused.stderr
