"""Fixtures for the service tests: a set-up clinic on a real SQLCipher file, staff per role.

Argon2id is slow on purpose (~0.1 s a hash); these tests hash with a cheap parameter set
through ``credentials.hashing_parameters``, the documented test-only hook.

Opening a new database runs every migration (~0.25 s), so each test gets a copy of a
database migrated (and, for ``clinic``, set up) once per session: still a real encrypted
file of its own, opened through ``open_store``.
"""

from __future__ import annotations

import itertools
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from medspa_desktop.domain.actor import Actor, Role
from medspa_desktop.services import credentials
from medspa_desktop.services.auth import ClinicSetUp, LogIn, SetUpClinic, log_in, set_up_clinic
from medspa_desktop.services.staff import CreateStaff, create_staff
from medspa_desktop.store.database import Store, open_store

from .helpers import CHEAP, OWNER_PASSWORD, STAFF_PASSWORD

_usernames = itertools.count(1)


@pytest.fixture(autouse=True)
def cheap_hashing():
    with credentials.hashing_parameters(CHEAP):
        yield


@dataclass
class Clinic:
    store: Store
    org_id: str
    location_id: str
    owner: Actor

    def add_staff(self, role: Role, *, username: str | None = None, pin: str = "") -> Actor:
        """A new active account of ``role`` (created by the owner) and its actor."""
        name = username or f"{role.value.replace('_', '')}{next(_usernames)}"
        with self.store.uow() as uow:
            summary = create_staff(
                CreateStaff(
                    username=name,
                    display_name=f"{role.label} {name}",
                    role=role,
                    password=STAFF_PASSWORD,
                    pin=pin,
                    location_ids=(self.location_id,),
                ),
                uow=uow,
                actor=self.owner,
            )
        return Actor(
            staff_id=summary.id,
            org_id=self.org_id,
            role=role,
            device_id=self.store.device_id,
            location_id=self.location_id,
            display_name=summary.display_name,
        )

    def actor(self, role: Role) -> Actor:
        return self.owner if role is Role.OWNER else self.add_staff(role)

    def log_in(self, username: str, password: str):
        with self.store.uow() as uow:
            return log_in(LogIn(username, password), uow=uow)


def set_up(store: Store, **overrides) -> ClinicSetUp:
    cmd = SetUpClinic(
        organisation_name="Lumen Aesthetics",
        location_name="Downtown",
        time_zone="America/New_York",
        owner_username="olivia",
        owner_display_name="Olivia Owner",
        owner_password=OWNER_PASSWORD,
        owner_pin="2468",
    )
    fields = {**cmd.__dict__, **overrides}
    with store.uow() as uow:
        return set_up_clinic(SetUpClinic(**fields), uow=uow)


@dataclass(frozen=True)
class Templates:
    key: bytes
    empty: Path
    clinic: Path
    org_id: str
    location_id: str
    owner: Actor


@pytest.fixture(scope="session")
def templates(tmp_path_factory) -> Templates:
    key = secrets.token_bytes(32)
    root = tmp_path_factory.mktemp("service-templates")
    open_store(root / "empty", key=key).close()
    shutil.copytree(root / "empty", root / "clinic")
    with credentials.hashing_parameters(CHEAP):
        store = open_store(root / "clinic", key=key)
        done = set_up(store)
        store.close()
    return Templates(
        key, root / "empty", root / "clinic", done.org_id, done.location_id, done.session.actor
    )


def _open_copy(template: Path, target: Path, key: bytes) -> Store:
    shutil.copytree(template, target)
    return open_store(target, key=key)


@pytest.fixture
def store(templates, tmp_path):
    """A fresh, empty encrypted clinic database (overrides the suite-wide fixture)."""
    opened = _open_copy(templates.empty, tmp_path / "data", templates.key)
    yield opened
    opened.close()


@pytest.fixture
def clinic(templates, tmp_path):
    """A clinic right after first-run set-up: organisation, one location, owner 'olivia'."""
    opened = _open_copy(templates.clinic, tmp_path / "clinic", templates.key)
    yield Clinic(opened, templates.org_id, templates.location_id, templates.owner)
    opened.close()
