"""A fresh install has no account at all; the first-run set-up creates clinic and owner."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from medspa_desktop.domain.actor import Role
from medspa_desktop.services.auth import LogIn, is_first_run, log_in
from medspa_desktop.services.errors import LoginFailed, RuleViolation, ValidationError
from medspa_desktop.store.models import LocalSetting, Location, Organisation, Staff

from .conftest import set_up
from .helpers import OWNER_PASSWORD, audit_entries, mutations

DEFAULT_GUESSES = [
    ("admin", "admin"),
    ("admin", "password"),
    ("owner", "owner"),
    ("root", ""),
    ("", ""),
    ("olivia", OWNER_PASSWORD),
]


def test_fresh_install_is_first_run_with_no_account(store):
    with store.uow() as uow:
        assert is_first_run(uow=uow)
        assert uow.session.scalar(select(func.count()).select_from(Staff)) == 0


@pytest.mark.parametrize(("username", "password"), DEFAULT_GUESSES)
def test_fresh_install_has_no_default_account(store, username, password):
    with store.uow() as uow, pytest.raises(LoginFailed):
        log_in(LogIn(username, password), uow=uow)


def test_set_up_creates_organisation_location_and_owner_in_one_go(store):
    done = set_up(store)
    with store.uow() as uow:
        assert not is_first_run(uow=uow)
        org = uow.session.get(Organisation, done.org_id)
        location = uow.session.get(Location, done.location_id)
        owner = uow.session.get(Staff, done.owner_staff_id)
        settings = {row.key: row.value for row in uow.session.scalars(select(LocalSetting))}
        assert org.name == "Lumen Aesthetics" and org.org_id == org.id
        assert location.time_zone == "America/New_York" and location.idle_lock_minutes == 10
        assert owner.role == "owner" and owner.username == "olivia" and owner.pin_hash
        assert owner.password_hash.startswith("$argon2id$")
        assert settings["org_id"] == org.id and settings["location_id"] == location.id
    assert done.session.actor.role is Role.OWNER
    names = [m.name for m in mutations(store)]
    assert names[:4] == [
        "create_organisation",
        "create_location",
        "create_staff",
        "create_staff_location",
    ]
    assert [e.action for e in audit_entries(store)] == ["auth.set_up_clinic", "auth.login"]


def test_owner_can_log_in_after_set_up(store):
    set_up(store)
    with store.uow() as uow:
        session = log_in(LogIn("Olivia", OWNER_PASSWORD), uow=uow)
    assert session.actor.role is Role.OWNER and session.method == "password"


def test_set_up_refused_once_any_staff_exists_and_refusal_is_audited(store):
    set_up(store)
    with pytest.raises(RuleViolation, match="already set up"):
        set_up(store, owner_username="mallory", organisation_name="Takeover Ltd")
    with store.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Organisation)) == 1
    refused = audit_entries(store, outcome="denied")
    assert [e.action for e in refused] == ["auth.set_up_clinic"]


def test_set_up_reports_every_bad_field_at_once_and_creates_nothing(store):
    with pytest.raises(ValidationError) as caught:
        set_up(
            store,
            organisation_name=" ",
            time_zone="Moon/Base",
            owner_username="o",
            owner_password="password",
            owner_pin="12",
            currency="dollars",
        )
    assert set(caught.value.field_errors) == {
        "organisation_name",
        "time_zone",
        "owner_username",
        "owner_password",
        "owner_pin",
        "currency",
    }
    with store.uow() as uow:
        assert is_first_run(uow=uow)
        assert uow.session.scalar(select(func.count()).select_from(Organisation)) == 0
    assert mutations(store) == []
