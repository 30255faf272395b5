"""The ``medspa-server`` administration commands, run in-process on both databases."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from medspa_desktop.domain.ids import new_id
from medspa_server.cli import main
from medspa_server.migrate import head_revision
from medspa_server.models import EnrolCode, ServerOrg


def _run(capsys, settings, *args: str) -> tuple[int, str, str]:
    code = main(
        [*args, "--data-dir", str(settings.data_dir), "--database-url", settings.database_url]
    )
    out, err = capsys.readouterr()
    return code, out, err


def test_migrate_reports_the_database_is_current(capsys, settings):
    code, out, _ = _run(capsys, settings, "migrate")

    assert code == 0
    assert f"was at {head_revision()}" in out


def test_create_org_prints_the_id_and_a_one_time_owner_code(capsys, settings, database):
    code, out, _ = _run(capsys, settings, "create-org", "--name", "Glow Clinic")

    assert code == 0
    org_id = re.search(r"Organisation id: (\S+)", out).group(1)
    owner_code = re.search(r"Owner set-up code: ([0-9A-Z-]+)", out).group(1)
    assert "can be used once, until" in out
    with database.read() as session:
        assert session.get(ServerOrg, org_id).name == "Glow Clinic"
        purposes = session.scalars(select(EnrolCode.purpose).where(EnrolCode.org_id == org_id))
        assert list(purposes) == ["owner_setup"]
    assert len(owner_code) == 14


def test_create_org_adopts_an_existing_clinic_id_once(capsys, settings):
    demo_org = new_id()

    first = _run(capsys, settings, "create-org", "--name", "Demo", "--org-id", demo_org, "--json")
    second = _run(capsys, settings, "create-org", "--name", "Demo", "--org-id", demo_org)

    assert first[0] == 0 and json.loads(first[1])["org_id"] == demo_org
    assert second[0] == 1
    assert f"An organisation with id {demo_org} already exists" in second[2]


def test_enrol_code_for_an_unknown_organisation_says_so(capsys, settings):
    code, _, err = _run(capsys, settings, "enrol-code", "--org", "nope")

    assert code == 1
    assert "There is no organisation nope on this server" in err


def test_enrol_code_checks_the_location_once_locations_have_synced(capsys, settings, make_clinic):
    clinic = make_clinic()
    device = clinic.enrol()
    location_id = new_id()
    device.push(
        device.create("location", {"name": "Downtown", "time_zone": "UTC"}, entity_id=location_id)
    )

    bad = _run(capsys, settings, "enrol-code", "--org", clinic.org_id, "--location", "elsewhere")
    good = _run(
        capsys, settings, "enrol-code", "--org", clinic.org_id, "--location", location_id, "--json"
    )

    assert bad[0] == 1 and f"{location_id} (Downtown)" in bad[2]
    assert good[0] == 0 and json.loads(good[1])["location_id"] == location_id


def test_revoke_device_of_an_unknown_id_says_so(capsys, settings):
    code, _, err = _run(capsys, settings, "revoke-device", "--device", "ghost")

    assert code == 1
    assert "no enrolled device ghost" in err
