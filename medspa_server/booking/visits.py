"""What every booking route does first: know the visitor, count the request against the rate
limits, and find the clinic (or answer the same 404 page whatever the reason).

Public API (worker thread, except ``page_key``, which only reads the key file once):

- ``start_visit(request, kind) -> Visit``: raises ``Refusal`` (429 page) over the limit.
- ``clinic_of(visit, session, location_id) -> Clinic``: raises ``Refusal`` (404 page).
- ``database_of(request)``, ``settings_of(request)``.
"""

from __future__ import annotations

import datetime as dt
import math

from fastapi import Request
from sqlalchemy.orm import Session

from medspa_server.blob_key import load_blob_key
from medspa_server.booking.clinic import Clinic, load_clinic
from medspa_server.booking.csrf import COOKIE, address_hash, booking_key, visitor_from
from medspa_server.booking.forms import looks_like_id
from medspa_server.booking.limits import Limit, over_limit
from medspa_server.booking.views import Visit, refusal_page, remembered_details
from medspa_server.db import Database
from medspa_server.settings import Settings

VIEW, BOOK = "view", "book"


def database_of(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def page_key(request: Request) -> bytes:
    """The booking page's HMAC key, derived once per application from the blob key."""
    state = request.app.state
    key: bytes | None = getattr(state, "booking_key", None)
    if key is None:
        key = state.booking_key = booking_key(load_blob_key(settings_of(request)))
    return key


def start_visit(request: Request, kind: str) -> Visit:
    """The visit of this request, counted as a page ``view`` or a ``book`` submission."""
    key = page_key(request)
    visitor = visitor_from(request.cookies.get(COOKIE))
    now = dt.datetime.now(dt.UTC)
    visit = Visit(request, visitor, key, now)
    settings = settings_of(request)
    allowed = settings.booking_page_views if kind == VIEW else settings.booking_submissions
    limit = Limit(kind, allowed, settings.booking_window_s)
    # Behind a load balancer the address is the one it forwards: uvicorn takes it from
    # X-Forwarded-For when the balancer is in FORWARDED_ALLOW_IPS.
    address = request.client.host if request.client else ""
    wait = over_limit(database_of(request), limit, address_hash(key, address), now=now)
    if wait is not None:
        raise refusal_page(
            visit,
            429,
            "busy.html",
            {"Retry-After": str(wait)},
            clinic=None,
            minutes=math.ceil(wait / 60),
        )
    return visit


def clinic_of(visit: Visit, session: Session, location_id: str) -> Clinic:
    """The clinic taking online bookings at ``location_id``; the 404 page for an unknown
    id, another kind of record, a closed or inactive location alike."""
    clinic = load_clinic(session, location_id) if looks_like_id(location_id) else None
    if clinic is None:
        raise refusal_page(visit, 404, "missing.html", clinic=None)
    return clinic


def remembered(visit: Visit) -> dict[str, str]:
    """The details the visitor let this device remember (empty if none or not accepted)."""
    return remembered_details(visit.request, visit.visitor)
