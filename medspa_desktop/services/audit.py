"""The append-only, hash-chained audit log.

Public API:

- ``record_audit(uow, actor, action, *, entity, entity_id, outcome, detail="") -> str``:
  append an entry (returns its id) in the caller's transaction. ``actor`` may be ``None``
  (nobody logged in, for example a failed log-in). ``outcome`` is ``ok``, ``denied`` or
  ``failed``. ``detail`` must never hold a secret, a card number or clinical text.
- ``verify_audit_chain(session, key) -> AuditReport``: recompute every chain; names the first
  entry that was edited, removed or moved.
- ``AuditEvent``: audit actions that are not permission-checked (log-in, lock, ...).

Chaining: per device, ``seq`` grows by one from 1; ``prev_hash`` is the previous entry's
``entry_hash`` (64 zeros for the first); ``entry_hash`` is HMAC-SHA256 with the device's audit
key over a canonical JSON encoding of ``prev_hash`` and every other field. The latest
``seq:hash`` per device is also kept in ``sync_state`` so a removed tail is noticed too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.ids import new_id
from medspa_desktop.store.models import AuditEntry, LocalSetting, SyncState
from medspa_desktop.store.uow import UnitOfWork

GENESIS_HASH = "0" * 64
OUTCOMES = frozenset({"ok", "denied", "failed"})
HEAD_KEY_PREFIX = "audit_head:"


class AuditEvent(StrEnum):
    CLINIC_SET_UP = "auth.set_up_clinic"
    LOGIN = "auth.login"
    LOGIN_FAILED = "auth.login_failed"
    LOGIN_THROTTLED = "auth.login_throttled"
    CREDENTIAL_REHASHED = "auth.credential_rehashed"
    LOGOUT = "auth.logout"
    LOCK = "auth.lock"
    RECOVERY_KEY_SHOWN = "store.recovery_key_shown"
    RESTORED = "store.restored"


@dataclass(frozen=True)
class AuditReport:
    ok: bool
    entries_checked: int
    first_bad_seq: int | None = None
    first_bad_id: str | None = None
    reason: str = ""


def record_audit(
    uow: UnitOfWork,
    actor: Actor | None,
    action: str,
    *,
    entity: str,
    entity_id: str,
    outcome: str,
    detail: str = "",
) -> str:
    """Append one entry to this device's chain in the caller's transaction; returns its id."""
    if outcome not in OUTCOMES:
        raise ValueError(f"Unknown audit outcome {outcome!r}")
    session = uow.session
    last = uow.tails.get(AUDIT_TAIL) or _last_entry(session, uow.device_id)
    entry = AuditEntry(
        id=new_id(),
        org_id=actor.org_id if actor else _device_org_id(session),
        device_id=uow.device_id,
        seq=last[0] + 1 if last else 1,
        at=dt.datetime.now(dt.UTC),
        staff_id=actor.staff_id if actor else None,
        action=str(action),
        entity=entity,
        entity_id=entity_id,
        outcome=outcome,
        detail=detail[:500],
        prev_hash=last[1] if last else GENESIS_HASH,
    )
    entry.entry_hash = entry_hash(entry, uow.audit_key)
    session.add(entry)
    uow.tails[AUDIT_TAIL] = (entry.seq, entry.entry_hash)
    uow.keep_state(HEAD_KEY_PREFIX + uow.device_id, _head(entry))
    return entry.id


AUDIT_TAIL = "audit"


def _last_entry(session: Session, device_id: str) -> tuple[int, str] | None:
    """The sequence number and hash of this device's last entry."""
    row = session.execute(
        select(AuditEntry.seq, AuditEntry.entry_hash)
        .where(AuditEntry.device_id == device_id)
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def entry_hash(entry: AuditEntry, key: bytes) -> str:
    """HMAC-SHA256 over the canonical encoding of every field but the hash itself."""
    return hmac.new(key, _canonical(entry), hashlib.sha256).hexdigest()


def verify_audit_chain(session: Session, key: bytes) -> AuditReport:
    """Walk every device's chain in ``seq`` order; stop at the first entry that fails.

    Read-only; run it off the GUI thread (it reads the whole log).
    """
    checked = 0
    devices = session.scalars(select(AuditEntry.device_id).distinct().order_by("device_id"))
    for device_id in list(devices):
        report = _verify_device(session, key, device_id)
        checked += report.entries_checked
        if not report.ok:
            return AuditReport(
                False, checked, report.first_bad_seq, report.first_bad_id, report.reason
            )
    return AuditReport(ok=True, entries_checked=checked)


def _verify_device(session: Session, key: bytes, device_id: str) -> AuditReport:
    expected_seq, expected_prev, checked = 1, GENESIS_HASH, 0
    rows = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.device_id == device_id)
        .order_by(AuditEntry.seq)
        .execution_options(yield_per=1000)
    )
    last: AuditEntry | None = None
    for entry in rows:
        problem = _entry_problem(entry, key, expected_seq, expected_prev)
        if problem:
            return AuditReport(False, checked, entry.seq, entry.id, problem)
        checked += 1
        expected_seq, expected_prev, last = entry.seq + 1, entry.entry_hash, entry
    head = session.get(SyncState, HEAD_KEY_PREFIX + device_id)
    if head is not None and (last is None or head.value != _head(last)):
        seq = last.seq if last else 0
        reason = f"the log ends at entry {seq} but entry {head.value.split(':')[0]} was written"
        return AuditReport(False, checked, seq + 1, None, reason)
    return AuditReport(ok=True, entries_checked=checked)


def _entry_problem(entry: AuditEntry, key: bytes, seq: int, prev_hash: str) -> str | None:
    if entry.seq != seq:
        return f"entry {seq} is missing (the next entry found is {entry.seq})"
    if entry.prev_hash != prev_hash:
        return "the entry does not follow the entry before it (removed or moved)"
    if not hmac.compare_digest(entry.entry_hash, entry_hash(entry, key)):
        return "the entry was changed after it was written"
    return None


def _canonical(entry: AuditEntry) -> bytes:
    at = entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    fields = {
        "id": entry.id,
        "org_id": entry.org_id,
        "device_id": entry.device_id,
        "seq": entry.seq,
        "at": at,
        "staff_id": entry.staff_id,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "outcome": entry.outcome,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _head(entry: AuditEntry) -> str:
    return f"{entry.seq}:{entry.entry_hash}"


def _device_org_id(session: Session) -> str:
    row = session.get(LocalSetting, "org_id")
    return row.value if row else ""
