"""Browser tests of the online-booking page: headless Chromium (Debian's ``chromium``) driven
by Playwright against a real ``medspa-server serve`` process, and a real enrolled desktop
device (SQLCipher store) that syncs the bookings.

Skipped with the reason when Chromium or Playwright is missing; a failure instead with
``MEDSPA_REQUIRE_SYSTEM_DEPS=1`` (CI). Never runs ``playwright install``: the system's
Chromium is used.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from medspa_desktop.domain.actor import Role
from medspa_desktop.services import credentials
from medspa_desktop.services.service_menu import (
    CreateService,
    CreateServiceCategory,
    create_service,
    create_service_category,
)
from medspa_desktop.services.staff import CreateStaff, create_staff
from medspa_desktop.services.working_hours import SetWorkingHours, set_working_hours
from medspa_desktop.store.database import Store, open_store
from medspa_desktop.store.models import Location
from medspa_desktop.sync.engine import sync_once
from medspa_desktop.sync.enrolment import enrol
from tests.conftest import require_system
from tests.sync.helpers import CHEAP, Clinic, edit, set_up
from tests.sync.server import Server

CHROMIUM = Path(os.environ.get("MEDSPA_CHROMIUM", "/usr/bin/chromium"))
ZONE = ZoneInfo("America/New_York")
POLICY = "Cancel at least 24 hours ahead, or a $50 fee applies."


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium browser (Playwright over the system's Chromium).

    NOTE: module scope, not session: Playwright's sync API keeps an asyncio event loop
    running on the main thread while it is open, and every later test that calls
    ``asyncio.run`` (the server tests do) would fail with "cannot be called from a running
    event loop"."""
    if not CHROMIUM.exists():
        require_system(f"Chromium is not installed at {CHROMIUM} (make system-deps installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_system("The playwright package is missing: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def cheap_hashing():
    with credentials.hashing_parameters(CHEAP):
        yield


@pytest.fixture
def new_device(tmp_path):
    """``new_device(name) -> Store``: a fresh encrypted device database of its own."""
    opened: list[Store] = []

    def make(name: str) -> Store:
        store = open_store(tmp_path / name, key=secrets.token_bytes(32))
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.engine.dispose()


@pytest.fixture(scope="module")
def booking_server(tmp_path_factory) -> Iterator[Server]:
    """A real server process (SQLite) for this module's tests."""
    server = Server(tmp_path_factory.mktemp("booking-server"), database_url="")
    server.start()
    yield server
    server.stop()


@dataclass(frozen=True)
class DeviceClinic:
    """A clinic set up on a real desktop device, enrolled with the server and synced."""

    clinic: Clinic
    botox: str
    kim: str
    lee: str
    day: dt.date

    def at(self, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(self.day, dt.time(hour, minute), ZONE)


@pytest.fixture
def device_clinic(booking_server, new_device, memory_keyring) -> DeviceClinic:
    """Front-desk device A: the clinic with two practitioners working 9:00-17:00 and Botox
    on the menu, taking online bookings; enrolled and synced."""
    clinic = set_up(new_device("front-desk"))
    store, owner, location = clinic.store, clinic.owner, clinic.location_id
    with store.uow() as uow:
        category = create_service_category(
            CreateServiceCategory("neuromodulator", "Injectables"), uow=uow, actor=owner
        ).id
    with store.uow() as uow:
        botox = create_service(CreateService(category, "Botox", 30, 30000), uow=uow, actor=owner).id
    kim, lee = (_practitioner(clinic, name) for name in ("Kim Cho", "Lee Park"))
    edit(
        store,
        Location,
        location,
        online_booking="booked",
        cancellation_policy=POLICY,
        grid_minutes=30,
        phone="+12125550100",
    )
    booking_server.create_org(org_id=clinic.org_id)
    code = booking_server.enrol_code(clinic.org_id)
    enrol(store, booking_server.url, code, "Front desk")
    assert sync_once(store).ok
    day = dt.datetime.now(ZONE).date() + dt.timedelta(days=7)
    return DeviceClinic(clinic, botox, kim, lee, day)


def _practitioner(clinic: Clinic, name: str) -> str:
    username = name.split()[0].lower()
    with clinic.store.uow() as uow:
        staff = create_staff(
            CreateStaff(
                username=username,
                display_name=name,
                role=Role.PRACTITIONER,
                password="quiet harbour morning",
                qualifications=("neuromodulator",),
                location_ids=(clinic.location_id,),
            ),
            uow=uow,
            actor=clinic.owner,
        ).id
    week = tuple((weekday, 9 * 60, 17 * 60) for weekday in range(7))
    with clinic.store.uow() as uow:
        set_working_hours(
            SetWorkingHours(staff, clinic.location_id, week, dt.date(2020, 1, 6)),
            uow=uow,
            actor=clinic.owner,
        )
    return staff
