"""Chart templates: list them, save a new version (managers), and the built-in set.

Public API (off the GUI thread; results are frozen):

- ``list_chart_templates(*, uow, actor) -> tuple[ChartTemplateInfo, ...]``: the latest
  version of each active template (clinical roles).
- ``SaveChartTemplate(code, name, category_codes, definition)`` ->
  ``save_chart_template(cmd, *, uow, actor) -> ChartTemplateInfo``: a new template, or the
  next version of the one with that code (managers and owners). Charts already written keep
  the version they were written on. Saving a built-in's code before the built-in was added
  adds it first, so the save is its version 2 on the built-in's shared id. A refused
  definition names each problem under ``definition`` and also beside its place:
  ``sections.N`` and ``sections.N.fields.M`` (counted from 0), for an editor to show there.
- ``chart_template_versions(template_id, *, uow, actor) -> tuple[ChartTemplateInfo, ...]``:
  every version of a template, newest first (clinical roles).
- ``seed_chart_templates(*, uow, actor) -> int``: adds the built-in templates
  (``domain/chart_builtin.py``) that are missing; for clinic set-up and the demo. The chart
  services add a missing built-in on first use, so charting works without it.

Built-in templates get ids derived from the organisation and code, so two devices adding
them offline make the same rows and sync merges them instead of doubling them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.chart_builtin import BUILT_IN, BuiltInTemplate, built_in_for_category
from medspa_desktop.domain.chart_template import (
    KEY_PATTERN,
    ChartTemplateError,
    TemplateSchema,
    parse_schema,
)
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.chart_template_problems import problems_by_place
from medspa_desktop.services.common import now
from medspa_desktop.services.errors import NotFound, ValidationError
from medspa_desktop.services.writes import save_changes, save_new
from medspa_desktop.store.models import ChartTemplate, ChartTemplateVersion
from medspa_desktop.store.uow import UnitOfWork

TEMPLATE_ENTITY, VERSION_ENTITY = "chart_template", "chart_template_version"
_BUILT_IN_IDS = uuid.UUID("0f5a6f1e-7c1d-4c52-9a57-6d0b7a1c2e11")


@dataclass(frozen=True)
class ChartTemplateInfo:
    template_id: str
    code: str
    name: str
    category_codes: tuple[str, ...]
    version_id: str
    version: int
    schema: TemplateSchema
    created_at: dt.datetime


@dataclass(frozen=True)
class SaveChartTemplate:
    code: str
    name: str
    category_codes: tuple[str, ...]
    definition: Mapping[str, Any]
    """The template schema as JSON (``domain/chart_template.py``)."""


def list_chart_templates(*, uow: UnitOfWork, actor: Actor) -> tuple[ChartTemplateInfo, ...]:
    authorize(uow, actor, Action.CHART_VIEW, entity=TEMPLATE_ENTITY)
    rows = uow.session.scalars(
        select(ChartTemplate)
        .where(ChartTemplate.org_id == actor.org_id, ChartTemplate.deleted.is_(False))
        .where(ChartTemplate.active.is_(True))
        .order_by(ChartTemplate.name, ChartTemplate.created_at, ChartTemplate.id)
    ).all()
    infos = []
    for template in rows:
        version = latest_version(uow, template.id)
        if version is not None:
            infos.append(_info(template, version))
    return tuple(infos)


def chart_template_versions(
    template_id: str, *, uow: UnitOfWork, actor: Actor
) -> tuple[ChartTemplateInfo, ...]:
    authorize(uow, actor, Action.CHART_VIEW, entity=TEMPLATE_ENTITY, entity_id=template_id)
    template = uow.session.get(ChartTemplate, template_id)
    if template is None or template.deleted or template.org_id != actor.org_id:
        raise NotFound("That chart template no longer exists. Open the list again.")
    versions = uow.session.scalars(
        select(ChartTemplateVersion)
        .where(ChartTemplateVersion.template_id == template.id)
        .where(ChartTemplateVersion.deleted.is_(False))
        .order_by(ChartTemplateVersion.version.desc(), ChartTemplateVersion.created_at.desc())
    )
    return tuple(_info(template, version) for version in versions)


def save_chart_template(
    cmd: SaveChartTemplate, *, uow: UnitOfWork, actor: Actor
) -> ChartTemplateInfo:
    authorize(uow, actor, Action.CHART_TEMPLATE_MANAGE, entity=TEMPLATE_ENTITY)
    schema = _checked(cmd)
    action = Action.CHART_TEMPLATE_MANAGE
    values: dict[str, Any] = {
        "name": cmd.name.strip(),
        "category_codes": sorted(set(cmd.category_codes)),
        "active": True,
    }
    template = template_by_code(uow, actor.org_id, cmd.code)
    if template is None and cmd.code in BUILT_IN:
        add_built_in(uow, actor, BUILT_IN[cmd.code], action)
        template = template_by_code(uow, actor.org_id, cmd.code)
    if template is None:
        values["code"] = cmd.code
        template = ChartTemplate(org_id=actor.org_id, **values)
        save_new(uow, actor, template, values, entity=TEMPLATE_ENTITY, action=action, commit=False)
    else:
        save_changes(
            uow, actor, template, values, entity=TEMPLATE_ENTITY, action=action, commit=False
        )
    previous = latest_version(uow, template.id)
    number = previous.version + 1 if previous else 1
    version = _add_version(uow, actor, template, number, schema.to_json(), action)
    uow.commit()
    return _info(template, version)


def seed_chart_templates(*, uow: UnitOfWork, actor: Actor) -> int:
    """Add the missing built-in templates; returns how many were added."""
    authorize(uow, actor, Action.CHART_TEMPLATE_MANAGE, entity=TEMPLATE_ENTITY)
    added = sum(
        add_built_in(uow, actor, b, Action.CHART_TEMPLATE_MANAGE) is not None
        for b in BUILT_IN.values()
    )
    uow.commit()
    return added


def template_for_chart(
    uow: UnitOfWork, actor: Actor, code: str | None, category_code: str
) -> tuple[ChartTemplate, ChartTemplateVersion]:
    """The template (latest version) a new chart is written on: ``code`` when given, else the
    one charting ``category_code``, else its built-in, else SOAP notes. Adds a missing
    built-in in the caller's transaction."""
    chosen = code or _code_for_category(uow, actor.org_id, category_code)
    template = template_by_code(uow, actor.org_id, chosen)
    version = latest_version(uow, template.id) if template else None
    if template is None or version is None:
        built_in = BUILT_IN.get(chosen)
        if built_in is None:
            raise NotFound(f"There is no chart template '{chosen}'. Choose another template.")
        template, version = _built_in_rows(uow, actor, built_in)
    return template, version


def template_by_code(uow: UnitOfWork, org_id: str, code: str) -> ChartTemplate | None:
    return uow.session.scalars(
        select(ChartTemplate)
        .where(ChartTemplate.org_id == org_id, ChartTemplate.code == code)
        .where(ChartTemplate.deleted.is_(False))
        .order_by(ChartTemplate.created_at, ChartTemplate.id)
        .limit(1)
    ).first()


def latest_version(uow: UnitOfWork, template_id: str) -> ChartTemplateVersion | None:
    return uow.session.scalars(
        select(ChartTemplateVersion)
        .where(ChartTemplateVersion.template_id == template_id)
        .where(ChartTemplateVersion.deleted.is_(False))
        .order_by(
            ChartTemplateVersion.version.desc(),
            ChartTemplateVersion.created_at.desc(),
            ChartTemplateVersion.id.desc(),
        )
        .limit(1)
    ).first()


def schema_of(uow: UnitOfWork, version_id: str | None) -> TemplateSchema:
    """The schema of a chart's template version."""
    version = uow.session.get(ChartTemplateVersion, version_id) if version_id else None
    if version is None:
        raise NotFound(
            "This chart's form has not reached this computer yet. Sync, then open it again."
        )
    return parse_schema(version.definition)


def add_built_in(
    uow: UnitOfWork, actor: Actor, built_in: BuiltInTemplate, action: Action
) -> ChartTemplateVersion | None:
    """Add a built-in template with its first version unless it is here; no commit."""
    template_id = _built_in_id(actor.org_id, built_in.code)
    if uow.session.get(ChartTemplate, template_id) is not None:
        return None
    values: dict[str, Any] = {
        "code": built_in.code,
        "name": built_in.name,
        "active": True,
        "category_codes": list(built_in.category_codes),
    }
    template = ChartTemplate(id=template_id, org_id=actor.org_id, **values)
    save_new(uow, actor, template, values, entity=TEMPLATE_ENTITY, action=action, commit=False)
    version_id = _built_in_id(actor.org_id, f"{built_in.code}/1")
    return _add_version(uow, actor, template, 1, built_in.schema, action, version_id=version_id)


def _built_in_rows(
    uow: UnitOfWork, actor: Actor, built_in: BuiltInTemplate
) -> tuple[ChartTemplate, ChartTemplateVersion]:
    add_built_in(uow, actor, built_in, Action.CHART_WRITE)
    template = uow.session.get(ChartTemplate, _built_in_id(actor.org_id, built_in.code))
    version = latest_version(uow, template.id) if template else None
    if template is None or template.deleted or version is None:  # not brought back
        raise NotFound(f"The chart template '{built_in.code}' was removed. Choose another.")
    return template, version


def _add_version(
    uow: UnitOfWork,
    actor: Actor,
    template: ChartTemplate,
    number: int,
    definition: dict[str, Any],
    action: Action,
    *,
    version_id: str | None = None,
) -> ChartTemplateVersion:
    values: dict[str, Any] = {
        "template_id": template.id,
        "version": number,
        "definition": definition,
        "created_at": now(),
        "created_by": actor.staff_id,
    }
    row = ChartTemplateVersion(org_id=actor.org_id, **values)
    if version_id:
        row.id = version_id
    save_new(uow, actor, row, values, entity=VERSION_ENTITY, action=action, commit=False)
    return row


def _code_for_category(uow: UnitOfWork, org_id: str, category_code: str) -> str:
    templates = uow.session.scalars(
        select(ChartTemplate)
        .where(ChartTemplate.org_id == org_id, ChartTemplate.deleted.is_(False))
        .where(ChartTemplate.active.is_(True))
        .order_by(ChartTemplate.created_at, ChartTemplate.id)
    )
    for template in templates:
        if category_code in (template.category_codes or []):
            return template.code
    return built_in_for_category(category_code)


def _checked(cmd: SaveChartTemplate) -> TemplateSchema:
    problems: dict[str, str] = {}
    if not KEY_PATTERN.fullmatch(cmd.code):
        problems["code"] = "Use lower-case letters, digits and '_' for the code (up to 40)."
    if not cmd.name.strip() or len(cmd.name.strip()) > 200:
        problems["name"] = "Enter a name for the template (up to 200 characters)."
    if any(not KEY_PATTERN.fullmatch(c) for c in cmd.category_codes):
        problems["category_codes"] = "Choose the service categories from the list."
    try:
        schema = parse_schema(cmd.definition)
    except ChartTemplateError as err:
        problems["definition"] = " ".join(err.problems)
        problems.update(problems_by_place(cmd.definition))
    if problems:
        raise ValidationError(problems)
    return schema


def _built_in_id(org_id: str, code: str) -> str:
    return str(uuid.uuid5(_BUILT_IN_IDS, f"{org_id}/chart_template/{code}"))


def _info(template: ChartTemplate, version: ChartTemplateVersion) -> ChartTemplateInfo:
    return ChartTemplateInfo(
        template_id=template.id,
        code=template.code,
        name=template.name,
        category_codes=tuple(template.category_codes or ()),
        version_id=version.id,
        version=version.version,
        schema=parse_schema(version.definition),
        created_at=version.created_at,
    )
