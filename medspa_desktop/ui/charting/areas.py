"""A first guess at the treatment area of a point from where it was tapped, so the
practitioner only corrects it when the guess is wrong. Pure; any thread.

Rough regions of the front view, in the drawing's normalised coordinates; the client's
right is on the viewer's left. On the side views only the obvious areas are guessed.
"""

from __future__ import annotations

from collections.abc import Sequence

FRONT = (
    ("Forehead", 0.25, 0.08, 0.75, 0.31),
    ("Glabella", 0.43, 0.31, 0.57, 0.40),
    ("Crow's feet (right)", 0.18, 0.36, 0.31, 0.48),
    ("Crow's feet (left)", 0.69, 0.36, 0.82, 0.48),
    ("Tear troughs", 0.31, 0.44, 0.69, 0.50),
    ("Nose", 0.43, 0.44, 0.57, 0.62),
    ("Lips", 0.37, 0.64, 0.63, 0.78),
    ("Lip flip", 0.37, 0.64, 0.63, 0.78),
    ("Nasolabial folds (right)", 0.34, 0.56, 0.43, 0.70),
    ("Nasolabial folds (left)", 0.57, 0.56, 0.66, 0.70),
    ("Cheeks (right)", 0.22, 0.48, 0.43, 0.66),
    ("Cheeks (left)", 0.57, 0.48, 0.78, 0.66),
    ("Marionette lines", 0.30, 0.72, 0.70, 0.80),
    ("DAO", 0.30, 0.72, 0.70, 0.80),
    ("Chin", 0.36, 0.78, 0.64, 0.92),
    ("Masseter (right)", 0.20, 0.62, 0.34, 0.82),
    ("Masseter (left)", 0.66, 0.62, 0.80, 0.82),
    ("Jawline", 0.18, 0.62, 0.82, 0.90),
)
SIDE = (
    ("Temples", 0.30, 0.18, 0.56, 0.38),
    ("Cheeks", 0.30, 0.44, 0.56, 0.62),
    ("Masseter", 0.44, 0.62, 0.64, 0.84),
    ("Jawline", 0.30, 0.78, 0.64, 0.92),
    ("Nose", 0.16, 0.40, 0.30, 0.60),
    ("Lips", 0.20, 0.60, 0.32, 0.78),
    ("Chin", 0.22, 0.78, 0.40, 0.92),
)


def guess_area(view: str, x: float, y: float, areas: Sequence[str]) -> str:
    """The first listed area whose region holds ``(x, y)``; else "Other", else the first."""
    if not areas:
        return ""
    if view == "front":
        regions = FRONT
    else:  # the side views name the side: "Cheeks (left)" on the left view
        side = f" ({view})"
        regions = tuple((name + side, *box) for name, *box in SIDE) + SIDE
    for name, left, top, right, bottom in regions:
        if name in areas and left <= x <= right and top <= y <= bottom:
            return name
    return "Other" if "Other" in areas else areas[0]
