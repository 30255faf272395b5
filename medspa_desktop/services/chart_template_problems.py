"""Where a refused chart template's problems are: each section's and each field's own, for
the template editor to show beside the section or field they concern (the whole list stays
under ``definition``). Pure; any thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from medspa_desktop.domain.chart_template import ChartTemplateError, parse_schema


def problems_by_place(definition: Mapping[str, Any]) -> dict[str, str]:
    """Each section's and each field's own problems, keyed ``sections.N`` and
    ``sections.N.fields.M`` (counted from 0); empty when there are none at those places."""
    found: dict[str, str] = {}
    sections = definition.get("sections") if isinstance(definition, Mapping) else None
    for n, section in enumerate(sections if isinstance(sections, list) else []):
        if not isinstance(section, Mapping):
            continue
        title = str(section.get("title", "")).strip()
        fields = section.get("fields")
        fields = fields if isinstance(fields, list) else []
        if not title or not fields:
            found[f"sections.{n}"] = (
                "Give this section a title."
                if fields
                else "Add a field to this section, or remove the section."
            )
        for m, field in enumerate(fields):
            problems = _field_problems(field)
            if problems:
                found[f"sections.{n}.fields.{m}"] = problems
    return found


def _field_problems(field: Any) -> str:
    """The domain's words for one field, said of "this field" (shown beside it)."""
    if not isinstance(field, Mapping):
        return "This is not a field: remove it."
    alone = {"sections": [{"key": "section", "title": "-", "fields": [field]}]}
    try:
        parse_schema(alone)
    except ChartTemplateError as err:
        name = str(field.get("label", "")).strip() or str(field.get("key", ""))
        where = f"Field '{name}' in '-' "
        return " ".join(f"This field {p.removeprefix(where)}" for p in err.problems)
    return ""
