"""Private iCalendar feeds of practitioners' bookings: ``GET /feeds/{id}/{secret}.ics``.

The address is the token: the feed's id and a secret whose SHA-256 a device synced
(``calendar_feed`` rows, made in the desktop app). A revoked, unknown or wrong address
gets the same 404, and the attempt is logged. The feed holds the practitioner's active
bookings from 30 days back to 180 days ahead: service, location and times, the client as
initials only, nothing clinical; and it asks calendar apps not to cache it for long.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session

from medspa_desktop.sync.protocol import ErrorCode
from medspa_server.deps import DatabaseDep
from medspa_server.errors import ApiError
from medspa_server.models import AppointmentSlot, SyncRow
from medspa_server.tenancy import log_access

router = APIRouter(tags=["calendar feeds"])
PAST = dt.timedelta(days=30)
AHEAD = dt.timedelta(days=180)
FeedId = Annotated[str, Path(pattern="^[0-9a-f-]{36}$")]
Secret = Annotated[str, Path(pattern="^[A-Za-z0-9_-]{20,100}$")]


@router.get("/feeds/{feed_id}/{secret}.ics", response_class=Response)
def calendar_feed(
    feed_id: FeedId, secret: Secret, request: Request, database: DatabaseDep
) -> Response:
    """A practitioner's bookings as iCalendar, for a phone's calendar app to subscribe to."""
    with database.write() as session:
        feed = _feed(session, feed_id, secret)
        if feed is None:
            log_access(
                session, path="/feeds/…", outcome="refused", device_id=None, org_id=None,
                detail=f"calendar feed {feed_id}: unknown, revoked or wrong secret",
            )  # fmt: skip
            session.commit()
            raise ApiError(404, ErrorCode.NOT_FOUND, "There is no calendar at this address.")
        org_id, staff_id = feed.org_id, feed.data["staff_id"]
        body = _calendar(session, org_id, staff_id, dt.datetime.now(dt.UTC))
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300", "X-Robots-Tag": "noindex"},
    )


def _feed(session: Session, feed_id: str, secret: str) -> SyncRow | None:
    row = session.scalar(
        select(SyncRow).where(SyncRow.entity == "calendar_feed", SyncRow.entity_id == feed_id)
    )
    if row is None or row.deleted or row.data.get("revoked_at"):
        return None
    wanted = hashlib.sha256(secret.encode()).hexdigest()
    return row if hmac.compare_digest(str(row.data.get("secret_hash", "")), wanted) else None


def _calendar(session: Session, org_id: str, staff_id: str, now: dt.datetime) -> bytes:
    ids = session.scalars(
        select(AppointmentSlot.appointment_id).where(
            AppointmentSlot.org_id == org_id,
            AppointmentSlot.resource_kind == "staff_id",
            AppointmentSlot.resource_id == staff_id,
            AppointmentSlot.starts_at >= now - PAST,
            AppointmentSlot.starts_at < now + AHEAD,
        )
    ).all()
    bookings = _rows(session, org_id, "appointment", ids)
    services = _rows(session, org_id, "service_item", {b["service_id"] for b in bookings.values()})
    places = _rows(session, org_id, "location", {b["location_id"] for b in bookings.values()})
    clients = _rows(session, org_id, "client", {b["client_id"] for b in bookings.values()})
    staff = _rows(session, org_id, "staff", [staff_id]).get(staff_id, {})
    calendar = Calendar()
    calendar.add("prodid", "-//MedSpa Desktop//Calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{staff.get('display_name', 'My')} bookings")
    for booking_id, booking in sorted(bookings.items(), key=lambda item: item[1]["starts_at"]):
        calendar.add_component(
            _event(booking_id, booking, services, places, clients.get(booking["client_id"], {}))
        )
    return bytes(calendar.to_ical())


def _event(
    booking_id: str,
    booking: dict[str, Any],
    services: dict[str, dict[str, Any]],
    places: dict[str, dict[str, Any]],
    client: dict[str, Any],
) -> Event:
    service = services.get(booking["service_id"], {}).get("name", "Appointment")
    place = places.get(booking["location_id"], {})
    event = Event()
    event.add("uid", f"{booking_id}@medspa")
    event.add("summary", f"{service} · {_initials(client)}")
    event.add("dtstart", _utc(booking["starts_at"]))
    event.add("dtend", _utc(booking["ends_at"]))
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("location", ", ".join(p for p in (place.get("name"), place.get("address")) if p))
    event.add("status", "TENTATIVE" if booking.get("status") == "requested" else "CONFIRMED")
    return event


def _rows(
    session: Session, org_id: str, entity: str, ids: Iterable[str]
) -> dict[str, dict[str, Any]]:
    wanted: Sequence[str] = sorted({i for i in ids if i})
    if not wanted:
        return {}
    rows = session.execute(
        select(SyncRow.entity_id, SyncRow.data).where(
            SyncRow.org_id == org_id,
            SyncRow.entity == entity,
            SyncRow.entity_id.in_(wanted),
            SyncRow.deleted.is_(False),
        )
    )
    return {entity_id: data for entity_id, data in rows}


def _initials(client: dict[str, Any]) -> str:
    first = (client.get("preferred_name") or client.get("first_name") or "?")[:1]
    last = (client.get("last_name") or "")[:1]
    return f"{first}.{last}.".upper() if last else f"{first}.".upper()


def _utc(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
