"""List endpoints (newest first, ``limit``/``starting_after``/``ending_before``, ``created``
ranges, equality filters) and ``expand[]``."""

from __future__ import annotations

import copy
from typing import Any

from .errors import bad_param, no_such
from .objects import list_object
from .params import as_int
from .store import Store

PAGE_PARAMS = ("limit", "starting_after", "ending_before", "expand")
LIST_PARAMS = (*PAGE_PARAMS, "created")
_RANGE = {
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}


def paginate(
    store: Store, object_name: str, url: str, params: dict[str, Any], filters: dict[str, Any]
) -> dict[str, Any]:
    """One page of ``object_name`` objects as a Stripe list object."""
    limit = as_int(params, "limit", 10, minimum=1)
    if limit is not None and limit > 100:
        raise bad_param("This value must be less than or equal to 100.", "limit")
    ordered = sorted(reversed(store.all(object_name)), key=lambda o: -o.get("created", 0))
    created = _created_test(params.get("created"))
    wanted = [o for o in ordered if created(o.get("created", 0)) and _matches(o, filters)]
    ids = [o["id"] for o in ordered]
    if params.get("starting_after"):
        cut = _cursor(ids, params["starting_after"], object_name, "starting_after")
        page = [o for o in wanted if ids.index(o["id"]) > cut]
        return list_object(url, copy.deepcopy(page[:limit]), len(page) > limit)
    if params.get("ending_before"):
        cut = _cursor(ids, params["ending_before"], object_name, "ending_before")
        page = [o for o in wanted if ids.index(o["id"]) < cut]
        return list_object(url, copy.deepcopy(page[-limit:]), len(page) > limit)
    return list_object(url, copy.deepcopy(wanted[:limit]), len(wanted) > limit)


def _cursor(ids: list[str], object_id: str, object_name: str, param: str) -> int:
    if object_id not in ids:
        raise no_such(object_name, object_id, param)
    return ids.index(object_id)


def _matches(obj: dict[str, Any], filters: dict[str, Any]) -> bool:
    return all(value is None or obj.get(key) == value for key, value in filters.items())


def _created_test(raw: Any):
    """``created=T`` or ``created[gt|gte|lt|lte]=T`` as a predicate on a timestamp."""
    if raw is None:
        return lambda _ts: True
    if isinstance(raw, str):
        exact = as_int({"created": raw}, "created")
        return lambda ts: ts == exact
    if not isinstance(raw, dict) or not set(raw) <= set(_RANGE):
        raise bad_param("Invalid created: use created[gt|gte|lt|lte]", "created")
    bounds = [(_RANGE[op], as_int(raw, op)) for op in raw]
    return lambda ts: all(test(ts, bound) for test, bound in bounds)


def expand(store: Store, obj: dict[str, Any], paths: list[str]) -> dict[str, Any]:
    """Replace the ids at each dotted path by (a copy of) the object they name."""
    for path in paths:
        _expand_path(store, obj, path.split("."), path)
    return obj


def _expand_path(store: Store, node: Any, parts: list[str], path: str) -> None:
    if isinstance(node, list):
        for item in node:
            _expand_path(store, item, parts, path)
        return
    head, rest = parts[0], parts[1:]
    if not isinstance(node, dict) or head not in node:
        raise bad_param(f"This property cannot be expanded ({path}).", "expand")
    value = node[head]
    if isinstance(value, str):
        if not store.is_object_id(value):
            raise bad_param(f"This property cannot be expanded ({path}).", "expand")
        value = node[head] = copy.deepcopy(store.objects[value])
    if rest and value is not None:
        _expand_path(store, value, rest, path)
