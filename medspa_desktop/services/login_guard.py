"""Throttling and bookkeeping around log-in attempts (used by ``services.auth``).

Failures are counted per account name in the device-local ``login_attempt`` table, for
names that do not exist too, so throttling never reveals whether an account exists.
Nothing typed as a secret is ever stored or audited.
"""

from __future__ import annotations

import math

from sqlalchemy import delete, select

from medspa_desktop.domain.session import FAILURE_MEMORY, retry_after
from medspa_desktop.services.audit import AuditEvent, record_audit
from medspa_desktop.services.common import now, stamp
from medspa_desktop.services.credentials import Verification, hash_password, verify_password
from medspa_desktop.services.errors import LoginThrottled
from medspa_desktop.services.staff_rules import STAFF_ENTITY, record_staff_mutation
from medspa_desktop.store.models import LoginAttempt, Staff
from medspa_desktop.store.uow import UnitOfWork


def check_not_throttled(uow: UnitOfWork, username: str, staff: Staff | None) -> None:
    """Raise :class:`LoginThrottled` (audited) while this account name is paused."""
    failures = uow.session.scalars(
        select(LoginAttempt.at).where(
            LoginAttempt.username == username, LoginAttempt.succeeded.is_(False)
        )
    ).all()
    wait = retry_after(failures, now())
    if wait is None:
        return
    seconds = max(1, math.ceil(wait.total_seconds()))
    record_audit(
        uow,
        None,
        AuditEvent.LOGIN_THROTTLED,
        entity=STAFF_ENTITY,
        entity_id=staff.id if staff else "",
        outcome="denied",
    )
    uow.commit()
    raise LoginThrottled(
        f"Too many failed log-ins for this account, so it is paused. Try again in "
        f"{_duration(seconds)}, or ask a manager to reset the password.",
        retry_after_seconds=seconds,
    )


def record_failure(uow: UnitOfWork, username: str, staff: Staff | None, detail: str) -> None:
    """Count one failed attempt and audit it, committed now: the caller raises next."""
    moment = now()
    uow.session.execute(delete(LoginAttempt).where(LoginAttempt.at < moment - FAILURE_MEMORY))
    uow.session.add(LoginAttempt(username=username, at=moment, succeeded=False))
    record_audit(
        uow,
        None,
        AuditEvent.LOGIN_FAILED,
        entity=STAFF_ENTITY,
        entity_id=staff.id if staff else "",
        outcome="failed",
        detail=detail,
    )
    uow.commit()


def record_success(uow: UnitOfWork, username: str) -> None:
    """A successful log-in clears the account's failures (in the caller's transaction)."""
    uow.session.execute(delete(LoginAttempt).where(LoginAttempt.username == username))


def verify_staff_secret(uow: UnitOfWork, staff: Staff, secret: str, *, pin: bool) -> Verification:
    """Verify a password (or PIN); store a fresh hash when the stored one is outdated."""
    column = "pin_hash" if pin else "password_hash"
    verification = verify_password(getattr(staff, column), secret)
    if verification.ok and verification.needs_rehash:
        setattr(staff, column, hash_password(secret))
        stamp(staff, uow)
        record_staff_mutation(uow, f"set_staff_{column}", staff, [column])
        record_audit(
            uow,
            None,
            AuditEvent.CREDENTIAL_REHASHED,
            entity=STAFF_ENTITY,
            entity_id=staff.id,
            outcome="ok",
            detail="pin" if pin else "password",
        )
    return verification


def _duration(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} seconds"
    minutes = math.ceil(seconds / 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"
