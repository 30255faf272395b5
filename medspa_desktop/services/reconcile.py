"""Card reconciliation: one local day of a location's card money at Stripe against the
payment and refund ledgers, with what to do about each difference.

Public API (blocks on the network: worker threads only; results are frozen):

- ``reconcile_day(location_id, day, *, uow, actor, terminal, via="") -> Reconciliation``:
  managers and owners. The day is [00:00, 24:00) in the location's time zone. Stripe's
  succeeded (and ``requires_capture``) payment intents and its refunds created that day are
  compared with the card ``Payment`` rows received that day and their ``Refund`` rows with a
  Stripe id, by Stripe id. Audited with counts only (``via`` says who ran it: "nightly job").
- ``reconcile_text(rec) -> str``: the report a manager reads.
- ``reconcile_place(uow, location_id=None) -> ReconcilePlace``: the location to reconcile
  (the one given, this computer's, or the first active one) and its time zone.
- ``was_reconciled(location_id, day, *, uow) -> bool``: whether this device reconciled it.
- ``reconciling_owner(uow) -> Actor``: the first active owner, for runs nobody is logged in
  to (the ``medspa reconcile`` command).

Edges: a payment is the day's when it was *recorded* that day; Stripe's ``created`` decides
only for money with no payment row. So an intent created at 23:59:58 and recorded at 00:00:01
matches on the later day and is counted, not flagged, on the earlier one
(``recorded_other_day``). Local rows Stripe did not list are looked up one by one.
The Stripe account is the organisation's: money recorded at another location is left out;
money recorded nowhere shows at every location (it cannot be placed).
The database side lives in ``reconcile_ledger``, the pairing and wording in ``reconcile_match``.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor, Role
from medspa_desktop.domain.card_terminal import CardTerminal
from medspa_desktop.domain.money import Money
from medspa_desktop.services import reconcile_match as match
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.common import device_location_id, device_org_id
from medspa_desktop.services.errors import NotFound
from medspa_desktop.services.reconcile_ledger import SLACK, Day, complete_lookups, read_ledger
from medspa_desktop.services.reconcile_match import (
    Difference,
    Tally,
    match_charges,
    match_refunds,
)
from medspa_desktop.store.models import AuditEntry, Location, Organisation, Staff
from medspa_desktop.store.uow import UnitOfWork

__all__ = [
    "Difference",
    "ReconcilePlace",
    "Reconciliation",
    "reconcile_day",
    "reconcile_place",
    "reconcile_text",
    "reconciling_owner",
    "was_reconciled",
]

ENTITY = "location"
WIDTH = 92
"""Characters per line of the printed report."""
KIND_LABELS = {
    match.MISSING_LOCALLY: "Charged at Stripe, not recorded here",
    match.MISSING_AT_STRIPE: "Recorded here, not charged at Stripe",
    match.AMOUNT_DIFFERS: "Amounts differ",
    match.REFUND_MISSING_LOCALLY: "Refunded at Stripe, not recorded here",
    match.REFUND_MISSING_AT_STRIPE: "Refund recorded here, not made at Stripe",
    match.REFUND_AMOUNT_DIFFERS: "Refund amounts differ",
}


@dataclass(frozen=True)
class Reconciliation:
    day: dt.date
    location_id: str
    location_name: str
    time_zone: str
    currency: str
    stripe_total_minor: int
    """Card payments Stripe took that day (succeeded or authorised)."""
    local_total_minor: int
    """Card payments recorded that day."""
    stripe_refunds_minor: int
    local_refunds_minor: int
    matched: int
    """Card payments found on both sides with the same amount."""
    refunds_matched: int
    recorded_other_day: int
    """Stripe money of this day recorded here on the day before or after: not a difference."""
    differences: tuple[Difference, ...]

    @property
    def matches(self) -> bool:
        return not self.differences


@dataclass(frozen=True)
class ReconcilePlace:
    location_id: str
    time_zone: str

    def today(self) -> dt.date:
        return dt.datetime.now(ZoneInfo(self.time_zone)).date()


def reconcile_day(
    location_id: str,
    day: dt.date,
    *,
    uow: UnitOfWork,
    actor: Actor,
    terminal: CardTerminal,
    via: str = "",
) -> Reconciliation:
    """Compare ``day`` at Stripe and here; raises ``TerminalError`` when Stripe cannot be
    asked (nothing is audited then)."""
    authorize(uow, actor, Action.PAYMENT_RECONCILE, entity=ENTITY, entity_id=location_id)
    window, name = _day(uow, actor, location_id, day)
    # NOTE: a unit of work holds the database's write lock; never keep it across the network.
    uow.rollback()
    start, end = window.start - SLACK, window.end + SLACK
    intents = {i.id: i for i in terminal.intents_between(start, end)}
    refunds = {r.id: r for r in terminal.refunds_between(start, end)}
    ledger = read_ledger(uow, window, intents, refunds)
    uow.rollback()
    complete_lookups(ledger, window, terminal)
    charges, given_back = match_charges(window, ledger), match_refunds(window, ledger)
    rec = _result(window, name, charges, given_back)
    record_audit(
        uow,
        actor,
        Action.PAYMENT_RECONCILE,
        entity=ENTITY,
        entity_id=location_id,
        outcome="ok",
        detail=_audit_detail(rec, via),
    )
    uow.commit()
    return rec


def reconcile_text(rec: Reconciliation) -> str:
    """A plain-text report: the totals on both sides, then each difference and what to do."""

    def money(minor: int) -> str:
        return Money(minor, rec.currency).format()

    lines = [
        f"Card reconciliation: {rec.location_name}, {rec.day:%A %d %B %Y} ({rec.time_zone})",
        "",
        f"  {'':<15}{'Stripe':>18}{'Recorded here':>18}  Matched",
        f"  {'Card payments':<15}{money(rec.stripe_total_minor):>18}"
        f"{money(rec.local_total_minor):>18}  {rec.matched}",
        f"  {'Card refunds':<15}{money(rec.stripe_refunds_minor):>18}"
        f"{money(rec.local_refunds_minor):>18}  {rec.refunds_matched}",
        "",
    ]
    if rec.recorded_other_day:
        note = (
            f"{rec.recorded_other_day} of Stripe's payments or refunds of this day were "
            "recorded here on the day before or after (finished across midnight); they are "
            "counted on the day they were recorded."
        )
        lines += [textwrap.fill(note, WIDTH), ""]
    if rec.matches:
        lines.append("Everything matches: Stripe and this clinic agree on every card payment.")
        return "\n".join(lines)
    count = len(rec.differences)
    lines.append(f"{count} difference{'s' if count > 1 else ''} to look into:")
    for number, diff in enumerate(rec.differences, 1):
        head = f"  {number}. "
        text = f"{KIND_LABELS[diff.kind]}: {diff.explanation}"
        lines.append(
            textwrap.fill(text, WIDTH, initial_indent=head, subsequent_indent=" " * len(head))
        )
    return "\n".join(lines)


def reconcile_place(uow: UnitOfWork, location_id: str | None = None) -> ReconcilePlace:
    chosen = location_id or device_location_id(uow)
    if chosen:
        location = uow.session.get(Location, chosen)
    else:
        location = uow.session.scalars(
            select(Location)
            .where(Location.active.is_(True), Location.deleted.is_(False))
            .order_by(Location.created_at, Location.id)
        ).first()
    if location is None or location.deleted:
        raise NotFound(f"No location {chosen or ''} to reconcile; check the location id.")
    return ReconcilePlace(location.id, location.time_zone)


def was_reconciled(location_id: str, day: dt.date, *, uow: UnitOfWork) -> bool:
    found = uow.session.scalar(
        select(AuditEntry.id).where(
            AuditEntry.device_id == uow.device_id,
            AuditEntry.action == Action.PAYMENT_RECONCILE.value,
            AuditEntry.entity == ENTITY,
            AuditEntry.entity_id == location_id,
            AuditEntry.outcome == "ok",
            AuditEntry.detail.startswith(f"{day.isoformat()}:"),
        )
    )
    return found is not None


def reconciling_owner(uow: UnitOfWork) -> Actor:
    """The organisation's first active owner account (oldest first)."""
    owner = uow.session.scalars(
        select(Staff)
        .where(
            Staff.org_id == (device_org_id(uow) or ""),
            Staff.role == Role.OWNER.value,
            Staff.active.is_(True),
            Staff.deleted.is_(False),
        )
        .order_by(Staff.created_at, Staff.id)
    ).first()
    if owner is None:
        raise NotFound("This clinic has no active owner account to reconcile as.")
    return Actor(
        staff_id=owner.id,
        org_id=owner.org_id,
        role=Role.OWNER,
        device_id=uow.device_id,
        location_id=device_location_id(uow),
        display_name=owner.display_name,
    )


def _day(uow: UnitOfWork, actor: Actor, location_id: str, day: dt.date) -> tuple[Day, str]:
    location = uow.session.get(Location, location_id)
    if location is None or location.deleted or location.org_id != actor.org_id:
        raise NotFound("That location does not exist (any more); choose another.")
    organisation = uow.session.get(Organisation, actor.org_id)
    currency = organisation.currency if organisation else "USD"
    return Day.of(location_id, day, ZoneInfo(location.time_zone), currency), location.name


def _result(window: Day, name: str, charges: Tally, refunds: Tally) -> Reconciliation:
    return Reconciliation(
        day=window.day,
        location_id=window.location_id,
        location_name=name,
        time_zone=window.zone.key,
        currency=window.currency,
        stripe_total_minor=charges.stripe_minor,
        local_total_minor=charges.local_minor,
        stripe_refunds_minor=refunds.stripe_minor,
        local_refunds_minor=refunds.local_minor,
        matched=charges.matched,
        refunds_matched=refunds.matched,
        recorded_other_day=charges.other_day + refunds.other_day,
        differences=(*charges.differences, *refunds.differences),
    )


def _audit_detail(rec: Reconciliation, via: str) -> str:
    # NOTE: ``was_reconciled`` finds entries by the leading "<day>:"; counts only, never
    # amounts or card details.
    detail = (
        f"{rec.day.isoformat()}: {rec.matched} payments and {rec.refunds_matched} refunds "
        f"matched, {len(rec.differences)} differences"
    )
    return f"{detail}; {via}" if via else detail
