"""A hand-written signature as the pad recorded it: strokes of timed points, with pressure
where the device measures it (pen, some touch screens) and ``None`` where it does not (mouse).

The strokes themselves are what a signed consent keeps (as an encrypted blob, canonical
JSON): they are the exact evidence the client produced, pressure and timing included, and
they print sharp at any size. A PNG would be a lossy copy of them.

Public API:

- ``SignaturePoint(x, y, t, pressure)``: pad pixels from the top left; ``t`` in
  milliseconds since the first point; ``pressure`` 0..1 or ``None``.
- ``Signature(width, height, strokes)``: the pad's size and the strokes.
- ``signature_problem(signature) -> str | None``: why it cannot be accepted (empty, a dot,
  a scribble too small to be a signature, points outside the pad ...).
- ``signature_json(signature) -> bytes`` / ``signature_from_json(data) -> Signature``:
  the canonical encoding (the same signature always gives the same bytes).
- ``bounding_box(signature)``. Standard library only; any thread.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

MIN_POINTS = 10
"""Fewer points than this is a tap or a dot, not a signature."""
MIN_EXTENT = 0.05
"""The signature must span at least this share of the pad's width or height."""
MAX_POINTS = 20_000
EDGE_SLACK = 2.0
"""A finger may leave the pad by a pixel or two before the release is seen."""
FORMAT = 1


@dataclass(frozen=True)
class SignaturePoint:
    x: float
    y: float
    t: float
    pressure: float | None = None


Stroke = tuple[SignaturePoint, ...]


@dataclass(frozen=True)
class Signature:
    width: float
    height: float
    strokes: tuple[Stroke, ...]

    @property
    def point_count(self) -> int:
        return sum(len(stroke) for stroke in self.strokes)

    @property
    def is_empty(self) -> bool:
        return self.point_count == 0


def bounding_box(signature: Signature) -> tuple[float, float, float, float]:
    """``(left, top, right, bottom)`` of every point; zeros for an empty signature."""
    points = [point for stroke in signature.strokes for point in stroke]
    if not points:
        return (0.0, 0.0, 0.0, 0.0)
    xs, ys = [p.x for p in points], [p.y for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def signature_problem(signature: Signature) -> str | None:
    """A message for the client or staff when the signature cannot be accepted, else None."""
    if signature.is_empty:
        return "Ask the client to sign in the box."
    if not _pad_ok(signature):
        return "The signature pad reported an impossible size. Clear the pad and sign again."
    if signature.point_count > MAX_POINTS:
        return "The signature is too long. Clear the pad and sign again."
    if not all(_point_ok(point, signature) for stroke in signature.strokes for point in stroke):
        return "The signature has points outside the pad. Clear the pad and sign again."
    left, top, right, bottom = bounding_box(signature)
    span = max((right - left) / signature.width, (bottom - top) / signature.height)
    if signature.point_count < MIN_POINTS or span < MIN_EXTENT:
        return "The signature is too small to be a signature. Clear the pad and sign again."
    return None


def signature_json(signature: Signature) -> bytes:
    """Canonical JSON: coordinates to 0.1 px, time to the millisecond, pressure to 0.001."""
    document = {
        "format": FORMAT,
        "width": _tenth(signature.width),
        "height": _tenth(signature.height),
        "strokes": [[_encode(point) for point in stroke] for stroke in signature.strokes],
    }
    return json.dumps(document, separators=(",", ":"), sort_keys=True).encode()


def signature_from_json(data: bytes) -> Signature:
    """The signature ``signature_json`` encoded; raises ``ValueError`` for anything else."""
    try:
        document = json.loads(data)
        strokes = tuple(tuple(_decode(p) for p in stroke) for stroke in document["strokes"])
        return Signature(float(document["width"]), float(document["height"]), strokes)
    except (KeyError, TypeError, IndexError, json.JSONDecodeError) as err:
        raise ValueError("This is not a recorded signature.") from err


def canonical(signature: Signature) -> Signature:
    """The signature exactly as its canonical JSON keeps it (rounded)."""
    return signature_from_json(signature_json(signature))


def _pad_ok(signature: Signature) -> bool:
    sizes = (signature.width, signature.height)
    return all(math.isfinite(size) and size >= 1 for size in sizes)


def _point_ok(point: SignaturePoint, signature: Signature) -> bool:
    numbers = (point.x, point.y, point.t)
    if not all(math.isfinite(n) for n in numbers) or point.t < 0:
        return False
    if point.pressure is not None and not 0.0 <= point.pressure <= 1.0:
        return False
    inside_x = -EDGE_SLACK <= point.x <= signature.width + EDGE_SLACK
    return inside_x and -EDGE_SLACK <= point.y <= signature.height + EDGE_SLACK


def _encode(point: SignaturePoint) -> list[float | int | None]:
    pressure = None if point.pressure is None else round(point.pressure, 3)
    return [_tenth(point.x), _tenth(point.y), round(point.t), pressure]


def _decode(values: list[float | int | None]) -> SignaturePoint:
    x, y, t, pressure = values
    if x is None or y is None or t is None:
        raise TypeError("a point needs x, y and t")
    return SignaturePoint(
        float(x), float(y), float(t), None if pressure is None else float(pressure)
    )


def _tenth(value: float) -> float:
    return round(value, 1)
