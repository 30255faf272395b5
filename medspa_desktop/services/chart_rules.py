"""Writing chart versions, shared by ``services/charts.py`` and ``services/chart_sign.py``.

- ``checked_body(uow, chart, body, *, complete)``: the body as plain JSON, checked against the
  chart's template version and the lots it names; ``ValidationError`` by field key.
- ``append_version(...)``: a new ``chart_version`` ledger row with its content hash.
- ``show_version(...)``: point the chart at a version; ``refuse_if_signed(...)``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.chart_body import body_problems, canonical_json, content_hash
from medspa_desktop.domain.chart_versions import VERSION
from medspa_desktop.domain.sync_policy import CHART_LOCKED_STATUS
from medspa_desktop.services.authz import refuse_by_rule
from medspa_desktop.services.chart_access import CHART_ENTITY, staff_names
from medspa_desktop.services.chart_lots import lot_field_problems
from medspa_desktop.services.chart_templates import schema_of
from medspa_desktop.services.common import now
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.writes import save_changes, save_new
from medspa_desktop.store.models import Chart, ChartVersion
from medspa_desktop.store.uow import UnitOfWork

VERSION_ENTITY = "chart_version"
MAX_BODY_BYTES = 512 * 1024


def checked_body(
    uow: UnitOfWork, chart: Chart, body: Mapping[str, Any], *, complete: bool
) -> dict[str, Any]:
    """A JSON copy of ``body`` fit to store; raises ``ValidationError`` naming every field."""
    try:
        encoded = canonical_json(body)
    except (TypeError, ValueError) as err:
        raise ValidationError({"body": "The chart holds something that can't be saved."}) from err
    if len(encoded) > MAX_BODY_BYTES:
        raise ValidationError({"body": "The chart is too large to save; shorten the notes."})
    plain: dict[str, Any] = json.loads(encoded)
    schema = schema_of(uow, chart.template_version_id)
    problems = body_problems(schema, plain, complete=complete)
    if not problems:
        problems = lot_field_problems(uow, chart, schema, plain)
    if problems:
        raise ValidationError(problems)
    return plain


def append_version(
    uow: UnitOfWork,
    actor: Actor,
    chart: Chart,
    body: dict[str, Any],
    *,
    parent_id: str | None,
    action: Action,
    merged_ids: tuple[str, ...] = (),
    kind: str = VERSION,
    signed: bool = False,
) -> ChartVersion:
    """Append a version (or addendum) by ``actor``, now; no commit."""
    values: dict[str, Any] = {
        "chart_id": chart.id,
        "parent_version_id": parent_id,
        "merged_version_ids": list(merged_ids),
        "body": body,
        "author_id": actor.staff_id,
        "at": now(),
        "kind": kind,
        "signed": signed,
        "content_hash": content_hash(body),
    }
    row = ChartVersion(org_id=actor.org_id, **values)
    save_new(uow, actor, row, values, entity=VERSION_ENTITY, action=action, commit=False)
    return row


def show_version(
    uow: UnitOfWork, actor: Actor, chart: Chart, version: ChartVersion, action: Action
) -> None:
    """Make ``version`` the one the chart opens on; no commit."""
    save_changes(
        uow,
        actor,
        chart,
        {"current_version_id": version.id},
        entity=CHART_ENTITY,
        action=action,
        commit=False,
    )


def refuse_if_signed(uow: UnitOfWork, actor: Actor, chart: Chart, action: Action) -> None:
    """A signed chart is immutable: refuse (audited) with what to do instead."""
    if chart.status != CHART_LOCKED_STATUS:
        return
    name = staff_names(uow, [chart.signed_by]).get(chart.signed_by or "", "the practitioner")
    day = chart.signed_at.date().isoformat() if chart.signed_at else "an earlier day"
    refuse_by_rule(
        uow,
        actor,
        action,
        f"This chart was signed by {name} on {day} and can't be changed. "
        "Add an addendum to correct or add to it.",
        entity=CHART_ENTITY,
        entity_id=chart.id,
    )
