"""Coerce and validate decoded request parameters the way Stripe reports problems with them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .errors import bad_param, missing_param, unknown_param


def check_allowed(params: dict[str, Any], allowed: Iterable[str]) -> None:
    """Stripe refuses any top-level parameter the endpoint does not know."""
    known = set(allowed)
    for key in params:
        if key not in known:
            raise unknown_param(key)


def require(params: dict[str, Any], key: str) -> Any:
    value = params.get(key)
    if value is None or value == "":
        raise missing_param(key)
    return value


def as_str(params: dict[str, Any], key: str, default: str | None = None) -> str | None:
    value = params.get(key, default)
    if value is not None and not isinstance(value, str):
        raise bad_param(f"Invalid string: {value!r}", key)
    return None if value == "" else value


def as_int(
    params: dict[str, Any], key: str, default: int | None = None, minimum: int | None = None
) -> int | None:
    raw = params.get(key)
    if raw is None:
        return default
    if not isinstance(raw, str) or not raw.lstrip("-").isdigit():
        raise bad_param(f"Invalid integer: {raw}", key, "parameter_invalid_integer")
    value = int(raw)
    if minimum is not None and value < minimum:
        raise bad_param(
            f"This value must be greater than or equal to {minimum}.",
            key,
            "parameter_invalid_integer",
        )
    return value


def as_enum(params: dict[str, Any], key: str, choices: Iterable[str], default: Any = None) -> Any:
    value = params.get(key)
    if value is None:
        return default
    options = list(choices)
    if value not in options:
        raise bad_param(f"Invalid {key}: must be one of {', '.join(options)}", key)
    return value


def as_str_list(params: dict[str, Any], key: str, default: list[str] | None = None) -> list[str]:
    value = params.get(key)
    if value is None:
        return list(default or [])
    if isinstance(value, str):
        raise bad_param(f"Invalid array: {key} must be an array", key)
    if isinstance(value, dict) or not all(isinstance(v, str) for v in value):
        raise bad_param(f"Invalid array: {key} must be an array of strings", key)
    return list(value)


def merge_metadata(current: dict[str, str], raw: Any) -> dict[str, str]:
    """Apply a ``metadata`` parameter: ``""`` clears all, an empty value unsets one key."""
    if raw is None:
        return dict(current)
    if raw == "":
        return {}
    if not isinstance(raw, dict):
        raise bad_param("Invalid object: metadata must be a hash", "metadata")
    merged = dict(current)
    for key, value in raw.items():
        if not isinstance(value, str):
            raise bad_param(f"Invalid value for metadata[{key}]", f"metadata[{key}]")
        if len(key) > 40 or len(value) > 500:
            raise bad_param("Metadata keys are limited to 40 and values to 500 characters.", key)
        if value == "":
            merged.pop(key, None)
        else:
            merged[key] = value
    if len(merged) > 50:
        raise bad_param("Metadata can have up to 50 keys.", "metadata")
    return merged


def coerce_scalars(value: Any) -> Any:
    """Turn wire strings ``"true"``/``"false"`` and digit strings into JSON types (recursively)."""
    if isinstance(value, dict):
        return {k: coerce_scalars(v) for k, v in value.items()}
    if isinstance(value, list):
        return [coerce_scalars(v) for v in value]
    if value in ("true", "false"):
        return value == "true"
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value
