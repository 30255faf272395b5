"""A practitioner's private calendar feed, made on a device and served by the real server."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import httpx
import pytest
from icalendar import Calendar

from medspa_desktop.domain.actor import Role
from medspa_desktop.services.booking import BookVisit, VisitLeg, book_visit
from medspa_desktop.services.calendar_feeds import create_calendar_feed, revoke_calendar_feed
from medspa_desktop.services.clients import CreateClient, create_client
from medspa_desktop.services.errors import PermissionDenied
from medspa_desktop.services.service_menu import (
    CreateService,
    CreateServiceCategory,
    create_service,
    create_service_category,
)
from medspa_desktop.services.staff import CreateStaff, create_staff
from medspa_desktop.services.working_hours import SetWorkingHours, set_working_hours
from medspa_desktop.sync.engine import sync_once

pytestmark = pytest.mark.slow
ZONE = ZoneInfo("America/New_York")


def _call(store, actor, service, *args):
    with store.uow() as uow:
        return service(*args, uow=uow, actor=actor)


def _practitioner_with_a_booking(clinic):
    store, owner = clinic.store, clinic.owner
    lee = _call(
        store, owner, create_staff,
        CreateStaff("lee", "Dr Lee", Role.PRACTITIONER, "juniper lantern coast",
                    qualifications=("neuromodulator",), location_ids=(clinic.location_id,)),
    )  # fmt: skip
    week = tuple((day, 9 * 60, 17 * 60) for day in range(7))
    _call(
        store, owner, set_working_hours,
        SetWorkingHours(lee.id, clinic.location_id, week, dt.date(2020, 1, 6)),
    )  # fmt: skip
    category = _call(
        store, owner, create_service_category, CreateServiceCategory("neuromodulator", "Inj")
    )
    botox = _call(store, owner, create_service, CreateService(category.id, "Botox", 30, 30000))
    client = _call(
        store, owner, create_client, CreateClient("Ada", "Lovelace", allergies="Lidocaine")
    )
    day = dt.datetime.now(ZONE).date() + dt.timedelta(days=5)
    start = dt.datetime.combine(day, dt.time(10), ZONE)
    visit = BookVisit(client.id, clinic.location_id, start, (VisitLeg(botox.id, lee.id),))
    _call(store, owner, book_visit, visit)
    return lee, start


def test_a_feed_lists_the_practitioners_bookings_without_client_names_until_revoked(
    connected, sync_server
):
    clinic, a, _ = connected
    lee, start = _practitioner_with_a_booking(clinic)
    feed = _call(a, clinic.owner, create_calendar_feed, lee.id)
    assert feed.address.startswith(sync_server.url + "/feeds/")
    assert sync_once(a).ok

    answer = httpx.get(feed.address)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(answer.content).walk("VEVENT")
    assert str(event["summary"]) == "Botox · A.L."
    assert event.decoded("dtstart") == start.astimezone(dt.UTC)
    assert b"Lovelace" not in answer.content and b"Lidocaine" not in answer.content
    assert httpx.get(feed.address.replace(".ics", "x.ics")).status_code == 404

    _call(a, clinic.owner, revoke_calendar_feed, feed.feed.id)
    assert sync_once(a).ok
    assert httpx.get(feed.address).status_code == 404


def test_a_practitioner_manages_only_their_own_feed(connected):
    clinic, a, _ = connected
    lee, _ = _practitioner_with_a_booking(clinic)
    kim = _call(
        a, clinic.owner, create_staff,
        CreateStaff("kim", "Kim", Role.PRACTITIONER, "juniper lantern coast",
                    location_ids=(clinic.location_id,)),
    )  # fmt: skip
    as_kim = clinic.owner.__class__(
        staff_id=kim.id, org_id=clinic.org_id, role=Role.PRACTITIONER,
        device_id=a.device_id, location_id=clinic.location_id, display_name="Kim",
    )  # fmt: skip
    assert _call(a, as_kim, create_calendar_feed, kim.id).address
    with pytest.raises(PermissionDenied):
        _call(a, as_kim, create_calendar_feed, lee.id)
