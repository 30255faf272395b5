"""Chart template schemas: the built-in templates parse, a bad schema is refused with every
problem named, and the JSON form round-trips."""

from __future__ import annotations

import pytest

from medspa_desktop.domain.chart_builtin import BUILT_IN, SOAP, built_in_for_category
from medspa_desktop.domain.chart_template import (
    ChartTemplateError,
    FieldKind,
    parse_schema,
)


@pytest.mark.parametrize("code", sorted(BUILT_IN))
def test_every_built_in_template_parses_and_round_trips(code):
    schema = parse_schema(BUILT_IN[code].schema)

    assert parse_schema(schema.to_json()) == schema


def test_the_built_in_templates_chart_what_the_issue_lists():
    fields = {code: parse_schema(t.schema).fields() for code, t in BUILT_IN.items()}

    assert {"subjective", "objective", "assessment", "plan"} <= set(fields[SOAP])
    assert fields["neuromodulator"]["injection_points"].stock
    assert fields["neuromodulator"]["dilution"].kind is FieldKind.NUMBER
    assert fields["filler"]["syringes"].kind is FieldKind.LOT
    assert not fields["filler"]["injection_points"].stock, "syringes come off stock, not mL"
    assert {
        "device",
        "wavelength",
        "fluence",
        "pulse_width",
        "spot_size",
        "passes",
        "skin_type",
        "test_spot",
    } <= set(fields["laser_ipl"])
    assert {"agent", "depth", "layers", "time", "reaction"} <= set(fields["peel_microneedling"])


@pytest.mark.parametrize(
    ("category", "code"),
    [
        ("neuromodulator", "neuromodulator"),
        ("ipl", "laser_ipl"),
        ("microneedling", "peel_microneedling"),
        ("hydrafacial", SOAP),
    ],
)
def test_a_service_category_is_charted_on_its_built_in_template(category, code):
    assert built_in_for_category(category) == code


def test_a_bad_schema_is_refused_naming_every_problem():
    bad = {
        "sections": [
            {
                "key": "a",
                "title": "A",
                "fields": [
                    {"key": "x", "label": "X", "kind": "choice"},
                    {"key": "x", "label": "Again", "kind": "number", "min": 5, "max": 1},
                    {"key": "Bad Key", "label": "", "kind": "colour"},
                    {"key": "y", "label": "Y", "kind": "text", "stock": True},
                ],
            },
            {"key": "b", "title": "", "fields": []},
        ]
    }

    with pytest.raises(ChartTemplateError) as refused:
        parse_schema(bad)

    text = " ".join(refused.value.problems)
    for expected in (
        "needs at least one choice",
        "minimum above its maximum",
        "unknown kind",
        "needs a label",
        "stock only as an injection map",
        "Section 2 needs a title",
        "used twice: x",
    ):
        assert expected in text


def test_a_schema_without_sections_is_refused():
    with pytest.raises(ChartTemplateError, match="at least one section"):
        parse_schema({"sections": []})
