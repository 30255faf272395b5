"""Sections whose work arrives in later issues: a calm note of what each will hold."""

from __future__ import annotations

from medspa_desktop.ui.widgets import EmptyState

_PLANNED = {
    "reports": (
        "Reports arrive in a later update",
        "The daily close, sales, treatments and stock reports will be printed and exported "
        "from here.",
    ),
}


def coming_section(key: str) -> EmptyState:
    """The placeholder for section ``key`` (``reports``)."""
    title, body = _PLANNED[key]
    return EmptyState(title, body, icon_name=f"{key}-large")
