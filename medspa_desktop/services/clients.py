"""Clients: find, list, open, add, change, and record marketing consent.

Public API (off the GUI thread; results are frozen, never ORM rows):

- ``search_clients(text, *, uow, actor, limit=50) -> list[ClientSummary]``: type-ahead search
  (names, phone digits, e-mail, notes), best match first.
- ``ListClients(offset=0, limit=100)`` -> ``list_clients(query, *, uow, actor) -> ClientPage``:
  a page of all clients sorted by last then first name, with the total count.
- ``get_client_profile(client_id, *, uow, actor) -> ClientProfile``: audited read; allergies
  and medical flags for every role, medications only for clinical roles.
- ``CreateClient(first_name, last_name, ...)`` -> ``create_client(cmd, *, uow, actor)``
- ``UpdateClient(client_id, <field>=UNCHANGED ...)`` -> ``update_client(cmd, *, uow, actor)``
  (only the changed fields go into the ``update_client_fields`` mutation)
- ``SetMarketingConsent(client_id, channel, granted, source)`` ->
  ``set_marketing_consent(cmd, *, uow, actor) -> ClientProfile`` (appends to the history)
Create and update return the ``ClientProfile``; ``ValidationError.field_errors`` is keyed by
the command's field names. Allergies, medical flags and medications need
``client.edit_medical`` to change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, TextClause, collate, select
from sqlalchemy import text as sql_text

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.permissions import is_allowed
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.client_rules import (
    CLIENT_FIELDS,
    MEDICAL_FIELDS,
    ClientPage,
    ClientProfile,
    ClientSummary,
    cleaned_client_fields,
    get_client,
    profile_of,
    summary_of,
)
from medspa_desktop.services.common import UNCHANGED, Keep, changes_of, now, stamp
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.writes import jsonable, save_changes, save_new
from medspa_desktop.store import search as fts
from medspa_desktop.store.models import Client, MarketingConsent, Organisation
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.sync.outbox import record_mutation

__all__ = [
    "ClientPage",
    "ClientProfile",
    "ClientSummary",
    "CreateClient",
    "ListClients",
    "SetMarketingConsent",
    "UpdateClient",
    "create_client",
    "get_client_profile",
    "list_clients",
    "search_clients",
    "set_marketing_consent",
    "update_client",
]

ENTITY = "client"
CHANNELS = ("email", "sms", "post")
MAX_PAGE = 500


@dataclass(frozen=True)
class ListClients:
    offset: int = 0
    limit: int = 100


@dataclass(frozen=True)
class CreateClient:
    first_name: str
    last_name: str
    preferred_name: str = ""
    date_of_birth: dt.date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    pronouns: str = ""
    allergies: str = ""
    medical_flags: tuple[str, ...] = ()
    medications: str = ""
    notes: str = ""
    tags: tuple[str, ...] = ()
    home_location_id: str | None = None
    referral_source: str = ""


@dataclass(frozen=True)
class UpdateClient:
    client_id: str
    first_name: str | Keep = UNCHANGED
    last_name: str | Keep = UNCHANGED
    preferred_name: str | Keep = UNCHANGED
    date_of_birth: dt.date | Keep | None = UNCHANGED
    phone: str | Keep = UNCHANGED
    email: str | Keep = UNCHANGED
    address: str | Keep = UNCHANGED
    pronouns: str | Keep = UNCHANGED
    allergies: str | Keep = UNCHANGED
    medical_flags: tuple[str, ...] | Keep = UNCHANGED
    medications: str | Keep = UNCHANGED
    notes: str | Keep = UNCHANGED
    tags: tuple[str, ...] | Keep = UNCHANGED
    home_location_id: str | Keep | None = UNCHANGED
    referral_source: str | Keep = UNCHANGED


@dataclass(frozen=True)
class SetMarketingConsent:
    client_id: str
    channel: str
    """``email``, ``sms`` or ``post``."""
    granted: bool
    source: str = field(default="front_desk")


def search_clients(
    text: str, *, uow: UnitOfWork, actor: Actor, limit: int = 50
) -> list[ClientSummary]:
    authorize(uow, actor, Action.CLIENT_VIEW, entity=ENTITY)
    ids = fts.search_clients(uow.session, text, limit=min(limit, MAX_PAGE))
    rows = {c.id: c for c in uow.session.scalars(select(Client).where(Client.id.in_(ids)))}
    return [summary_of(rows[i]) for i in ids if i in rows and rows[i].org_id == actor.org_id]


def _live_clients(org_id: str) -> tuple[ColumnElement[bool], ...]:
    # NOTE: these terms match the WHERE of the partial index ix_client_list_order
    # (store/ddl.py); change both together or the list falls back to sorting the table.
    return (Client.org_id == org_id, Client.deleted.is_(False), Client.erased_at.is_(None))


def client_count_statement(org_id: str) -> TextClause:
    # NOTE: without table statistics SQLite counts through the plain org_id index and reads
    # every row (~50 ms on 100,000 clients); the covering partial index takes ~5 ms.
    # SQLAlchemy's SQLite dialect renders no table hints, hence the text. INDEXED BY also
    # makes this fail loudly, rather than slowly, if the index is ever missing.
    return sql_text(
        "SELECT count(*) FROM client INDEXED BY ix_client_list_order "
        "WHERE org_id = :org_id AND deleted IS 0 AND erased_at IS NULL"
    ).bindparams(org_id=org_id)


def client_page_statement(org_id: str, offset: int, limit: int) -> Select[Client]:
    """One page of live clients by case-insensitive last name, first name, then id."""
    return (
        select(Client)
        .where(*_live_clients(org_id))
        .order_by(
            collate(Client.last_name, "NOCASE"), collate(Client.first_name, "NOCASE"), Client.id
        )
        .offset(offset)
        .limit(limit)
    )


def list_clients(query: ListClients, *, uow: UnitOfWork, actor: Actor) -> ClientPage:
    authorize(uow, actor, Action.CLIENT_VIEW, entity=ENTITY)
    total = uow.session.scalar(client_count_statement(actor.org_id)) or 0
    offset, limit = max(query.offset, 0), min(max(query.limit, 1), MAX_PAGE)
    rows = uow.session.scalars(client_page_statement(actor.org_id, offset, limit))
    return ClientPage(tuple(summary_of(row) for row in rows), total, offset)


def get_client_profile(client_id: str, *, uow: UnitOfWork, actor: Actor) -> ClientProfile:
    """Open a client's profile; every opening is audited (it shows allergies and flags)."""
    authorize(uow, actor, Action.CLIENT_VIEW, entity=ENTITY, entity_id=client_id)
    client = get_client(uow, client_id, actor.org_id)
    medical = is_allowed(actor.role, Action.CLIENT_VIEW_MEDICAL)
    action = Action.CLIENT_VIEW_MEDICAL if medical else Action.CLIENT_VIEW
    record_audit(uow, actor, action, entity=ENTITY, entity_id=client.id, outcome="ok")
    uow.commit()
    return profile_of(client, _consent(uow, client.id), medical=medical)


def create_client(cmd: CreateClient, *, uow: UnitOfWork, actor: Actor) -> ClientProfile:
    authorize(uow, actor, Action.CLIENT_CREATE, entity=ENTITY)
    if any(getattr(cmd, name) for name in MEDICAL_FIELDS):
        authorize(uow, actor, Action.CLIENT_EDIT_MEDICAL, entity=ENTITY)
    values = cleaned_client_fields(
        uow, changes_of(cmd, CLIENT_FIELDS), org_id=actor.org_id, country=_country(uow, actor)
    )
    client = Client(org_id=actor.org_id, **values)
    save_new(uow, actor, client, values, entity=ENTITY, action=Action.CLIENT_CREATE)
    return _profile_after_write(uow, actor, client)


def update_client(cmd: UpdateClient, *, uow: UnitOfWork, actor: Actor) -> ClientProfile:
    authorize(uow, actor, Action.CLIENT_EDIT, entity=ENTITY, entity_id=cmd.client_id)
    client = get_client(uow, cmd.client_id, actor.org_id)
    values = cleaned_client_fields(
        uow, changes_of(cmd, CLIENT_FIELDS), org_id=actor.org_id, country=_country(uow, actor)
    )
    changed = {k: v for k, v in values.items() if getattr(client, k) != v}
    if MEDICAL_FIELDS & changed.keys():
        authorize(uow, actor, Action.CLIENT_EDIT_MEDICAL, entity=ENTITY, entity_id=client.id)
    # The audit entry names the changed fields only: their values may be clinical text.
    save_changes(uow, actor, client, changed, entity=ENTITY, action=Action.CLIENT_EDIT)
    return _profile_after_write(uow, actor, client)


def set_marketing_consent(
    cmd: SetMarketingConsent, *, uow: UnitOfWork, actor: Actor
) -> ClientProfile:
    """Record that the client gave or withdrew consent on one channel (kept as history)."""
    authorize(
        uow, actor, Action.CLIENT_SET_MARKETING_CONSENT, entity=ENTITY, entity_id=cmd.client_id
    )
    if cmd.channel not in CHANNELS:
        raise ValidationError({"channel": "Choose e-mail, SMS or post."})
    client = get_client(uow, cmd.client_id, actor.org_id)
    _append_consent(uow, actor, client.id, cmd)
    record_audit(
        uow,
        actor,
        Action.CLIENT_SET_MARKETING_CONSENT,
        entity=ENTITY,
        entity_id=client.id,
        outcome="ok",
        detail=f"{cmd.channel} {'granted' if cmd.granted else 'withdrawn'}",
    )
    uow.commit()
    return _profile_after_write(uow, actor, client)


def _append_consent(
    uow: UnitOfWork, actor: Actor, client_id: str, cmd: SetMarketingConsent
) -> None:
    values = {
        "client_id": client_id,
        "channel": cmd.channel,
        "granted": cmd.granted,
        "source": cmd.source.strip()[:64] or "front_desk",
        "recorded_at": now(),
        "recorded_by": actor.staff_id,
    }
    entry = MarketingConsent(org_id=actor.org_id, **values)
    stamp(entry, uow)
    uow.session.add(entry)
    uow.session.flush()
    record_mutation(
        uow,
        name="record_marketing_consent",
        entity="marketing_consent",
        entity_id=entry.id,
        fields={"org_id": actor.org_id, **jsonable(values)},
    )


def _profile_after_write(uow: UnitOfWork, actor: Actor, client: Client) -> ClientProfile:
    # Returning what was just written is not a new read: the write's entry covers it.
    medical = is_allowed(actor.role, Action.CLIENT_VIEW_MEDICAL)
    return profile_of(client, _consent(uow, client.id), medical=medical)


def _consent(uow: UnitOfWork, client_id: str) -> dict[str, bool]:
    rows = uow.session.scalars(
        select(MarketingConsent)
        .where(MarketingConsent.client_id == client_id, MarketingConsent.deleted.is_(False))
        .order_by(MarketingConsent.recorded_at, MarketingConsent.id)
    )
    return {row.channel: row.granted for row in rows}


def _country(uow: UnitOfWork, actor: Actor) -> str:
    org = uow.session.get(Organisation, actor.org_id)
    return org.default_country if org else "US"
