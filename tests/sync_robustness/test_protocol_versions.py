"""A device on the previous protocol version still syncs; an older one is told to update and
loses nothing; a newer one is told the server needs the update.

Only protocol version 1 exists today, so the server runs as the next release will, accepting
the current version 2 and the previous version 1 (``MEDSPA_SERVER_PROTOCOLS=1,2``, a server
setting), and devices speak 1 (previous), 0 (too old), 2 (current) and 3 (newer than the
server).
"""

from __future__ import annotations

import random
from contextlib import ExitStack

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from medspa_desktop.sync import protocol
from medspa_desktop.sync.engine import sync_once
from medspa_server import messages
from medspa_server.admin import create_org
from medspa_server.app import create_app
from medspa_server.settings import Settings

from .checks import (
    assert_converged,
    converge,
    device_tables,
    outbox,
    server_database,
    server_tables,
    server_view,
)
from .world import device, found_clinic, join, random_changes


@pytest.mark.slow
def test_the_previous_protocol_still_syncs_and_an_older_app_is_told_to_update_losing_nothing(
    own_server, tmp_path, monkeypatch
):
    monkeypatch.setenv("MEDSPA_SERVER_PROTOCOLS", "1,2")
    own_server.start()
    rng = random.Random(5)
    database = server_database(own_server)
    with ExitStack() as opened:
        previous, old = (opened.enter_context(device(tmp_path / n)) for n in ("previous", "old"))
        clinic = found_clinic(previous)
        create_org(database, "Lumen Aesthetics", org_id=clinic.org_id)
        join(previous, own_server.url, database, clinic.org_id, "Front desk")
        join(old, own_server.url, database, clinic.org_id, "Treatment room")
        assert protocol.PROTOCOL_VERSION == 1, "this app speaks the previous version"
        assert sync_once(previous).ok and sync_once(old).ok

        random_changes(previous, clinic, rng, 10)
        on_previous = sync_once(previous)
        assert on_previous.ok and on_previous.pushed > 0

        random_changes(old, clinic, rng, 10)
        waiting, rows = outbox(old), device_tables(old, clinic.org_id)
        monkeypatch.setattr(protocol, "PROTOCOL_VERSION", 0)
        refused = sync_once(old)

        assert not refused.ok and refused.errors == (messages.UPGRADE_REQUIRED,)
        assert "too old" in refused.errors[0] and "stay on this computer" in refused.errors[0]
        assert outbox(old) == waiting, "every change is still waiting, untouched"
        assert device_tables(old, clinic.org_id) == rows
        pending = [m for m in waiting if m.status == "pending"]
        created = {m.entity_id for m in pending if m.name.startswith("create_")}
        assert created and not created & server_ids(server_tables(database, clinic.org_id))
        assert server_view(database, old.device_id, clinic.org_id).last_applied == 0

        monkeypatch.setattr(protocol, "PROTOCOL_VERSION", 3)
        too_new = sync_once(old)
        assert too_new.errors == (messages.SERVER_TOO_OLD,) and outbox(old) == waiting

        monkeypatch.setattr(protocol, "PROTOCOL_VERSION", 2)  # the app was updated
        updated = sync_once(old)
        assert updated.ok and updated.pushed == len(pending)
        monkeypatch.setattr(protocol, "PROTOCOL_VERSION", 1)
        converge([previous, old])
        assert_converged([previous, old], database, clinic.org_id)
    database.dispose()


def server_ids(tables) -> set[str]:
    return {row_id for rows in tables.values() for row_id in rows}


def test_a_server_takes_its_accepted_protocol_versions_from_its_settings(tmp_path):
    assert Settings(protocols="").accepted_protocols() == protocol.SUPPORTED_PROTOCOLS
    assert Settings(protocols=" 1, 2 ").accepted_protocols() == {1, 2}
    with pytest.raises(ValidationError):
        Settings(protocols="1,two")

    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 's.db'}")
    with TestClient(create_app(settings)) as client:
        for version, expected in (("0", messages.UPGRADE_REQUIRED), ("2", messages.SERVER_TOO_OLD)):
            answer = client.post(
                "/v1/enrol",
                json={"code": "x", "device_id": "d", "device_name": "n"},
                headers={protocol.HEADER_PROTOCOL: version},
            )
            assert answer.status_code == 426 and answer.json()["message"] == expected
