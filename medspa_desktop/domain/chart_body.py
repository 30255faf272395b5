"""A chart's content (``{field key: value}``) checked against its template version, and its
canonical JSON with the SHA-256 ``content_hash`` that proves a signed version unchanged.

Public API:

- ``body_problems(schema, body, *, complete) -> dict[field key, message]``: every problem at
  once. A draft may leave required fields empty (``complete=False``); signing may not.
- ``canonical_json(body) -> bytes`` and ``content_hash(body) -> str``.
- ``lot_ids(schema, body) -> set[str]``: every inventory lot the body names.

Injection maps are checked in :mod:`medspa_desktop.domain.chart_injections`. Pure; any thread.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from medspa_desktop.domain.chart_injections import is_number, map_problem
from medspa_desktop.domain.chart_template import FieldKind, FieldSpec, TemplateSchema

MAX_TEXT = 20_000
MAX_LOTS = 20


def canonical_json(body: Mapping[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same body always gives the same bytes."""
    return json.dumps(
        body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def content_hash(body: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of :func:`canonical_json`."""
    return hashlib.sha256(canonical_json(body)).hexdigest()


def body_problems(
    schema: TemplateSchema, body: Mapping[str, Any], *, complete: bool
) -> dict[str, str]:
    """Messages by field key; ``complete`` also requires every required field."""
    fields = schema.fields()
    problems = {
        key: "This chart form has no such field; reload the chart."
        for key in body
        if key not in fields
    }
    for key, spec in fields.items():
        value = body.get(key)
        if _is_empty(value):
            if complete and spec.required:
                problems[key] = f"Fill in {spec.label} before signing."
            continue
        problem = value_problem(spec, value)
        if problem:
            problems[key] = problem
    return problems


def value_problem(spec: FieldSpec, value: Any) -> str | None:
    """What is wrong with one field's (non-empty) value, or ``None``."""
    if spec.kind is FieldKind.TEXT:
        return _text_problem(spec, value)
    if spec.kind is FieldKind.NUMBER:
        return number_problem(spec.label, value, spec.minimum, spec.maximum, spec.unit)
    if spec.kind is FieldKind.CHOICE:
        return _choice_problem(spec, value)
    if spec.kind is FieldKind.LOT:
        return _lots_problem(spec, value)
    return map_problem(spec, value)


def lot_ids(schema: TemplateSchema, body: Mapping[str, Any]) -> set[str]:
    """The lots named by the body's lot fields and injection-map points."""
    found: set[str] = set()
    for key, spec in schema.fields().items():
        if spec.kind in (FieldKind.LOT, FieldKind.INJECTION_MAP):
            for item in body.get(key) or ():
                if isinstance(item, Mapping) and isinstance(item.get("lot_id"), str):
                    found.add(item["lot_id"])
    return found


def number_problem(
    label: str, value: Any, minimum: float | None, maximum: float | None, unit: str = ""
) -> str | None:
    if not is_number(value):
        return f"{label} must be a number."
    after = f" {unit}" if unit else ""
    if minimum is not None and value < minimum:
        return f"{label} must be at least {minimum:g}{after}."
    if maximum is not None and value > maximum:
        return f"{label} must be at most {maximum:g}{after}."
    return None


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _text_problem(spec: FieldSpec, value: Any) -> str | None:
    if not isinstance(value, str):
        return f"{spec.label} must be text."
    if len(value) > MAX_TEXT:
        return f"{spec.label} is too long: use at most {MAX_TEXT} characters."
    return None


def _choice_problem(spec: FieldSpec, value: Any) -> str | None:
    values = value if spec.multiple and isinstance(value, list) else [value]
    if any(item not in spec.choices for item in values):
        return f"Choose {spec.label} from the list."
    return None


def _lots_problem(spec: FieldSpec, value: Any) -> str | None:
    if not isinstance(value, list) or len(value) > MAX_LOTS:
        return f"Choose the lots for {spec.label} from stock (at most {MAX_LOTS})."
    for item in value:
        if not isinstance(item, Mapping) or set(item) != {"lot_id", "quantity"}:
            return f"Choose the lots for {spec.label} from stock."
        if not isinstance(item["lot_id"], str) or not item["lot_id"]:
            return f"Choose the lots for {spec.label} from stock."
        quantity = item["quantity"]
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            return f"Enter how many were used of each lot for {spec.label} (a whole number)."
    return None
