"""The waitlist: clients waiting for a time to free up, oldest first; a client offered a
freed time shows which one, with whom and how long ago, under their name. "Add to
waitlist…", "Remove…", and for an offered client "Offer declined" and "Book…", for the roles
that may change it. Opened from the calendar's toolbar (or Ctrl+W); it follows every change
announced through the ``OpHub``, a sync's included. GUI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QHideEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QVBoxLayout, QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.service_menu import ServiceInfo, get_service_menu
from medspa_desktop.services.waitlist import WaitlistInfo, list_waitlist
from medspa_desktop.services.waitlist_status import decline_offer, set_waitlist_status
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.calendar.loader import bookable_staff, week_practitioners
from medspa_desktop.ui.calendar.waitlist_form import AddToWaitlistDialog
from medspa_desktop.ui.calendar.waitlist_words import (
    HEADINGS,
    NOTES_COLUMN,
    SERVICE_COLUMN,
    day_text,
    entry_cells,
)
from medspa_desktop.ui.dialogs import DIALOG_MARGIN_PX, FittedDialog
from medspa_desktop.ui.ops import Changed, OpChanges, show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.settings.common import RecordTable
from medspa_desktop.ui.widgets import button, confirmation_box, label, when_confirmed

HINT = (
    "Clients waiting for a time to free up, oldest first. When an appointment is cancelled "
    "or marked as a no-show, the calendar offers its time to the clients here it suits."
)
NOBODY = "Nobody is waiting. Add a client who would take an earlier time if one frees up."
WAITLIST = OpChanges.of(Changed.WAITLIST)
WATCHED = (Changed.WAITLIST, Changed.APPOINTMENTS, Changed.CLIENTS, Changed.SERVICE_MENU,
           Changed.STAFF)  # fmt: skip
OFFERED_INK = QColor("#8a4b00")
"""The warning ink of the theme: an offer waits for the client's answer."""
MINUTE_MS = 60_000


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
    """The list and its buttons; ``book(WaitlistInfo)`` asks to book an offered client into
    the time offered (the calendar's booking dialog does it)."""

    book = Signal(object)

    def __init__(
        self, parent: QWidget | None, session: AppSession, today: dt.date, time_zone: str
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Waitlist")
        room = parent.window().size() if parent is not None else QSize(1100, 720)
        self.setMinimumSize(min(1240, room.width() - 2 * DIALOG_MARGIN_PX), 460)
        self._session = session
        self._today, self._zone = today, time_zone
        self.facts: WaitlistFacts | None = None
        self.form: AddToWaitlistDialog | None = None
        self.table = RecordTable(HEADINGS, stretch=NOTES_COLUMN)
        self.table.setAccessibleName("Clients on the waitlist")
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(False)  # long cells are cut short; an offer adds two lines
        # Long service names and notes share what is left; the full text is in the tooltip.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SERVICE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.nobody = label(NOBODY, "hint", wrap=True)
        self._ticker = QTimer(self)
        self._ticker.setInterval(MINUTE_MS)
        self._ticker.timeout.connect(self._render)  # "12 min ago" keeps up
        self._lay_out()
        self.table.itemSelectionChanged.connect(self._enable)
        session.hub.changed.connect(self._on_changes)
        self.reload()

    def _lay_out(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 18, 24, 18)
        column.setSpacing(10)
        column.addWidget(label("Waitlist", "title"))
        column.addWidget(label(HINT, "hint", wrap=True))
        column.addWidget(self.table, 1)
        column.addWidget(self.nobody)
        self.add_button = self._button("Add to waitlist…", self.add, "primary")
        self.remove_button = self._button("Remove…", self.ask_remove)
        self.remove_button.setToolTip("Take the chosen client off the waitlist")
        self.declined_button = self._button("Offer declined", self.decline)
        self.declined_button.setToolTip("The client said no to the time offered: back to waiting")
        self.book_button = self._button("Book…", self._book)
        self.book_button.setToolTip("Book the client into the time they were offered")
        close = button("Close")
        close.clicked.connect(self.accept)
        may_change = self._session.may(Action.WAITLIST_MANAGE)
        row = QHBoxLayout()
        row.setSpacing(8)
        for widget in (self.remove_button, self.declined_button, self.book_button,
                       self.add_button):  # fmt: skip
            row.addWidget(widget)
            widget.setVisible(may_change)
        self.book_button.setVisible(may_change and self._session.may(Action.APPOINTMENT_BOOK))
        row.addStretch(1)
        row.addWidget(close)
        column.addLayout(row)

    @staticmethod
    def _button(text: str, slot: Callable[[], object], role: str | None = None) -> QPushButton:
        widget = button(text, role)
        widget.clicked.connect(slot)
        return widget

    def reload(self) -> None:
        """Fetch the entries again (database worker)."""
        location_id, today = self._session.actor.location_id or "", self._today
        self._session.query(
            self, lambda uow, actor: waitlist_facts(location_id, today, uow, actor)
        ).success(self.show_facts).run()

    def show_facts(self, facts: WaitlistFacts) -> None:
        self.facts = facts
        self._render()
        self.table.setVisible(bool(facts.entries))
        self.nobody.setVisible(not facts.entries)
        self._enable()

    def _render(self) -> None:
        """The rows from the facts last fetched (no database): also each minute, as the
        "12 min ago" of an offer grows."""
        if self.facts is None:
            return
        names, now = dict(self.facts.practitioners), dt.datetime.now(dt.UTC)
        entries = self.facts.entries
        self.table.show_rows([(e.id, entry_cells(e, names, self._zone, now)) for e in entries])
        for row, entry in enumerate(entries):
            joined = f"On the waitlist since {day_text(entry.created_at.date())}"
            self.table.item(row, 0).setToolTip(joined)
            self.table.item(row, SERVICE_COLUMN).setToolTip(entry.service_name)
            self.table.item(row, NOTES_COLUMN).setToolTip(entry.notes)
            if entry.offered is not None:
                client = self.table.item(row, 0)
                client.setForeground(QBrush(OFFERED_INK))
                font = QFont(self.table.font())
                font.setBold(True)
                client.setFont(font)
        self.table.resizeRowsToContents()

    def _enable(self) -> None:
        chosen = self.chosen()
        offered = chosen is not None and chosen.offered is not None
        self.remove_button.setEnabled(chosen is not None)
        self.declined_button.setEnabled(offered)
        self.book_button.setEnabled(offered)

    def chosen(self) -> WaitlistInfo | None:
        entries = self.facts.entries if self.facts else ()
        wanted = self.table.selected_id()
        return next((e for e in entries if e.id == wanted), None)

    def add(self) -> AddToWaitlistDialog | None:
        if self.facts is None:
            return None
        self.form = AddToWaitlistDialog(self, self._session, self.facts, self._zone)
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
            WAITLIST,
        ).failure(lambda err: show_failure(self, err, "Not removed")).run()

    def decline(self) -> None:
        """The chosen client said no to the time offered: back to waiting, same place."""
        entry = self.chosen()
        if entry is None or entry.offered is None:
            return
        self._session.mutate(
            self, lambda uow, actor: decline_offer(entry.id, uow=uow, actor=actor), WAITLIST
        ).failure(lambda err: show_failure(self, err, "Not changed")).run()

    def _book(self) -> None:
        entry = self.chosen()
        if entry is not None and entry.offered is not None:
            self.book.emit(entry)

    def _on_changes(self, changes: OpChanges) -> None:
        if self.isVisible() and changes.touches(*WATCHED):
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._ticker.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._ticker.stop()
        super().hideEvent(event)
