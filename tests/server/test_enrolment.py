"""Enrolment: one-time codes that expire, tokens stored only as hashes, re-enrolment."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from medspa_desktop.domain.ids import new_id
from medspa_server.admin import issue_enrol_code, revoke_device
from medspa_server.models import Device, EnrolCode
from medspa_server.security import code_hash, token_hash

from .helpers import BASE_HEADERS, SyncDevice, client_fields


def _enrol(client, code: str, device_id: str | None = None, **extra):
    body = {"code": code, "device_id": device_id or new_id(), "device_name": "Tablet", **extra}
    return client.post("/v1/enrol", json=body, headers=BASE_HEADERS)


def test_owner_code_enrols_the_first_device_of_a_new_organisation(client, make_clinic):
    clinic = make_clinic()
    device_id = new_id()

    reply = _enrol(client, clinic.owner_code, device_id)

    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["device_id"] == device_id
    assert body["org_id"] == clinic.org_id
    assert body["org_is_new"] is True
    assert len(body["token"]) >= 43  # 32 random bytes, URL-safe base64


def test_a_code_works_once(client, make_clinic):
    clinic = make_clinic()
    assert _enrol(client, clinic.owner_code).status_code == 200

    again = _enrol(client, clinic.owner_code)

    assert again.status_code == 403
    assert again.json()["code"] == "enrolment_code"
    assert "already used" in again.json()["message"]


def test_an_expired_code_is_refused_with_its_expiry(client, make_clinic, database):
    clinic = make_clinic()
    code = issue_enrol_code(database, clinic.org_id, hours=1).code
    with database.write() as session:
        past = dt.datetime(2020, 5, 1, 9, 30, tzinfo=dt.UTC)
        session.execute(
            update(EnrolCode).where(EnrolCode.code_hash == code_hash(code)).values(expires_at=past)
        )
        session.commit()

    reply = _enrol(client, code)

    assert reply.status_code == 403
    assert "expired on 2020-05-01 09:30 UTC" in reply.json()["message"]
    assert [e.outcome for e in clinic.access_log()] == ["enrol_refused"]


def test_codes_are_typed_forgivingly(client, make_clinic):
    clinic = make_clinic()
    typed = clinic.owner_code.lower().replace("-", " ").replace("0", "o")

    assert _enrol(client, typed).status_code == 200


def test_server_keeps_only_hashes_of_codes_and_tokens(client, make_clinic, database):
    clinic = make_clinic()
    reply = _enrol(client, clinic.owner_code).json()

    with database.read() as session:
        device = session.get(Device, reply["device_id"])
        codes = session.scalars(select(EnrolCode).where(EnrolCode.org_id == clinic.org_id)).all()
    assert device.token_hash == token_hash(reply["token"])
    assert [c.code_hash for c in codes] == [code_hash(clinic.owner_code)]
    dump = _database_text(database)
    assert reply["token"] not in dump
    assert clinic.owner_code not in dump


def test_a_code_of_another_clinic_is_refused_without_using_it_up(client, make_clinic):
    clinic = make_clinic()

    refused = _enrol(client, clinic.owner_code, org_id=new_id())
    accepted = _enrol(client, clinic.owner_code, org_id=clinic.org_id)

    assert refused.status_code == 403
    assert "different clinic" in refused.json()["message"]
    assert accepted.status_code == 200


def test_second_device_is_told_the_organisation_already_has_data(client, make_clinic):
    clinic = make_clinic()
    first = clinic.enrol("Front desk")
    first.push(first.create("client", client_fields()))
    code = issue_enrol_code(clinic.database, clinic.org_id, location_id="loc-1").code

    body = _enrol(client, code).json()

    assert body["org_is_new"] is False
    assert body["location_id"] == "loc-1"


def test_revoked_device_re_enrols_and_continues_its_numbering(client, make_clinic):
    clinic = make_clinic()
    device = clinic.enrol()
    device.push(device.create("client", client_fields()))
    revoke_device(clinic.database, device.id)
    pending = device.create("client", client_fields(first_name="Noor"))

    refused = device.send_push([pending])
    code = issue_enrol_code(clinic.database, clinic.org_id).code
    token = _enrol(client, code, device.id).json()["token"]
    again = SyncDevice(client, device.id, clinic.org_id, token)
    answer = again.push(pending)

    assert refused.status_code == 401
    assert refused.json()["code"] == "revoked"
    assert "Nothing on it was deleted" in refused.json()["message"]
    assert [r["status"] for r in answer["results"]] == ["applied"]
    assert answer["last_applied"] == 2


def test_a_device_of_another_clinic_cannot_enrol_under_its_id(client, make_clinic):
    clinic_a, clinic_b = make_clinic("A"), make_clinic("B")
    device = clinic_a.enrol()
    code = issue_enrol_code(clinic_b.database, clinic_b.org_id).code

    reply = _enrol(client, code, device.id)

    assert reply.status_code == 403
    assert "different clinic" in reply.json()["message"]


def _database_text(database) -> str:
    """Every value in the server's tables, as text."""
    from medspa_server.models import Base

    parts = []
    with database.read() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(table.select()):
                parts.extend(str(value) for value in row)
    return "\n".join(parts)
