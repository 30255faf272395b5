"""Card readers per location (Settings → Payments), managers and owners.

Public API (worker threads: the terminal is asked over the network):

- ``AddCardReader(location_id, stripe_reader_id, label)`` -> ``add_card_reader``: a reader
  already registered to the clinic's Stripe account, checked with Stripe first.
- ``RegisterCardReader(location_id, registration_code, label, stripe_location_id)`` ->
  ``register_card_reader``: registers a new reader with the code it shows on screen.
- ``list_card_readers(location_id, *, uow, actor) -> list[CardReaderInfo]``: active ones.
- ``remove_card_reader(reader_id, *, uow, actor)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.card_terminal import CardTerminal, ReaderState
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.errors import NotFound, RuleViolation, ValidationError
from medspa_desktop.services.writes import save_changes, save_new
from medspa_desktop.store.models import CardReader, Location
from medspa_desktop.store.uow import UnitOfWork

ENTITY = "card_reader"


@dataclass(frozen=True)
class AddCardReader:
    location_id: str
    stripe_reader_id: str
    label: str


@dataclass(frozen=True)
class RegisterCardReader:
    location_id: str
    registration_code: str
    label: str
    stripe_location_id: str


@dataclass(frozen=True)
class CardReaderInfo:
    id: str
    location_id: str
    stripe_reader_id: str
    label: str


def add_card_reader(
    cmd: AddCardReader, *, uow: UnitOfWork, actor: Actor, terminal: CardTerminal
) -> CardReaderInfo:
    _check(uow, actor, cmd.location_id, cmd.label)
    reader_id = cmd.stripe_reader_id.strip()
    if not reader_id.startswith("tmr_"):
        raise ValidationError({"stripe_reader_id": "A Stripe reader id starts with tmr_."})
    state = terminal.reader(reader_id)
    return _save(uow, actor, cmd.location_id, state, cmd.label)


def register_card_reader(
    cmd: RegisterCardReader, *, uow: UnitOfWork, actor: Actor, terminal: CardTerminal
) -> CardReaderInfo:
    _check(uow, actor, cmd.location_id, cmd.label)
    code = cmd.registration_code.strip()
    if not code:
        raise ValidationError({"registration_code": "Type the code the reader shows."})
    state = terminal.register_reader(
        key=f"register:{cmd.location_id}:{code}",
        registration_code=code,
        label=cmd.label.strip(),
        location=cmd.stripe_location_id.strip(),
    )
    return _save(uow, actor, cmd.location_id, state, cmd.label)


def list_card_readers(location_id: str, *, uow: UnitOfWork, actor: Actor) -> list[CardReaderInfo]:
    authorize(uow, actor, Action.PAYMENT_TAKE, entity=ENTITY)
    rows = uow.session.scalars(
        select(CardReader)
        .where(
            CardReader.location_id == location_id,
            CardReader.active.is_(True),
            CardReader.deleted.is_(False),
        )
        .order_by(CardReader.label)
    )
    return [_info(row) for row in rows]


def remove_card_reader(reader_id: str, *, uow: UnitOfWork, actor: Actor) -> None:
    authorize(uow, actor, Action.CARD_READER_MANAGE, entity=ENTITY, entity_id=reader_id)
    row = uow.session.get(CardReader, reader_id)
    if row is None or row.deleted or row.org_id != actor.org_id:
        raise NotFound("That card reader is no longer set up.")
    save_changes(
        uow, actor, row, {"active": False}, entity=ENTITY, action=Action.CARD_READER_MANAGE
    )


def _check(uow: UnitOfWork, actor: Actor, location_id: str, label: str) -> None:
    authorize(uow, actor, Action.CARD_READER_MANAGE, entity=ENTITY)
    location = uow.session.get(Location, location_id)
    if location is None or location.deleted or location.org_id != actor.org_id:
        raise NotFound("That location no longer exists.")
    if not label.strip():
        raise ValidationError({"label": "Name the reader, e.g. Front desk."})


def _save(
    uow: UnitOfWork, actor: Actor, location_id: str, state: ReaderState, label: str
) -> CardReaderInfo:
    taken = uow.session.scalar(
        select(CardReader.id).where(
            CardReader.stripe_reader_id == state.id,
            CardReader.active.is_(True),
            CardReader.deleted.is_(False),
        )
    )
    if taken:
        raise RuleViolation("That reader is already set up here.")
    values = {"location_id": location_id, "stripe_reader_id": state.id, "label": label.strip()}
    row = CardReader(org_id=actor.org_id, **values)
    save_new(uow, actor, row, values, entity=ENTITY, action=Action.CARD_READER_MANAGE)
    return _info(row)


def _info(row: CardReader) -> CardReaderInfo:
    return CardReaderInfo(row.id, row.location_id, row.stripe_reader_id, row.label)
