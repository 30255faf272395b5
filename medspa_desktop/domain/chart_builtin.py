"""The chart templates every clinic starts with: SOAP notes, neuromodulators, fillers, lasers
and IPL, peels and microneedling. Managers change them by saving new versions.

``BUILT_IN`` maps a template code to its ``BuiltInTemplate``; ``built_in_for_category(code)``
names the template a service category is charted with (SOAP notes for any other). Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

SOAP = "soap"
SKIN_TYPES = ["I", "II", "III", "IV", "V", "VI"]
NEURO_AREAS = [
    "Forehead", "Glabella", "Crow's feet (left)", "Crow's feet (right)", "Bunny lines",
    "Brow lift", "Lip flip", "Gummy smile", "Chin", "DAO", "Masseter (left)",
    "Masseter (right)", "Platysma", "Other",
]  # fmt: skip
FILLER_AREAS = [
    "Lips", "Cheeks (left)", "Cheeks (right)", "Nasolabial folds (left)",
    "Nasolabial folds (right)", "Marionette lines", "Chin", "Jawline", "Tear troughs",
    "Temples", "Nose", "Other",
]  # fmt: skip
REACTIONS = ["None", "Mild erythema", "Moderate erythema", "Oedema", "Frosting", "Other"]


@dataclass(frozen=True)
class BuiltInTemplate:
    code: str
    name: str
    category_codes: tuple[str, ...]
    schema: dict[str, Any]


def _text(key: str, label: str, *, required: bool = False, lines: bool = True) -> dict[str, Any]:
    return {"key": key, "label": label, "kind": "text", "required": required, "multiline": lines}


def _number(key: str, label: str, unit: str, low: float, high: float) -> dict[str, Any]:
    return {"key": key, "label": label, "kind": "number", "unit": unit, "min": low, "max": high}


def _choice(key: str, label: str, choices: list[str], *, required: bool = False) -> dict[str, Any]:
    return {"key": key, "label": label, "kind": "choice", "choices": choices, "required": required}


def _section(key: str, title: str, *fields: dict[str, Any]) -> dict[str, Any]:
    return {"key": key, "title": title, "fields": list(fields)}


def _required(field: dict[str, Any]) -> dict[str, Any]:
    return {**field, "required": True}


_NOTES = _section(
    "notes",
    "Notes",
    _choice("aftercare_given", "Aftercare instructions given", ["Yes", "No"], required=True),
    _text("notes", "Notes"),
)

_SOAP = _section(
    "soap",
    "SOAP notes",
    _text("subjective", "Subjective", required=True),
    _text("objective", "Objective"),
    _text("assessment", "Assessment", required=True),
    _text("plan", "Plan", required=True),
)

_NEUROMODULATOR = (
    _section(
        "preparation",
        "Preparation",
        _required(_number("dilution", "Dilution (saline per 100 U)", "mL", 0.5, 10)),
    ),
    _section(
        "injections",
        "Injection points",
        {
            "key": "injection_points",
            "label": "Injection points",
            "kind": "injection_map",
            "unit": "U",
            "max": 100,
            "areas": NEURO_AREAS,
            "stock": True,
            "required": True,
        },
    ),
    _NOTES,
)

_FILLER = (
    _section(
        "product",
        "Product",
        {
            "key": "syringes",
            "label": "Syringes used",
            "kind": "lot",
            "unit": "syringe",
            "product_kind": "injectable",
            "required": True,
        },
        _choice("technique", "Technique", ["Needle", "Cannula", "Needle and cannula"]),
        _text("anaesthetic", "Anaesthetic", lines=False),
    ),
    _section(
        "injections",
        "Injection points",
        {
            "key": "injection_points",
            "label": "Injection points",
            "kind": "injection_map",
            "unit": "mL",
            "max": 2,
            "areas": FILLER_AREAS,
        },
    ),
    _NOTES,
)

_LASER = (
    _section(
        "settings",
        "Device and settings",
        _required(_text("device", "Device", lines=False)),
        _required(_number("wavelength", "Wavelength", "nm", 400, 11000)),
        _required(_number("fluence", "Fluence", "J/cm²", 0.1, 200)),
        _number("pulse_width", "Pulse width", "ms", 0.001, 1000),
        _number("spot_size", "Spot size", "mm", 1, 30),
        _number("passes", "Passes", "", 1, 10),
        _text("treatment_area", "Treatment area", lines=False),
    ),
    _section(
        "skin",
        "Skin",
        _choice("skin_type", "Fitzpatrick skin type", SKIN_TYPES, required=True),
        _choice("test_spot", "Test spot", ["Not needed", "Done, no reaction", "Done, reaction"]),
        _choice("reaction", "Reaction", REACTIONS),
    ),
    _NOTES,
)

_PEEL = (
    _section(
        "procedure",
        "Procedure",
        _choice("procedure", "Procedure", ["Chemical peel", "Microneedling"], required=True),
        _text("agent", "Agent (peel) or serum", lines=False),
        _number("depth", "Needle depth", "mm", 0.1, 3),
        _number("layers", "Layers or passes", "", 1, 10),
        _number("time", "Time on skin", "min", 0, 60),
        _choice("skin_type", "Fitzpatrick skin type", SKIN_TYPES),
        _choice("reaction", "Reaction", REACTIONS),
    ),
    _NOTES,
)

BUILT_IN = MappingProxyType(
    {
        t.code: t
        for t in (
            BuiltInTemplate(SOAP, "SOAP notes", (), {"sections": [_SOAP]}),
            BuiltInTemplate(
                "neuromodulator",
                "Neuromodulator",
                ("neuromodulator",),
                {"sections": list(_NEUROMODULATOR)},
            ),
            BuiltInTemplate("filler", "Dermal filler", ("filler",), {"sections": list(_FILLER)}),
            BuiltInTemplate(
                "laser_ipl",
                "Laser and IPL",
                ("laser_hair_removal", "ipl", "laser"),
                {"sections": list(_LASER)},
            ),
            BuiltInTemplate(
                "peel_microneedling",
                "Peel and microneedling",
                ("chemical_peel", "microneedling"),
                {"sections": list(_PEEL)},
            ),
        )
    }
)


def built_in_for_category(category_code: str) -> str:
    """The built-in template a service category is charted with; SOAP notes by default."""
    for template in BUILT_IN.values():
        if category_code in template.category_codes:
            return template.code
    return SOAP
