"""The tail of every settings write: sync columns, outbox mutation, audit entry, commit.

Public API: ``save_new(...)`` and ``save_changes(...)``, which expect the caller to have
authorized and validated already, and ``jsonable(values)`` for mutation fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.common import stamp
from medspa_desktop.store.models import Synced
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.sync.outbox import record_mutation


def save_new(
    uow: UnitOfWork,
    actor: Actor,
    row: Synced,
    fields: Mapping[str, Any],
    *,
    entity: str,
    action: Action,
    commit: bool = True,
) -> None:
    """Insert ``row`` (built from ``fields``) with its ``create_<entity>`` mutation; commit
    unless ``commit=False`` (the caller commits several writes as one)."""
    stamp(row, uow)
    uow.session.add(row)
    uow.session.flush()
    record_mutation(
        uow,
        name=f"create_{entity}",
        entity=entity,
        entity_id=row.id,
        fields={"org_id": row.org_id, **jsonable(fields)},
    )
    record_audit(uow, actor, action, entity=entity, entity_id=row.id, outcome="ok")
    if commit:
        uow.commit()


def save_changes(
    uow: UnitOfWork,
    actor: Actor,
    row: Synced,
    values: Mapping[str, Any],
    *,
    entity: str,
    action: Action,
    commit: bool = True,
) -> dict[str, Any]:
    """Apply the ``values`` that differ from ``row``; queue ``update_<entity>_fields`` with
    only those, audit their names (never their values), commit (unless ``commit=False``).
    Returns what changed."""
    changed = {name: value for name, value in values.items() if getattr(row, name) != value}
    if not changed:
        return changed
    for name, value in changed.items():
        setattr(row, name, value)
    stamp(row, uow)
    record_mutation(
        uow,
        name=f"update_{entity}_fields",
        entity=entity,
        entity_id=row.id,
        fields=jsonable(changed),
    )
    detail = "changed: " + ", ".join(sorted(changed))
    record_audit(uow, actor, action, entity=entity, entity_id=row.id, outcome="ok", detail=detail)
    if commit:
        uow.commit()
    return changed


def jsonable(values: Mapping[str, Any]) -> dict[str, Any]:
    """A copy fit for an outbox mutation: dates and times as ISO text."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}
