"""The tags of a clinical photo: the body area and the camera angle.

Photos of the same area and angle line up with each other (the ghost overlay when taking
the next one, before/after comparison), so both are kept in one spelling: lower case,
words joined by ``_`` ("Left oblique" -> ``left_oblique``).
"""

from __future__ import annotations

import re

ANGLES: tuple[str, ...] = ("front", "left", "right", "left_oblique", "right_oblique")
"""The camera angles a photo may have (``store.models.Photo.angle``)."""
AREA_MAX = 40
"""Longest area name the photo table holds."""

_SEPARATORS = re.compile(r"[\s\-]+")
_AREA = re.compile(r"[a-z0-9_]+")


def tag_spelling(text: str) -> str:
    """``"  Left   Oblique "`` -> ``"left_oblique"``."""
    return _SEPARATORS.sub("_", text.strip().lower())


def area_problem(area: str) -> str | None:
    """Why ``area`` (already in tag spelling) cannot tag a photo, or None."""
    if not area:
        return "Choose the body area the photo shows (face, lips, underarm ...)."
    if len(area) > AREA_MAX:
        return f"The body area name is too long (at most {AREA_MAX} characters)."
    if not _AREA.fullmatch(area):
        return "The body area may hold only letters, digits and spaces."
    return None


def angle_problem(angle: str) -> str | None:
    """Why ``angle`` (already in tag spelling) cannot tag a photo, or None."""
    if angle in ANGLES:
        return None
    names = ", ".join(a.replace("_", " ") for a in ANGLES)
    return f"Choose the camera angle: {names}."
