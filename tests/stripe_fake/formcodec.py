"""Decode Stripe's form encoding: ``a[b][c]=v``, ``list[0]=x`` and ``list[]=x`` into nested data.

Values stay strings, as on the wire; handlers coerce them (see ``params``). A dict whose keys
are all indices becomes a list, except under ``metadata`` (whose keys are free-form).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from .errors import bad_param

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_PART = re.compile(r"\[([^\[\]]*)\]")
_FREE_FORM = {"metadata"}


def parse_form(text: str) -> dict[str, Any]:
    """Parse a form-encoded body or query string into nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(text, keep_blank_values=True):
        _assign(root, _split(key), value)
    return _listify(root, None)


def _split(key: str) -> list[str]:
    match = _KEY.match(key)
    if match is None:
        raise bad_param(f"Invalid parameter name: {key}", key)
    return [match.group(1), *_PART.findall(match.group(2))]


def _assign(node: dict[str, Any], parts: list[str], value: str) -> None:
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        if part == "":
            part = _append_slot(node, parts[depth + 1] if not last else None)
        if last:
            node[part] = value
            return
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise bad_param(f"Invalid value for {parts[0]}: mixed scalar and hash", parts[0])
        node = child


def _append_slot(node: dict[str, Any], next_key: str | None) -> str:
    """``x[]``: a new element, or (Rack-style) the last one while it lacks ``next_key``."""
    if next_key is not None and node:
        last = str(len(node) - 1)
        if isinstance(node.get(last), dict) and next_key not in node[last]:
            return last
    return str(len(node))


def _listify(node: Any, key: str | None) -> Any:
    if not isinstance(node, dict):
        return node
    items = {k: _listify(v, k) for k, v in node.items()}
    if key in _FREE_FORM or not items or not all(k.isdigit() for k in items):
        return items
    return [items[k] for k in sorted(items, key=int)]
