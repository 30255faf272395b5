"""How a card looks: the service's colour as its fill, its status as a clear outline and a
named chip, and its flags as small text badges, so nothing is told by colour alone.

GUI thread (QColor); the tables are plain data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

from medspa_desktop.domain import appointment_status as st
from medspa_desktop.services.calendar import CalendarCard

INK = "#1d2939"
MUTED = "#475467"
FALLBACK_COLOUR = "#8fa9c9"


@dataclass(frozen=True)
class StatusLook:
    chip: str
    """The status named on the card ("" for an ordinary booking)."""
    short: str
    """The chip on a narrow card: the status is never told by the outline's colour alone."""
    chip_ink: str
    chip_fill: str
    outline: str
    outline_width: float
    dashed: bool = False
    faded: bool = False
    """Past its moment (completed, no-show): a grey fill, the service only as a stripe."""
    struck: bool = False


_PLAIN = StatusLook("", "", INK, "#ffffff", "", 1.0)
LOOKS = {
    st.REQUESTED: StatusLook("Requested", "Req", "#344054", "#ffffff", "#344054", 1.6, dashed=True),
    st.BOOKED: _PLAIN,
    st.CONFIRMED: StatusLook("✓ Confirmed", "✓", "#067647", "#dcfae6", "", 1.0),
    st.CHECKED_IN: StatusLook("Checked in", "In", "#ffffff", "#1f6f78", "#1f6f78", 3.0),
    st.IN_TREATMENT: StatusLook("In treatment", "Tx", "#ffffff", "#6941c6", "#6941c6", 3.0),
    st.COMPLETED: StatusLook("✓ Done", "✓", "#344054", "#e4e7ec", "#98a2b3", 1.0, faded=True),
    st.NO_SHOW: StatusLook("No-show", "NS", "#ffffff", "#475467", "#475467", 1.6, faded=True,
                           struck=True),
    st.CONFLICT: StatusLook("Double booked", "2×", "#ffffff", "#d92d20", "#d92d20", 3.0),
}  # fmt: skip


@dataclass(frozen=True)
class Badge:
    flag: str
    text: str
    short: str
    """For a narrow card: still words or a sign, never colour alone."""
    ink: str
    fill: str
    tip: str


BADGES = (
    Badge("conflict", "Double booked", "2×", "#ffffff", "#d92d20",
          "Overlaps another booking after a sync: resolve it in the Sync panel."),
    Badge("allergy", "⚠ Allergy", "⚠", "#ffffff", "#b42318",
          "Allergies recorded: read them in the client record before treating."),
    Badge("unpaid_deposit", "$ Deposit due", "$", "#6b3a00", "#ffe6b0",
          "A deposit is required and not yet paid."),
    Badge("new_client", "New client", "New", "#ffffff", "#175cd3",
          "First visit: allow time for consultation and consent."),
    Badge("notes", "✎ Notes", "✎", "#344054", "#e4e7ec", "The booking has notes."),
    Badge("online", "Online", "Web", "#10414a", "#d5ecee", "Booked on the online booking page."),
)  # fmt: skip


def look_of(status: str) -> StatusLook:
    return LOOKS.get(status, _PLAIN)


def badges_of(card: CalendarCard) -> list[Badge]:
    """The card's flags in order of urgency; a double booking already named by its status
    chip is not repeated."""
    shown = [b for b in BADGES if b.flag in card.flags]
    if card.status == st.CONFLICT:
        shown = [b for b in shown if b.flag != "conflict"]
    return shown


@lru_cache(maxsize=256)
def service_colour(colour: str) -> QColor:
    parsed = QColor(colour)
    return parsed if parsed.isValid() else QColor(FALLBACK_COLOUR)


@lru_cache(maxsize=256)
def card_fill(colour: str, status: str) -> QColor:
    """A light tint of the service colour, so dark text on it stays readable (AA)."""
    if look_of(status).faded:
        return QColor("#f2f4f7")
    base = service_colour(colour)
    keep = 0.30 if status == st.REQUESTED else 0.42
    mixed = [round(255 - (255 - part) * keep) for part in (base.red(), base.green(), base.blue())]
    return QColor(*mixed)


@lru_cache(maxsize=256)
def stripe(colour: str) -> QColor:
    return service_colour(colour)


@lru_cache(maxsize=64)
def colour(hex_colour: str) -> QColor:
    return QColor(hex_colour)


@lru_cache(maxsize=256)
def outline_pen(service: str, look: StatusLook) -> QPen:
    """The status's outline, or a darker edge of the service colour for a plain booking."""
    ink = colour(look.outline) if look.outline else stripe(service).darker(125)
    style = Qt.PenStyle.DashLine if look.dashed else Qt.PenStyle.SolidLine
    return QPen(ink, look.outline_width, style)


def tooltip(card: CalendarCard, clock: str) -> str:
    """What hovering a card tells: everything painted on it, in words."""
    lines = [f"{card.client_name}: {card.service_name}", f"{clock} with {card.staff_name}"]
    lines.append(f"Status: {st.LABELS.get(card.status, card.status)}")
    lines += [b.tip for b in badges_of(card)]
    return "\n".join(lines)
