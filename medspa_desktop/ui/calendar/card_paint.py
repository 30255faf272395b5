"""Painting one appointment card: fill, status outline and chip, text, and flag badges.

Reads only the card and its rectangle; fonts and metrics are made once per canvas.
GUI thread (or any thread painting a QImage, as the benchmark does).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen

from medspa_desktop.services.calendar import CalendarCard
from medspa_desktop.ui.calendar.card_look import (
    INK,
    MUTED,
    Badge,
    StatusLook,
    badges_of,
    card_fill,
    colour,
    look_of,
    outline_pen,
    stripe,
)

PAD = 4
STRIPE = 4
ELIDE = Qt.TextElideMode.ElideRight
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.AlignmentFlag.AlignCenter
NO_SHOW_HATCH = QBrush(QColor("#98a2b3"), Qt.BrushStyle.BDiagPattern)
SELECTED = QPen(QColor("#10212b"), 2.5)


@dataclass(frozen=True)
class CardText:
    """What a card says, prepared by the caller (times formatted once per view)."""

    card: CalendarCard
    clock: str
    """``09:30–10:00``."""
    detail: str
    """The service, and in the rooms view who treats."""


class CardPainter:
    """Paints cards with fonts sized from ``base`` (the widget's font)."""

    def __init__(self, base: QFont) -> None:
        size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
        self.small = QFont(base)
        self.small.setPointSizeF(size * 0.86)
        self.name = QFont(base)
        self.name.setPointSizeF(size * 0.92)
        self.name.setBold(True)
        self.struck = QFont(self.name)
        self.struck.setStrikeOut(True)
        self.badge = QFont(self.small)
        self.badge.setBold(True)
        self.badge.setPointSizeF(size * 0.78)
        self.small_fm = QFontMetrics(self.small)
        self.name_fm = QFontMetrics(self.name)
        self.badge_fm = QFontMetrics(self.badge)
        self.line = max(self.name_fm.height(), self.small_fm.height()) + 1
        self._widths: dict[str, int] = {}

    def paint(
        self,
        p: QPainter,
        rect: QRectF,
        text: CardText,
        *,
        selected: bool = False,
        chip: str | None = None,
    ) -> None:
        """Paint ``text.card`` in ``rect``; ``chip`` replaces the status chip (a card being
        moved says "Checking…")."""
        card = text.card
        look = look_of(card.status)
        self._body(p, rect, card, look, selected)
        inner = rect.adjusted(STRIPE + PAD, 1, -PAD, -1)
        lines = int(inner.height() // self.line)
        chips = (look.chip, look.short) if chip is None else (chip, chip)
        if lines >= 3:
            self._tall(p, inner, text, look, chips, lines)
        elif lines == 2:
            self._two_lines(p, inner, text, look, chips)
        else:
            self._one_line(p, inner, text, look, chips)

    def _body(
        self, p: QPainter, rect: QRectF, card: CalendarCard, look: StatusLook, selected: bool
    ) -> None:
        # NOTE: square corners and no anti-aliasing: rounded anti-aliased shapes cost more
        # than all the text of a busy day together.
        p.fillRect(rect, card_fill(card.colour, card.status))
        if look.struck:
            p.fillRect(rect, NO_SHOW_HATCH)
        p.fillRect(QRectF(rect.left(), rect.top(), STRIPE, rect.height()), stripe(card.colour))
        p.setPen(outline_pen(card.colour, look))
        p.setBrush(Qt.BrushStyle.NoBrush)
        half = look.outline_width / 2
        p.drawRect(rect.adjusted(half, half, -half - 1, -half - 1))
        if selected:
            p.setPen(SELECTED)
            p.drawRect(rect.adjusted(-2, -2, 1, 1))

    def _tall(
        self,
        p: QPainter,
        r: QRectF,
        text: CardText,
        look: StatusLook,
        chip: tuple[str, str],
        lines: int,
    ) -> None:
        top = r.top()
        room = self._room(r, self.small_fm.horizontalAdvance(text.clock))
        chip_width = self._chip(p, r.right(), top, chip, look, room)
        self._text(p, r.left(), top, r.width() - chip_width, text.clock, MUTED)
        top += self.line
        self._name(p, r.left(), top, r.width(), text.card.client_name, look)
        top += self.line
        if lines >= 4:
            self._text(p, r.left(), top, r.width(), text.detail, INK)
            top += self.line
            self._badges(p, r.left(), top, r.width(), badges_of(text.card))
            return
        used = self._badges(
            p, r.left(), top, r.width() * 0.5, badges_of(text.card), right=r.right()
        )
        self._text(p, r.left(), top, r.width() - used - PAD, text.detail, INK)

    def _two_lines(
        self, p: QPainter, r: QRectF, text: CardText, look: StatusLook, chip: tuple[str, str]
    ) -> None:
        chip_width = self._chip(
            p,
            r.right(),
            r.top(),
            chip,
            look,
            self._room(r, self.name_fm.horizontalAdvance(text.card.client_name)),
        )
        self._name(p, r.left(), r.top(), r.width() - chip_width, text.card.client_name, look)
        top = r.top() + self.line
        badges = badges_of(text.card)
        used = self._badges(p, r.left(), top, r.width() * 0.55, badges, right=r.right())
        self._text(p, r.left(), top, r.width() - used - PAD, text.detail, INK)

    def _one_line(
        self, p: QPainter, r: QRectF, text: CardText, look: StatusLook, chip: tuple[str, str]
    ) -> None:
        top = r.top() + max((r.height() - self.line) / 2, 0)
        used = self._badges(
            p, r.left(), top, r.width() * 0.45, badges_of(text.card), right=r.right()
        )
        room = min(
            self._room(r, self.name_fm.horizontalAdvance(text.card.client_name)),
            r.width() - used - 30,
        )
        chip_width = self._chip(p, r.right() - used, top, chip, look, room)
        width = r.width() - used - chip_width
        name = self.name_fm.elidedText(text.card.client_name, ELIDE, int(width))
        self._name(p, r.left(), top, width, name, look)
        rest = width - self.name_fm.horizontalAdvance(name) - PAD
        if rest > 30:
            left = r.left() + width - rest
            self._text(p, left, top, rest, f"· {text.detail}", INK)

    @staticmethod
    def _room(r: QRectF, beside: float) -> float:
        """Room for the status chip beside text ``beside`` pixels wide: what the whole text
        leaves, but at least a fifth of the card, where the short chip fits."""
        return max(r.width() - beside - PAD, r.width() * 0.22)

    def _name(
        self, p: QPainter, x: float, y: float, width: float, name: str, look: StatusLook
    ) -> None:
        font, metrics = (self.struck if look.struck else self.name), self.name_fm
        p.setFont(font)
        p.setPen(colour(MUTED if look.faded else INK))
        shown = metrics.elidedText(name, ELIDE, int(max(width, 0)))
        p.drawText(QRectF(x, y, max(width, 0), self.line), LEFT, shown)

    def _text(self, p: QPainter, x: float, y: float, width: float, text: str, ink: str) -> None:
        if width < 12:
            return
        p.setFont(self.small)
        p.setPen(colour(ink))
        shown = self.small_fm.elidedText(text, ELIDE, int(width))
        p.drawText(QRectF(x, y, width, self.line), LEFT, shown)

    def _chip(
        self,
        p: QPainter,
        right: float,
        y: float,
        texts: tuple[str, str],
        look: StatusLook,
        room: float,
    ) -> float:
        """A status chip ending at ``right``, in words or (narrow) short; returns the width
        it took (0 when none)."""
        text = next((t for t in texts if self._badge_width(t) + 10 <= room), "")
        if not text:
            return 0.0
        width = self._badge_width(text) + 10
        box = QRectF(right - width, y + 1, width, self.line - 2)
        self._pill(p, box, text, look.chip_ink, look.chip_fill)
        return width + PAD

    def _badges(
        self,
        p: QPainter,
        x: float,
        y: float,
        room: float,
        badges: list[Badge],
        *,
        right: float | None = None,
    ) -> float:
        """Badges in words when they fit in ``room``, else in short; right-aligned at
        ``right`` when given. Returns the width used."""
        if not badges:
            return 0.0
        texts = [b.text for b in badges]
        if self._row_width(texts) > room:
            texts = [b.short for b in badges]
        while texts and self._row_width(texts) > room:
            texts.pop()
        width = self._row_width(texts)
        left = x if right is None else right - width
        for badge, text in zip(badges, texts, strict=False):
            pill = self._badge_width(text) + 8
            self._pill(p, QRectF(left, y + 1, pill, self.line - 2), text, badge.ink, badge.fill)
            left += pill + 3
        return width

    def _row_width(self, texts: list[str]) -> float:
        return sum(self._badge_width(t) + 11 for t in texts) - (3 if texts else 0)

    def _pill(self, p: QPainter, box: QRectF, text: str, ink: str, fill: str) -> None:
        p.fillRect(box, colour(fill))
        p.setFont(self.badge)
        p.setPen(colour(ink))
        p.drawText(box, CENTRE, text)

    def _badge_width(self, text: str) -> int:
        """Badge and chip texts are a handful: measured once each."""
        width = self._widths.get(text)
        if width is None:
            width = self._widths[text] = self.badge_fm.horizontalAdvance(text)
        return width
