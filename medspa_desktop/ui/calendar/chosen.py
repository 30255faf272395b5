"""The chosen appointment: its details beside the calendar, its status menu (right-click,
the Menu key or the details' button), and the Sync panel for a double booking found by
sync. GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QPushButton, QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.services.calendar import CalendarCard, CalendarView
from medspa_desktop.ui.calendar.day_view import DayCanvas
from medspa_desktop.ui.calendar.details import AppointmentDetails
from medspa_desktop.ui.calendar.status_menu import StatusActions, may_check_out
from medspa_desktop.ui.session import AppSession


def open_sync_panel(widget: QWidget) -> QWidget | None:
    """The Sync panel over ``widget``'s window, where a double booking is resolved.

    NOTE: reached by walking up to the main window, not by importing it: the window
    imports the calendar, and owns the panel and the sync worker the panel needs.
    """
    opener = getattr(widget.window(), "open_sync_panel", None)
    return opener() if callable(opener) else None


class ChosenAppointment(QObject):
    """Keeps ``details`` showing the card chosen on ``canvas``; ``view()`` is the calendar's."""

    def __init__(
        self,
        session: AppSession,
        canvas: DayCanvas,
        details: AppointmentDetails,
        status_actions: StatusActions,
        view: Callable[[], CalendarView | None],
    ) -> None:
        super().__init__(details)
        self._session = session
        self._canvas = canvas
        self._details = details
        self._actions = status_actions
        self._view = view
        canvas.card_selected.connect(self.show)
        canvas.card_activated.connect(self._activated)
        canvas.menu_requested.connect(self._menu)
        details.closed.connect(lambda: canvas.select(None))
        details.status_clicked.connect(self._menu_under)
        details.resolve_conflict.connect(lambda: open_sync_panel(details))
        details.check_out.connect(self._check_out)
        details.chart_entry.session = session
        status_actions.resolve_conflict.connect(lambda: open_sync_panel(details))

    def show(self, card: CalendarCard | None) -> None:
        """Show ``card`` in the details panel (None hides it)."""
        view = self._view()
        self._details.setVisible(card is not None and view is not None)
        if card is not None and view is not None:
            may_book = self._session.may(Action.APPOINTMENT_BOOK)
            checks_out = may_check_out(card.status, self._session.actor.role)
            self._details.show_card(
                card, view.time_zone, may_book=may_book, may_check_out=checks_out
            )

    def _check_out(self) -> None:
        if self._details.card is not None:
            self._actions.check_out(self._details.card)

    def _activated(self, card: CalendarCard) -> None:
        self._canvas.select(card.id)
        self._details.status_button.setFocus()

    def _menu(self, card: CalendarCard, where: QPoint) -> None:
        self._actions.menu(card).popup(where)

    def _menu_under(self, anchor: QPushButton) -> None:
        if self._details.card is not None:
            self._actions.menu(self._details.card).popup(
                anchor.mapToGlobal(anchor.rect().bottomLeft())
            )
