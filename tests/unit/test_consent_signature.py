"""Signatures: an empty pad, a tap or a tiny scribble is refused; a real signature is kept
exactly (canonical JSON, pressure and timing included)."""

from __future__ import annotations

import math

import pytest

from medspa_desktop.domain.signature import (
    Signature,
    SignaturePoint,
    bounding_box,
    canonical,
    signature_from_json,
    signature_json,
    signature_problem,
)

PAD = (600.0, 200.0)


def wave(x0=50.0, y0=100.0, length=300.0, points=40, pressure=None) -> tuple[SignaturePoint, ...]:
    return tuple(
        SignaturePoint(
            x0 + length * i / (points - 1),
            y0 + 30 * math.sin(i / 3),
            i * 8.0,
            pressure,
        )
        for i in range(points)
    )


def signed(*strokes) -> Signature:
    return Signature(*PAD, tuple(strokes))


def test_a_real_signature_is_accepted():
    assert signature_problem(signed(wave(), wave(x0=380, length=80, points=12))) is None


def test_an_empty_pad_is_refused():
    assert signature_problem(signed()) == "Ask the client to sign in the box."
    assert signed().is_empty


def test_a_tap_with_too_few_points_is_refused():
    tap = wave(points=5, length=200)
    assert "too small" in signature_problem(signed(tap))


def test_a_scribble_smaller_than_a_few_percent_of_the_pad_is_refused():
    tiny = tuple(SignaturePoint(100 + i % 4, 100 + i % 3, i * 5.0) for i in range(50))
    assert "too small" in signature_problem(signed(tiny))


def test_points_outside_the_pad_or_impossible_values_are_refused():
    outside = (*wave(), SignaturePoint(700.0, 50.0, 400.0))
    assert "outside" in signature_problem(signed(outside))
    pressed = (*wave(), SignaturePoint(60.0, 50.0, 400.0, pressure=1.5))
    assert "outside" in signature_problem(signed(pressed))
    nan = (*wave(), SignaturePoint(float("nan"), 50.0, 400.0))
    assert signature_problem(signed(nan)) is not None
    assert "size" in signature_problem(Signature(0, 200, (wave(),)))


def test_the_canonical_json_round_trips_with_pressure_and_is_stable():
    signature = signed(wave(pressure=0.4321), wave(x0=400, length=100, points=10))
    data = signature_json(signature)
    assert signature_json(signature_from_json(data)) == data
    back = signature_from_json(data)
    assert back.strokes[0][1].pressure == 0.432 and back.strokes[1][0].pressure is None
    assert back == canonical(signature)
    assert b" " not in data and data.startswith(b"{")


def test_anything_else_is_not_a_signature():
    for junk in (b"", b"[]", b'{"width": 1}', b'{"width":1,"height":1,"strokes":[[[1]]]}'):
        with pytest.raises(ValueError):
            signature_from_json(junk)


def test_the_bounding_box_spans_every_point():
    box = bounding_box(signed(wave(x0=10, length=100), wave(x0=200, length=50)))
    assert box[0] == 10 and box[2] == 250
