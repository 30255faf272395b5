"""Private calendar feeds: a practitioner subscribes their phone's calendar to their bookings.

Public API (off the GUI thread; results are frozen):

- ``create_calendar_feed(staff_id, *, uow, actor) -> NewCalendarFeed``: a new feed; its
  address (with the secret) is shown this once and never stored. Practitioners make their
  own; managers and owners anyone's.
- ``list_calendar_feeds(staff_id, *, uow, actor) -> list[CalendarFeedInfo]``
- ``revoke_calendar_feed(feed_id, *, uow, actor)``: the address stops working everywhere
  after the next sync.

The central server serves the feed (``medspa_server/feeds.py``): the practitioner's booked
times with the service and location, the client as initials only, and nothing clinical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor, Role
from medspa_desktop.services.authz import authorize, refuse
from medspa_desktop.services.common import now
from medspa_desktop.services.errors import NotFound, RuleViolation
from medspa_desktop.services.writes import save_changes, save_new
from medspa_desktop.store.models import CalendarFeed, Staff
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.sync import state

ENTITY = "calendar_feed"


@dataclass(frozen=True)
class CalendarFeedInfo:
    id: str
    staff_id: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


@dataclass(frozen=True)
class NewCalendarFeed:
    feed: CalendarFeedInfo
    address: str
    """The full address to subscribe to, with its secret: shown once, kept nowhere."""


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def feed_path(feed_id: str, secret: str) -> str:
    return f"/feeds/{feed_id}/{secret}.ics"


def create_calendar_feed(staff_id: str, *, uow: UnitOfWork, actor: Actor) -> NewCalendarFeed:
    _authorize_for(uow, actor, staff_id)
    server = _server_url(uow)
    secret = secrets.token_urlsafe(32)
    values = {"staff_id": staff_id, "secret_hash": secret_hash(secret), "created_at": now()}
    row = CalendarFeed(org_id=actor.org_id, **values)
    save_new(uow, actor, row, values, entity=ENTITY, action=Action.CALENDAR_FEED_MANAGE)
    return NewCalendarFeed(_info(row), server.rstrip("/") + feed_path(row.id, secret))


def list_calendar_feeds(staff_id: str, *, uow: UnitOfWork, actor: Actor) -> list[CalendarFeedInfo]:
    _authorize_for(uow, actor, staff_id)
    rows = uow.session.scalars(
        select(CalendarFeed)
        .where(CalendarFeed.staff_id == staff_id, CalendarFeed.deleted.is_(False))
        .order_by(CalendarFeed.created_at)
    )
    return [_info(row) for row in rows]


def revoke_calendar_feed(feed_id: str, *, uow: UnitOfWork, actor: Actor) -> CalendarFeedInfo:
    row = uow.session.get(CalendarFeed, feed_id)
    if row is None or row.deleted or row.org_id != actor.org_id:
        raise NotFound("That calendar feed no longer exists.")
    _authorize_for(uow, actor, row.staff_id)
    if row.revoked_at is None:
        save_changes(
            uow, actor, row, {"revoked_at": now()}, entity=ENTITY,
            action=Action.CALENDAR_FEED_MANAGE,
        )  # fmt: skip
    return _info(row)


def _authorize_for(uow: UnitOfWork, actor: Actor, staff_id: str) -> None:
    authorize(uow, actor, Action.CALENDAR_FEED_MANAGE, entity=ENTITY, entity_id=staff_id)
    person = uow.session.get(Staff, staff_id)
    if person is None or person.deleted or person.org_id != actor.org_id:
        raise NotFound("That member of staff no longer exists.")
    if actor.role is Role.PRACTITIONER and staff_id != actor.staff_id:
        refuse(
            uow,
            actor,
            Action.CALENDAR_FEED_MANAGE,
            "Practitioners manage their own calendar feed only. Ask a manager for another's.",
            entity=ENTITY,
            entity_id=staff_id,
        )


def _server_url(uow: UnitOfWork) -> str:
    url = state.get_setting(uow.session.connection(), state.SERVER_URL)
    if not url:
        raise RuleViolation(
            "Calendar feeds are served by the clinic's sync server, and this device is not "
            "connected to one. Enrol it in Settings → Sync first."
        )
    return url


def _info(row: CalendarFeed) -> CalendarFeedInfo:
    return CalendarFeedInfo(row.id, row.staff_id, row.created_at, row.revoked_at)
