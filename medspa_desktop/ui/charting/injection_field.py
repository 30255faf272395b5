"""The injection map field: Front / Left / Right, the face diagram, the chosen point's
area, product and amount, and the totals per area and product, worked out here as points
change with the domain's own ``injection_totals``. GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.domain.chart_injections import InjectionTotals, injection_totals
from medspa_desktop.domain.chart_template import VIEWS, FieldSpec, SectionSpec, TemplateSchema
from medspa_desktop.services.chart_lots import LotChoice
from medspa_desktop.services.chart_read import UNKNOWN_PRODUCT
from medspa_desktop.ui.charting.areas import guess_area
from medspa_desktop.ui.charting.face_map import FaceMap
from medspa_desktop.ui.charting.fields import ChartField
from medspa_desktop.ui.charting.units import UnitsEntry
from medspa_desktop.ui.checkout.segments import Segments
from medspa_desktop.ui.style import fit_rows
from medspa_desktop.ui.widgets import ResponsiveBox, button, label

EDITOR_BESIDE_PX = 760
"""Narrower than this, the point's editor and the totals go under the face."""


class InjectionMapField(ChartField):
    """``points`` is the field's value; ``default_lot()`` names the lot a new point uses."""

    def __init__(self, spec: FieldSpec, lots: Sequence[LotChoice]) -> None:
        super().__init__(spec)
        self.lots = list(lots)
        self._products = {lot.lot_id: lot.product_name for lot in lots}
        self.points: list[dict[str, Any]] = []
        self.chosen: int | None = None
        self.default_lot: Callable[[], str | None] = lambda: None
        self.read_only = False
        # The point's editor and the totals beside the face on a landscape screen; under it
        # on a tablet held upright, where the face keeps its size.
        self.parts = ResponsiveBox(EDITOR_BESIDE_PX, spacing=16)
        self.parts.add(self._drawing(), 5, stacked_stretch=0)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._editor())
        column.addLayout(self._totals(), 1)
        self.parts.add(side, 4, stacked_stretch=0)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.parts)
        self._refresh()

    def _drawing(self) -> QWidget:
        drawing = QWidget()
        column = QVBoxLayout(drawing)
        column.setContentsMargins(0, 0, 0, 0)
        self.views = Segments([v.title() for v in VIEWS], "Face view")
        self.views.check(0)
        self.views.group.idClicked.connect(lambda _id: self._refresh())
        self.face = FaceMap()
        self.face.tapped.connect(self.add_point)
        self.face.point_tapped.connect(self.choose)
        column.addWidget(self.views)
        column.addWidget(self.face, 1)
        return drawing

    def _editor(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("PointEditor")
        column = QVBoxLayout(frame)
        column.setContentsMargins(14, 10, 14, 12)
        self.point_title = label("Tap the face to place a point", "field")
        self.area = _narrowing_box()
        self.area.addItems(list(self.spec.areas))
        self.area.setAccessibleName("Area of the point")
        self.area.activated.connect(lambda _i: self._edit("area", self.area.currentText()))
        self.lot = _narrowing_box()
        self.lot.setAccessibleName("Product and lot of the point")
        for lot in self.lots:
            self.lot.addItem(f"{lot.product_name} · Lot {lot.lot_number}", lot.lot_id)
        self.lot.activated.connect(lambda _i: self._edit("lot_id", self.lot.currentData()))
        self.units = UnitsEntry(self.spec.unit)
        self.units.changed.connect(lambda amount: self._edit("units", amount))
        self.delete = button("Delete point", "danger")
        self.delete.clicked.connect(self.delete_chosen)
        column.addWidget(self.point_title)
        named = (("Area", self.area), ("Product", self.lot), ("Amount", self.units))
        column.addLayout(_named_rows(*named))
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.delete)
        column.addLayout(bottom)
        return frame

    def _totals(self) -> QVBoxLayout:
        column = QVBoxLayout()
        self.total = label("", "total")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Area", "Product", f"Amount ({self.spec.unit})"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        fit_rows(self.table)
        self.table.setMinimumHeight(150)
        column.addWidget(self.total)
        column.addWidget(self.table, 1)
        return column

    # ---- the points ------------------------------------------------------------------------

    def view(self) -> str:
        return VIEWS[max(self.views.checked(), 0)]

    def add_point(self, x: float, y: float) -> None:
        """A tap on the face: a point with a guessed area, the lot and amount used last."""
        last = self.points[-1] if self.points else None
        lot = (last or {}).get("lot_id") or self.default_lot() or self._first_lot()
        units = last["units"] if last else self.units.first_amount()
        area = guess_area(self.view(), x, y, self.spec.areas)
        point = {"view": self.view(), "x": x, "y": y, "area": area, "lot_id": lot, "units": units}
        self.points.append(point)
        self.chosen = len(self.points) - 1
        self._refresh()
        self.changed.emit()

    def choose(self, index: int | None) -> None:
        self.chosen = index
        self._refresh()

    def set_units(self, amount: float) -> None:
        """The chosen point's amount (as typing it would)."""
        self.units.set_amount(amount)
        self._edit("units", amount)

    def delete_chosen(self) -> None:
        if self.chosen is None or self.read_only:
            return
        del self.points[self.chosen]
        self.chosen = None
        self._refresh()
        self.changed.emit()

    def _edit(self, key: str, value: Any) -> None:
        if self.chosen is None or self.read_only or value in (None, ""):
            return
        self.points[self.chosen][key] = value
        self._refresh()
        self.changed.emit()

    def _first_lot(self) -> str:
        return self.lots[0].lot_id if self.lots else ""

    # ---- showing them ----------------------------------------------------------------------

    def _refresh(self) -> None:
        self.face.show_points(self.view(), self.points, self.chosen)
        point = self.points[self.chosen] if self.chosen is not None else None
        for widget in (self.area, self.lot, self.units, self.delete):
            widget.setEnabled(point is not None and not self.read_only)
        if point is None:
            self.point_title.setText(
                "Tap a point to see it" if self.read_only else "Tap the face to place a point"
            )
        else:
            self.point_title.setText(f"Point {self.chosen + 1} ({point['view']})")  # type: ignore[operator]
            self.area.setCurrentText(point["area"])
            self.lot.setCurrentIndex(self.lot.findData(point["lot_id"]))
            self.units.set_amount(point["units"])
        self._show_totals(self.totals())

    def totals(self) -> InjectionTotals:
        """Totals of the points as they are now (the same sums the service makes)."""
        schema = TemplateSchema((SectionSpec("map", "Map", (self.spec,)),))
        product_of = lambda lot_id: self._products.get(lot_id, UNKNOWN_PRODUCT)  # noqa: E731
        return injection_totals(schema, {self.spec.key: self.points}, product_of)[self.spec.key]

    def _show_totals(self, totals: InjectionTotals) -> None:
        count = len(self.points)
        self.total.setText(
            f"Total {totals.total:g} {totals.unit} in {count} point{'s' if count != 1 else ''}"
        )
        rows = totals.by_area_and_product
        self.table.setRowCount(len(rows))
        for row, (area, product, amount) in enumerate(rows):
            for column, text in enumerate((area, product, f"{amount:g}")):
                self.table.setItem(row, column, QTableWidgetItem(text))

    # ---- the field -------------------------------------------------------------------------

    def value(self) -> list[dict[str, Any]]:
        return [dict(point) for point in self.points]

    def set_value(self, value: Any) -> None:
        self.points = [dict(point) for point in value or ()]
        self.chosen = None
        self._refresh()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.face.read_only = read_only
        self._refresh()


def _named_rows(*rows: tuple[str, QWidget]) -> QGridLayout:
    """Each widget with its name before it, the widgets taking the width left."""
    grid = QGridLayout()
    grid.setColumnStretch(1, 1)
    for row, (name, widget) in enumerate(rows):
        grid.addWidget(label(name, "hint"), row, 0)
        grid.addWidget(widget, row, 1)
    return grid


def _narrowing_box() -> QComboBox:
    """A drop-down as narrow as the room it gets: a long product and lot name is cut in the
    box and shown whole in its list."""
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(12)
    return box
