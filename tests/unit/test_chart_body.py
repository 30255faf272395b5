"""Chart bodies against their template: checks per field, injection totals per area and
product, the stock a signed chart uses, the canonical hash, and sibling versions."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from medspa_desktop.domain.chart_body import body_problems, canonical_json, content_hash, lot_ids
from medspa_desktop.domain.chart_builtin import BUILT_IN
from medspa_desktop.domain.chart_injections import injection_totals, stock_usage
from medspa_desktop.domain.chart_template import parse_schema
from medspa_desktop.domain.chart_versions import VersionNode, current_and_siblings, heads

NEURO = parse_schema(BUILT_IN["neuromodulator"].schema)
FILLER = parse_schema(BUILT_IN["filler"].schema)
LASER = parse_schema(BUILT_IN["laser_ipl"].schema)
PRODUCTS = {"lot-b": "Botox", "lot-d": "Dysport"}.get


def point(area: str, units: float, lot: str = "lot-b", view: str = "front", **more) -> dict:
    return {"view": view, "x": 0.4, "y": 0.6, "area": area, "lot_id": lot, "units": units, **more}


def test_a_complete_neuromodulator_chart_has_no_problems():
    body = {"dilution": 2.5, "injection_points": [point("Glabella", 4)], "aftercare_given": "Yes"}

    assert body_problems(NEURO, body, complete=True) == {}


def test_a_draft_may_leave_required_fields_empty_but_signing_may_not():
    assert body_problems(NEURO, {"dilution": 2.5}, complete=False) == {}
    assert set(body_problems(NEURO, {"dilution": 2.5}, complete=True)) == {
        "injection_points",
        "aftercare_given",
    }


@pytest.mark.parametrize(
    ("bad_point", "message"),
    [
        (point("Glabella", 4, view="back"), "front, left or right"),
        ({**point("Glabella", 4), "x": 1.2}, "place it on the diagram again"),
        (point("Knee", 4), "choose the area"),
        (point("Glabella", 0), "more than 0"),
        (point("Glabella", 150), "at most 100 U"),
        (point("Glabella", True), "more than 0"),
        (point("Glabella", 4, lot=""), "choose the product and lot"),
        (point("Glabella", 4, colour="red"), "place it on the diagram again"),
    ],
)
def test_an_injection_point_is_checked(bad_point, message):
    problems = body_problems(NEURO, {"injection_points": [bad_point]}, complete=False)

    assert message in problems["injection_points"]
    assert "point 1" in problems["injection_points"]


def test_numbers_choices_lots_and_unknown_fields_are_checked():
    body = {
        "wavelength": 100,
        "fluence": "high",
        "skin_type": "VII",
        "passes": float("inf"),
        "device": 7,
        "lasers": "?",
    }

    problems = body_problems(LASER, body, complete=False)

    assert problems["wavelength"] == "Wavelength must be at least 400 nm."
    assert problems["fluence"] == "Fluence must be a number."
    assert problems["skin_type"] == "Choose Fitzpatrick skin type from the list."
    assert problems["passes"] == "Passes must be a number."
    assert problems["device"] == "Device must be text."
    assert "no such field" in problems["lasers"]
    bad_lots = {"syringes": [{"lot_id": "lot-f", "quantity": 1.5}]}
    assert "whole number" in body_problems(FILLER, bad_lots, complete=False)["syringes"]


def test_totals_are_per_area_per_product_and_per_area_and_product():
    body = {
        "injection_points": [
            point("Glabella", 4),
            point("Glabella", 4),
            point("Forehead", 2.5),
            point("Crow's feet (left)", 6, lot="lot-d", view="left"),
        ]
    }

    totals = injection_totals(NEURO, body, PRODUCTS)["injection_points"]

    assert totals.unit == "U" and totals.total == 16.5
    assert totals.by_area == (("Glabella", 8.0), ("Crow's feet (left)", 6.0), ("Forehead", 2.5))
    assert totals.by_product == (("Botox", 10.5), ("Dysport", 6.0))
    assert totals.by_area_and_product[0] == ("Glabella", "Botox", 8.0)


def test_signing_uses_whole_units_per_lot_and_the_syringes_of_lot_fields():
    neuro = {
        "injection_points": [
            point("Chin", 0.1),
            point("Chin", 0.2),
            point("Lip flip", 2.5),
            point("Chin", 2, lot="lot-d"),
        ]
    }
    filler = {
        "syringes": [{"lot_id": "lot-f", "quantity": 2}],
        "injection_points": [point("Lips", 0.8, lot="lot-f")],
    }

    assert stock_usage(NEURO, neuro) == {"lot-b": 3, "lot-d": 2}
    assert stock_usage(FILLER, filler) == {"lot-f": 2}, "mL on the map are not taken again"
    assert lot_ids(FILLER, filler) == {"lot-f"}


def test_the_content_hash_is_sha256_of_canonical_json_whatever_the_key_order():
    one = {"b": [1, {"y": 2, "x": "é"}], "a": 2.5}
    two = {"a": 2.5, "b": [1, {"x": "é", "y": 2}]}

    assert (
        canonical_json(one) == canonical_json(two) == '{"a":2.5,"b":[1,{"x":"é","y":2}]}'.encode()
    )
    assert content_hash(one) == hashlib.sha256(canonical_json(two)).hexdigest()
    with pytest.raises(ValueError):
        canonical_json({"a": float("nan")})


T0 = dt.datetime(2026, 5, 4, 10, tzinfo=dt.UTC)


def node(id_: str, parent: str | None, minute: int, *, merged=(), kind="version", signed=False):
    return VersionNode(id_, parent, tuple(merged), kind, T0 + dt.timedelta(minutes=minute), signed)


def test_two_versions_edited_from_one_are_siblings_until_one_merges_them():
    base, mine, theirs = node("v1", None, 0), node("v2a", "v1", 1), node("v2b", "v1", 2)

    assert [n.id for n in heads([base, mine, theirs])] == ["v2a", "v2b"]
    shown, siblings = current_and_siblings([base, mine, theirs], "v2a")
    assert (shown.id, [s.id for s in siblings]) == ("v2a", ["v2b"])
    merged = node("v3", "v2b", 3, merged=["v2a"])
    assert [n.id for n in heads([base, mine, theirs, merged])] == ["v3"]


def test_the_signed_version_is_shown_and_addenda_are_not_heads():
    nodes = [
        node("v1", None, 0),
        node("s", "v1", 1, signed=True),
        node("a1", "s", 2, kind="addendum"),
        node("late", "v1", 3),
    ]

    shown, siblings = current_and_siblings(nodes, None)

    assert shown.id == "s" and [s.id for s in siblings] == ["late"]
    assert current_and_siblings([], None) == (None, [])
