"""Injection maps (points tapped on the front, left and right face diagrams) and the stock a
chart uses.

Public API:

- ``map_problem(spec, points) -> str | None``: one injection-map value checked.
- ``injection_totals(schema, body, product_of) -> dict[field key, InjectionTotals]``: units per
  area, per product and per area and product (``product_of`` names a lot's product).
- ``stock_usage(schema, body) -> dict[lot id, int]``: what signing takes off each lot: the
  quantities of lot fields, plus the units of ``stock`` maps, rounded up to whole units
  (a vial gives whole units; 2.5 U on each of two points is 5 U, on one point 3 U).

Pure; any thread.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from medspa_desktop.domain.chart_template import VIEWS, FieldKind, FieldSpec, TemplateSchema

MAX_POINTS = 500
POINT_KEYS = frozenset({"view", "x", "y", "area", "lot_id", "units"})


@dataclass(frozen=True)
class InjectionTotals:
    """Totals of one injection map, largest first; amounts in ``unit``."""

    unit: str
    total: float
    by_area: tuple[tuple[str, float], ...]
    by_product: tuple[tuple[str, float], ...]
    by_area_and_product: tuple[tuple[str, str, float], ...]


def map_problem(spec: FieldSpec, points: Any) -> str | None:
    if not isinstance(points, list) or len(points) > MAX_POINTS:
        return f"{spec.label}: place at most {MAX_POINTS} points on the diagram."
    for n, point in enumerate(points, 1):
        problem = _point_problem(spec, point)
        if problem:
            return f"{spec.label}, point {n}: {problem}"
    return None


def _point_problem(spec: FieldSpec, point: Any) -> str | None:
    if not isinstance(point, Mapping) or set(point) != POINT_KEYS:
        return "place it on the diagram again."
    if point["view"] not in VIEWS:
        return "the view must be front, left or right."
    if not all(_unit_interval(point[axis]) for axis in ("x", "y")):
        return "place it on the diagram again."
    if not isinstance(point["area"], str) or (spec.areas and point["area"] not in spec.areas):
        return "choose the area from the list."
    if not isinstance(point["lot_id"], str) or not point["lot_id"]:
        return "choose the product and lot."
    units = point["units"]
    if not is_number(units) or units <= 0:
        return f"enter the {spec.unit or 'amount'} injected (more than 0)."
    if spec.maximum is not None and units > spec.maximum:
        unit = f" {spec.unit}" if spec.unit else ""
        return f"at most {spec.maximum:g}{unit} in one point."
    return None


def injection_totals(
    schema: TemplateSchema, body: Mapping[str, Any], product_of: Callable[[str], str]
) -> dict[str, InjectionTotals]:
    """Totals of every injection map in ``body`` (assumed checked)."""
    return {
        key: _totals(spec.unit, body.get(key) or [], product_of)
        for key, spec in schema.fields().items()
        if spec.kind is FieldKind.INJECTION_MAP
    }


def _totals(
    unit: str, points: list[Mapping[str, Any]], product_of: Callable[[str], str]
) -> InjectionTotals:
    by_area: dict[str, float] = defaultdict(float)
    by_product: dict[str, float] = defaultdict(float)
    by_both: dict[tuple[str, str], float] = defaultdict(float)
    for point in points:
        product, units = product_of(point["lot_id"]), float(point["units"])
        by_area[point["area"]] += units
        by_product[product] += units
        by_both[point["area"], product] += units
    return InjectionTotals(
        unit=unit,
        total=_round(sum(by_area.values())),
        by_area=_largest_first(by_area),
        by_product=_largest_first(by_product),
        by_area_and_product=tuple(
            (area, product, _round(units))
            for (area, product), units in sorted(by_both.items(), key=lambda kv: (-kv[1], kv[0]))
        ),
    )


def stock_usage(schema: TemplateSchema, body: Mapping[str, Any]) -> dict[str, int]:
    """Whole units (or syringes ...) to take off each lot when the chart is signed."""
    from_maps: dict[str, float] = defaultdict(float)
    used: dict[str, int] = defaultdict(int)
    for key, spec in schema.fields().items():
        if spec.kind is FieldKind.LOT:
            for item in body.get(key) or ():
                used[item["lot_id"]] += int(item["quantity"])
        elif spec.kind is FieldKind.INJECTION_MAP and spec.stock:
            for item in body.get(key) or ():
                from_maps[item["lot_id"]] += float(item["units"])
    for lot_id, units in from_maps.items():
        # NOTE: round first so 0.1 + 0.2 counts as 0.3, not 0.30000000000000004 -> 1.
        used[lot_id] += math.ceil(round(units, 6))
    return {lot_id: quantity for lot_id, quantity in used.items() if quantity > 0}


def _largest_first(totals: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
    ordered = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple((name, _round(units)) for name, units in ordered)


def _round(units: float) -> float:
    return round(units, 3)


def is_number(value: Any) -> bool:
    """An int or a finite float, never a bool (JSON ``true`` is no amount)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _unit_interval(value: Any) -> bool:
    return is_number(value) and 0 <= value <= 1
