"""The calendar's body: columns of a day (or a week) with their cards, painted with QPainter.

``DayCanvas.set_view(view)`` lays the view out once; painting reads only that layout and the
view's cards, never the database, so 20 practitioners and 300 appointments stay smooth
(``ui.calendar.bench.paint_day_view`` times it offscreen). GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QHelpEvent, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from medspa_desktop.services.calendar import CalendarCard, CalendarView
from medspa_desktop.ui.calendar.body_paint import paint_body, paint_cursor, paint_now
from medspa_desktop.ui.calendar.canvas_keys import handle_key
from medspa_desktop.ui.calendar.card_look import tooltip
from medspa_desktop.ui.calendar.card_paint import CardPainter, CardText
from medspa_desktop.ui.calendar.drag import Drag, Ghost
from medspa_desktop.ui.calendar.grid import DESKTOP, TABLET, CalendarGrid, Metrics, Placed
from medspa_desktop.ui.style import is_tablet


def metrics_now() -> Metrics:
    return TABLET if is_tablet() else DESKTOP


def clock(minute: int) -> str:
    """``09:30`` for a minute of the day (the next day's early hours wrap round)."""
    minute %= 24 * 60
    return f"{minute // 60:02d}:{minute % 60:02d}"


def card_texts(view: CalendarView, *, with_staff: bool) -> dict[str, CardText]:
    return {
        card.id: CardText(
            card,
            f"{clock(card.start_minute)}–{clock(card.end_minute)}",
            f"{card.service_name} · {card.staff_name}" if with_staff else card.service_name,
        )
        for card in view.cards
    }


class DayCanvas(QWidget):
    """Emits what the member of staff asked for; the section decides and calls services."""

    slot_activated = Signal(str, int)
    """Book here: a column key and a minute of the day."""
    card_selected = Signal(object)
    """A ``CalendarCard``, or None when nothing is selected."""
    card_activated = Signal(object)
    move_requested = Signal(object, str, int, int)
    """A card dropped: ``(card, column key, start minute, end minute)``."""
    menu_requested = Signal(object, QPoint)
    cancel_requested = Signal(object)
    reveal = Signal(QRect)
    laid_out = Signal()
    """The layout changed (a new view or width): headers and ruler follow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName("Calendar: arrow keys choose a time, Enter books or opens")
        self.view: CalendarView | None = None
        self.grid: CalendarGrid | None = None
        self.texts: dict[str, CardText] = {}
        self.selected_id: str | None = None
        self.slot_cursor: tuple[int, int] | None = None
        self.now_minute: int | None = None
        self.movable = True
        self.ghost: Ghost | None = None
        self._drag: Drag | None = None
        self._press_slot: tuple[int, int] | None = None
        self._available = 0
        self._painter = CardPainter(self.font())

    # ---- the view -------------------------------------------------------------------------

    def set_view(self, view: CalendarView, *, with_staff: bool = False) -> None:
        """Show ``view``; the selection and the cursor stay where they still make sense."""
        self.view = view
        self.texts = card_texts(view, with_staff=with_staff)
        self.ghost, self._drag = None, None
        self._relayout()
        assert self.grid is not None
        if self.selected_id is not None and self.selected_id not in self.grid.by_id:
            self.selected_id = None  # cancelled, or moved off this day
            self.card_selected.emit(None)
        if self.slot_cursor is not None and self.slot_cursor[0] >= len(view.columns):
            self.slot_cursor = None

    def set_available_width(self, width: int) -> None:
        if width != self._available:
            self._available = width
            self._relayout()

    def _relayout(self) -> None:
        if self.view is None:
            return
        self._painter = CardPainter(self.font())
        self.grid = CalendarGrid(self.view, metrics_now(), self._available)
        self.setFixedSize(max(self.grid.width, 1), max(self.grid.height, 1))
        self.update()
        self.laid_out.emit()

    def placed(self, card_id: str) -> Placed | None:
        return self.grid.by_id.get(card_id) if self.grid else None

    def card_rect(self, card_id: str) -> QRect:
        found = self.placed(card_id)
        if found is None or self.grid is None:
            return QRect()
        return QRectF(*self.grid.card_rect(found)).toAlignedRect()

    def select(self, card_id: str | None) -> None:
        if card_id != self.selected_id:
            self.selected_id = card_id
            found = self.placed(card_id) if card_id else None
            self.card_selected.emit(found.card if found else None)
            self.update()

    def settle_move(self) -> None:
        """The answer to a drop came: the card shows where the store says it is."""
        self.ghost = None
        self.update()

    # ---- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self.paint_into(painter, QRectF(event.rect()))
        finally:
            painter.end()

    def paint_into(self, p: QPainter, clip: QRectF) -> None:
        """Paint the part of the calendar inside ``clip``; reads only the laid-out view."""
        grid = self.grid
        if grid is None:
            p.fillRect(clip, Qt.GlobalColor.white)
            return
        # NOTE: no anti-aliasing: long grid lines and rounded shapes cost more with it than
        # all the cards' text (text stays smooth: that is a separate hint).
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        paint_body(p, grid, clip, self._painter.small)
        dragged = self.ghost.card_id if self.ghost else None
        for column in grid.placed.values():
            for placed in column:
                rect = QRectF(*grid.card_rect(placed))
                if not rect.intersects(clip):
                    continue
                p.setOpacity(0.35 if placed.card.id == dragged else 1.0)
                text = self.texts[placed.card.id]
                self._painter.paint(p, rect, text, selected=placed.card.id == self.selected_id)
        p.setOpacity(1.0)
        self._paint_ghost(p, grid)
        paint_now(p, grid, self.now_minute)
        if self.slot_cursor is not None and self.hasFocus():
            paint_cursor(p, grid, *self.slot_cursor)

    def _paint_ghost(self, p: QPainter, grid: CalendarGrid) -> None:
        ghost = self.ghost
        found = self.placed(ghost.card_id) if ghost else None
        if ghost is None or found is None:
            return
        moved = Placed(found.card, ghost.column, 0, 1)
        x, _, width, _ = grid.card_rect(moved)
        top, bottom = grid.y_of(ghost.start), grid.y_of(ghost.end)
        text = self.texts[ghost.card_id]
        when = f"{clock(ghost.start)}–{clock(ghost.end)}"
        shown = CardText(text.card, when, text.detail)
        chip = "Checking…" if ghost.pending else when
        self._painter.paint(p, QRectF(x, top + 1, width, bottom - top - 2), shown, chip=chip)

    def render_image(self) -> QImage:
        """The whole laid-out calendar as an image (offscreen; for the benchmark)."""
        size = self.size() if self.grid is not None else QSize(1, 1)
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        try:
            self.paint_into(painter, QRectF(0, 0, size.width(), size.height()))
        finally:
            painter.end()
        return image

    # ---- pointer ----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        grid, pos = self.grid, event.position()
        if grid is None or (self.ghost is not None and self.ghost.pending):
            return
        placed = grid.card_at(pos.x(), pos.y())
        self._press_slot = None
        if placed is not None:
            if event.button() == Qt.MouseButton.LeftButton and self._may_drag(placed.card):
                # NOTE: chosen on release, not now: choosing opens the details beside the
                # calendar, which narrows the columns under a drag that has just begun.
                self._drag = Drag.begin(grid, placed, pos.x(), pos.y())
                return
            self.select(placed.card.id)
            if event.button() == Qt.MouseButton.RightButton:
                self.menu_requested.emit(placed.card, event.globalPosition().toPoint())
            return
        column = grid.column_at(pos.x())
        if column is not None and event.button() == Qt.MouseButton.LeftButton:
            self._press_slot = (column, grid.slot_at(pos.y()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        grid, pos = self.grid, event.position()
        if grid is None:
            return
        if self._drag is not None:
            ghost = self._drag.follow(grid, pos.x(), pos.y(), QApplication.startDragDistance())
            if ghost is not None:
                self.ghost = ghost
                self.update()
            return
        self._hover_cursor(grid, pos.x(), pos.y())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is not None:
            if drag.started:
                self._drop(drag)
            self.select(drag.placed.card.id)
            return
        slot, self._press_slot = self._press_slot, None
        grid = self.grid
        if slot is None or grid is None:
            return
        self.select(None)
        self.slot_cursor = slot
        self.slot_activated.emit(grid.keys[slot[0]], slot[1])

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        placed = self.grid.card_at(pos.x(), pos.y()) if self.grid else None
        if placed is not None:
            self.card_activated.emit(placed.card)

    def _drop(self, drag: Drag) -> None:
        ghost, grid = drag.ghost, self.grid
        if ghost is None or grid is None or not drag.changed():
            self.settle_move()
            return
        ghost.pending = True
        self.update()
        key = grid.keys[ghost.column]
        self.move_requested.emit(drag.placed.card, key, ghost.start, ghost.end)

    def _may_drag(self, card: CalendarCard) -> bool:
        return self.movable and card.status not in ("no_show", "cancelled")

    def _hover_cursor(self, grid: CalendarGrid, x: float, y: float) -> None:
        placed = grid.card_at(x, y)
        if placed is None or not self._may_drag(placed.card):
            self.unsetCursor()
            return
        _, top, _, height = grid.card_rect(placed)
        on_edge = y >= top + height - grid.metrics.grip
        shape = Qt.CursorShape.SizeVerCursor if on_edge else Qt.CursorShape.OpenHandCursor
        self.setCursor(shape)

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and self.grid is not None:
            placed = self.grid.card_at(event.pos().x(), event.pos().y())
            if placed is None:
                QToolTip.hideText()
            else:
                text = self.texts[placed.card.id]
                QToolTip.showText(event.globalPos(), tooltip(placed.card, text.clock), self)
            return True
        return super().event(event)

    # ---- keyboard ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not handle_key(self, event):
            super().keyPressEvent(event)
