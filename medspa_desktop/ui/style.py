"""The look: style sheets, fonts, icons, and the tablet-size adjustments."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableView, QWidget

TOUCH_TARGET_PX = 44
"""Smallest control height in tablet mode (WCAG 2.5.5, Apple and Android guidance)."""

_FONT_FAMILIES = ["Segoe UI", "Inter", "Noto Sans", "Cantarell", "DejaVu Sans", "Liberation Sans"]


def resources_dir() -> Path:
    """``resources/`` beside the package in a checkout, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg``. GUI thread."""
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))


def apply_style(app: QApplication, *, tablet: bool) -> None:
    """Set the application font and style sheet; tablet mode makes everything touchable."""
    app.setStyle("Fusion")  # the same metrics on every OS, so the layouts look as tested
    font = QFont()
    font.setFamilies(_FONT_FAMILIES)
    font.setPointSizeF(12 if tablet else 10)
    app.setFont(font)
    sheets = ["app.qss", "tablet.qss"] if tablet else ["app.qss"]
    style_dir = resources_dir() / "style"
    sheet = "\n".join((style_dir / name).read_text() for name in sheets)
    icons = (resources_dir() / "icons").as_posix()
    app.setStyleSheet(sheet.replace("{icons}", icons))
    app.setProperty("tablet", tablet)
    app.setWindowIcon(icon("app"))


def is_tablet() -> bool:
    app = QApplication.instance()
    return bool(app is not None and app.property("tablet"))


def row_height() -> int:
    """Table row height: a touch target on a tablet, compact but readable on a desktop."""
    return 48 if is_tablet() else 30


def fit_rows(view: QAbstractItemView) -> None:
    """Give a table view the row height for the current mode and left-aligned headings."""
    rows = getattr(view, "verticalHeader", None)
    if rows is not None:
        rows().setDefaultSectionSize(row_height())
        rows().setMinimumSectionSize(row_height())
    columns = getattr(view, "horizontalHeader", None)
    if columns is not None:
        columns().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def list_table(view: QAbstractItemView, stretch: int, *, alternate: bool = True) -> None:
    """Set up a read-only list the desk picks rows from: whole rows, one at a time, no grid
    or wrapping, Tab leaving the table, touch-size rows, column ``stretch`` taking the room."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(alternate)
    view.setTabKeyNavigation(False)
    if isinstance(view, QTableView):
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.verticalHeader().setVisible(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    fit_rows(view)


def set_role(widget: QWidget, role: str) -> QWidget:
    """Tag a widget with a style role (``primary``, ``danger``, ``title``, ``hint`` ...)."""
    widget.setProperty("role", role)
    return widget


def restyle(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
