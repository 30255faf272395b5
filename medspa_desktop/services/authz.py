"""The permission check every service makes first.

Public API:

- ``authorize(uow, actor, action, *, entity="", entity_id="") -> None``: returns when the
  actor's role may do ``action``; otherwise records a ``denied`` audit entry, commits it, and
  raises :class:`PermissionDenied` with a message staff can act on.
- ``refuse(uow, actor, action, message, *, entity="", entity_id="") -> NoReturn``: the same
  refusal for permission rules beyond the role matrix (a manager changing an owner).
- ``refuse_by_rule(...)``: the same, raising ``RuleViolation`` for a clinic rule that stops
  an allowed role (for example disabling the last active owner).

NOTE: a refusal rolls back whatever the unit of work holds uncommitted before it commits the
audit entry, so call ``authorize`` before making changes (services do it first).
"""

from __future__ import annotations

from typing import NoReturn

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.permissions import is_allowed, refusal_message
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.errors import PermissionDenied, RuleViolation
from medspa_desktop.store.uow import UnitOfWork


def authorize(
    uow: UnitOfWork, actor: Actor, action: Action, *, entity: str = "", entity_id: str = ""
) -> None:
    """Raise :class:`PermissionDenied` (after auditing it) unless the role allows ``action``."""
    if is_allowed(actor.role, action):
        return
    refuse(
        uow,
        actor,
        action,
        refusal_message(actor.role, action),
        entity=entity,
        entity_id=entity_id,
    )


def refuse(
    uow: UnitOfWork,
    actor: Actor,
    action: Action,
    message: str,
    *,
    entity: str = "",
    entity_id: str = "",
) -> NoReturn:
    """Record the refusal in its own committed transaction, then raise ``PermissionDenied``."""
    _record_refusal(uow, actor, action, entity, entity_id, f"role {actor.role.value}")
    raise PermissionDenied(message, action=action.value, role=actor.role.value)


def refuse_by_rule(
    uow: UnitOfWork,
    actor: Actor,
    action: Action,
    message: str,
    *,
    entity: str = "",
    entity_id: str = "",
) -> NoReturn:
    """Record the refusal in its own committed transaction, then raise ``RuleViolation``."""
    _record_refusal(uow, actor, action, entity, entity_id, "clinic rule")
    raise RuleViolation(message)


def _record_refusal(
    uow: UnitOfWork, actor: Actor, action: Action, entity: str, entity_id: str, detail: str
) -> None:
    # The service is about to fail, so its uncommitted work would be rolled back anyway;
    # doing it now lets the refusal entry commit on its own.
    uow.rollback()
    record_audit(
        uow,
        actor,
        action,
        entity=entity,
        entity_id=entity_id,
        outcome="denied",
        detail=detail,
    )
    uow.commit()
