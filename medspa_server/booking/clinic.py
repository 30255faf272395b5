"""The clinic behind a booking link and its online menu, read from the synced rows.

Public API (inside a session; any thread that owns it):

- ``load_clinic(session, location_id) -> Clinic | None``: None unless the location exists,
  is active and takes online bookings (``online_booking`` is ``requested`` or ``booked``).
- ``treatments(session, clinic) -> list[Treatment]``: what can be booked online here.
- ``staff_here(session, clinic) -> dict[str, Data]``: active staff working at the location.

A service is on a location's menu when it is active and bookable online, someone working
here may perform it (the practitioners chosen for it on the menu or, when none are, those
qualified in its category: the rule of the desktop's ``schedule_facts.service_needs``), and
the location has a room and machine of the kinds it needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from medspa_desktop.domain.availability import ServiceNeeds
from medspa_server.booking.rows import Data, location_anywhere, rows_by_id, rows_of

ONLINE_MODES = frozenset({"requested", "booked"})


@dataclass(frozen=True)
class Clinic:
    """One location taking online bookings, with what the page shows of it."""

    org_id: str
    location_id: str
    org_name: str
    name: str
    time_zone: str
    grid_minutes: int
    min_notice_minutes: int
    horizon_days: int
    online_booking: str
    """``requested`` (the front desk accepts each booking) or ``booked``."""
    cancellation_policy: str
    address: str
    phone: str
    email: str
    currency: str
    country: str
    """The organisation's default country: how typed phone numbers are read."""

    @property
    def title(self) -> str:
        """``Lumen Aesthetics – Downtown``, or one name when both are the same."""
        if not self.org_name or self.org_name == self.name:
            return self.name
        return f"{self.org_name} – {self.name}"


@dataclass(frozen=True)
class Treatment:
    """A service on the location's online menu."""

    id: str
    name: str
    description: str
    category: str
    duration_minutes: int
    price_minor: int
    needs: ServiceNeeds


def load_clinic(session: Session, location_id: str) -> Clinic | None:
    """The location behind ``/book/{location_id}``, or None when it takes no online bookings."""
    found = location_anywhere(session, location_id)
    if found is None:
        return None
    org_id, location = found
    if location.get("active") is False or location.get("online_booking") not in ONLINE_MODES:
        return None
    if not _known_zone(location.get("time_zone")):
        return None
    orgs = rows_of(session, org_id, "organisation")
    org = orgs[0] if orgs else {}
    return Clinic(
        org_id=org_id,
        location_id=location_id,
        org_name=str(org.get("name") or ""),
        name=str(location.get("name") or ""),
        time_zone=str(location["time_zone"]),
        grid_minutes=_whole(location.get("grid_minutes"), 15, low=1, high=1440),
        min_notice_minutes=_whole(location.get("min_notice_minutes"), 120, low=0),
        horizon_days=_whole(location.get("booking_horizon_days"), 90, low=0),
        online_booking=str(location["online_booking"]),
        cancellation_policy=str(location.get("cancellation_policy") or ""),
        address=str(location.get("address") or ""),
        phone=str(location.get("phone") or ""),
        email=str(location.get("email") or ""),
        currency=str(org.get("currency") or "USD"),
        country=str(org.get("default_country") or "US"),
    )


def staff_here(session: Session, clinic: Clinic) -> dict[str, Data]:
    """Active staff who work at the location (``staff_location``), by id."""
    links = rows_of(session, clinic.org_id, "staff_location", location_id=clinic.location_id)
    ids = {str(link.get("staff_id")) for link in links}
    staff = rows_by_id(session, clinic.org_id, "staff", ids)
    return {staff_id: row for staff_id, row in staff.items() if row.get("active") is not False}


def treatments(session: Session, clinic: Clinic) -> list[Treatment]:
    """The location's online menu, in menu order (category, then service)."""
    org_id = clinic.org_id
    services = [
        row
        for row in rows_of(session, org_id, "service_item")
        if row.get("active") is not False and row.get("online_bookable") is not False
    ]
    categories = rows_by_id(session, org_id, "service_category", _ids(services, "category_id"))
    chosen: dict[str, set[str]] = {}
    for link in rows_of(session, org_id, "service_qualified_staff"):
        chosen.setdefault(str(link.get("service_id")), set()).add(str(link.get("staff_id")))
    staff = staff_here(session, clinic)
    kinds = _kinds(session, clinic, "room") | _kinds(session, clinic, "machine")
    menu = []
    for service in services:
        category = categories.get(str(service.get("category_id")), {})
        needs = service_needs(service, category, chosen.get(service["id"], set()), staff)
        wanted = {needs.room_kind, needs.machine_kind} - {None}
        if needs.qualified_staff_ids and needs.duration_minutes > 0 and wanted <= kinds:
            menu.append((_menu_order(category, service), _treatment(service, category, needs)))
    return [treatment for _, treatment in sorted(menu, key=lambda item: item[0])]


def service_needs(
    service: Data, category: Data, chosen: set[str], staff: Mapping[str, Data]
) -> ServiceNeeds:
    """What one booking of ``service`` takes at a location whose active staff are ``staff``:
    the practitioners ``chosen`` for it on the menu, or those qualified in its category."""
    picked = set(chosen)
    if not picked:
        code = category.get("code")
        picked = {
            staff_id for staff_id, row in staff.items() if code in (row.get("qualifications") or [])
        }
    return ServiceNeeds(
        service_id=service["id"],
        duration_minutes=_whole(service.get("duration_minutes"), 0),
        buffer_before_minutes=_whole(service.get("buffer_before_minutes"), 0, low=0),
        buffer_after_minutes=_whole(service.get("buffer_after_minutes"), 0, low=0),
        room_kind=service.get("required_room_kind") or None,
        machine_kind=service.get("required_machine_kind") or None,
        qualified_staff_ids=frozenset(picked & staff.keys()),
        name=str(service.get("name") or ""),
    )


def _treatment(service: Data, category: Data, needs: ServiceNeeds) -> Treatment:
    return Treatment(
        id=service["id"],
        name=needs.name,
        description=str(service.get("description") or ""),
        category=str(category.get("name") or ""),
        duration_minutes=needs.duration_minutes,
        price_minor=_whole(service.get("price_minor"), 0),
        needs=needs,
    )


def _menu_order(category: Data, service: Data) -> tuple[int, str, int, str, str]:
    return (
        _whole(category.get("sort_order"), 0),
        str(category.get("name") or ""),
        _whole(service.get("sort_order"), 0),
        str(service.get("name") or ""),
        str(service["id"]),
    )


def _kinds(session: Session, clinic: Clinic, entity: str) -> set[str | None]:
    rows = rows_of(session, clinic.org_id, entity, location_id=clinic.location_id)
    return {row.get("kind") for row in rows if row.get("active") is not False}


def _ids(rows: list[Data], name: str) -> set[str]:
    return {str(row[name]) for row in rows if row.get(name)}


def _whole(value: object, default: int, *, low: int | None = None, high: int | None = None) -> int:
    """An integer field of a synced row, ``default`` when missing or out of range."""
    if not isinstance(value, int) or isinstance(value, bool):
        return default
    if (low is not None and value < low) or (high is not None and value > high):
        return default
    return value


def _known_zone(name: object) -> bool:
    if not isinstance(name, str) or not name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
