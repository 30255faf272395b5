"""The waitlist: clients waiting for a time to free up, oldest first, with "Add to
waitlist…" and "Remove…" for the roles that may change it. Opened from the calendar's
toolbar (or Ctrl+W). GUI thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QVBoxLayout, QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.service_menu import ServiceInfo, get_service_menu
from medspa_desktop.services.waitlist import WaitlistInfo, list_waitlist, set_waitlist_status
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.calendar.loader import bookable_staff, week_practitioners
from medspa_desktop.ui.calendar.waitlist_form import AddToWaitlistDialog
from medspa_desktop.ui.calendar.waitlist_words import HEADINGS, NOTES_COLUMN, day_text, entry_cells
from medspa_desktop.ui.dialogs import DIALOG_MARGIN_PX, FittedDialog
from medspa_desktop.ui.ops import OpChanges, show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.settings.common import RecordTable
from medspa_desktop.ui.widgets import button, confirmation_box, label, when_confirmed

HINT = (
    "Clients waiting for a time to free up, oldest first. When an appointment is cancelled "
    "or marked as a no-show, the calendar offers its time to the clients here it suits."
)
NOBODY = "Nobody is waiting. Add a client who would take an earlier time if one frees up."


@dataclass(frozen=True)
class WaitlistFacts:
    entries: tuple[WaitlistInfo, ...]
    services: tuple[ServiceInfo, ...]
    practitioners: tuple[tuple[str, str], ...]
    """Who works in the coming week ``(staff id, name)``: the practitioners to choose from."""
    today: dt.date


def waitlist_facts(
    location_id: str, today: dt.date, uow: UnitOfWork, actor: Actor
) -> WaitlistFacts:
    """The open entries, the menu and the practitioners of the coming week. Database worker."""
    services = tuple(get_service_menu(uow=uow, actor=actor).services)
    bookable = bookable_staff(services)
    people = week_practitioners(today, location_id, bookable, uow, actor)
    entries = tuple(list_waitlist(location_id, uow=uow, actor=actor))
    return WaitlistFacts(entries, services, tuple(people), today)


class WaitlistDialog(FittedDialog):
    """The list and its buttons; ``changed()`` after an entry is added or removed."""

    changed = Signal()

    def __init__(
        self, parent: QWidget | None, session: AppSession, today: dt.date, time_zone: str
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Waitlist")
        room = parent.window().size() if parent is not None else QSize(1100, 720)
        self.setMinimumSize(min(1120, room.width() - 2 * DIALOG_MARGIN_PX), 460)
        self._session = session
        self._today, self._zone = today, time_zone
        self.facts: WaitlistFacts | None = None
        self.form: AddToWaitlistDialog | None = None
        self.table = RecordTable(HEADINGS, stretch=NOTES_COLUMN)
        self.table.setAccessibleName("Clients on the waitlist")
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Long service names and notes share what is left; the full text is in the tooltip.
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.nobody = label(NOBODY, "hint", wrap=True)
        self._lay_out()
        self.reload()

    def _lay_out(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 18, 24, 18)
        column.setSpacing(10)
        column.addWidget(label("Waitlist", "title"))
        column.addWidget(label(HINT, "hint", wrap=True))
        column.addWidget(self.table, 1)
        column.addWidget(self.nobody)
        may_change = self._session.may(Action.WAITLIST_MANAGE)
        self.add_button = button("Add to waitlist…", "primary")
        self.add_button.clicked.connect(self.add)
        self.remove_button = button("Remove…")
        self.remove_button.setToolTip("Take the chosen client off the waitlist")
        self.remove_button.clicked.connect(self.ask_remove)
        close = button("Close")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.setSpacing(8)
        for widget in (self.remove_button, self.add_button):
            row.addWidget(widget)
            widget.setVisible(may_change)
        row.addStretch(1)
        row.addWidget(close)
        column.addLayout(row)

    def reload(self) -> None:
        """Fetch the entries again (database worker)."""
        location_id, today = self._session.actor.location_id or "", self._today
        self._session.query(
            self, lambda uow, actor: waitlist_facts(location_id, today, uow, actor)
        ).success(self.show_facts).run()

    def show_facts(self, facts: WaitlistFacts) -> None:
        self.facts = facts
        names = dict(facts.practitioners)
        self.table.show_rows([(e.id, entry_cells(e, names)) for e in facts.entries])
        for row, entry in enumerate(facts.entries):
            joined = f"On the waitlist since {day_text(entry.created_at.date())}"
            self.table.item(row, 0).setToolTip(joined)
            self.table.item(row, 1).setToolTip(entry.service_name)
            self.table.item(row, NOTES_COLUMN).setToolTip(entry.notes)
        self.table.setVisible(bool(facts.entries))
        self.nobody.setVisible(not facts.entries)
        self.remove_button.setEnabled(bool(facts.entries))

    def chosen(self) -> WaitlistInfo | None:
        entries = self.facts.entries if self.facts else ()
        wanted = self.table.selected_id()
        return next((e for e in entries if e.id == wanted), None)

    def add(self) -> AddToWaitlistDialog | None:
        if self.facts is None:
            return None
        self.form = AddToWaitlistDialog(self, self._session, self.facts, self._zone)
        self.form.added.connect(self._changed)
        self.form.open()
        return self.form

    def ask_remove(self) -> None:
        entry = self.chosen()
        if entry is None:
            return
        box = confirmation_box(
            self,
            "Remove from the waitlist?",
            f"Take {entry.client_name} off the waitlist for {entry.service_name}? "
            "They are not told: call them if they expect to hear from the clinic.",
            "Remove",
            danger=True,
        )
        when_confirmed(box, lambda: self.remove(entry))
        box.open()

    def remove(self, entry: WaitlistInfo) -> None:
        self._session.mutate(
            self,
            lambda uow, actor: set_waitlist_status(entry.id, "cancelled", uow=uow, actor=actor),
            OpChanges(),
        ).success(lambda _info: self._changed()).failure(
            lambda err: show_failure(self, err, "Not removed")
        ).run()

    def _changed(self) -> None:
        self.changed.emit()
        self.reload()
