"""My calendar feed: a practitioner subscribes their phone's calendar to their bookings.

The address is shown once, when it is made (only a hash of its secret is kept), with a
Copy button; an old address can be switched off here (confirmation first). GUI thread.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QListWidget, QVBoxLayout, QWidget

from medspa_desktop.services import calendar_feeds as feeds
from medspa_desktop.ui.dialogs import FittedDialog
from medspa_desktop.ui.ops import Changed, OpChanges, show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import button, button_row, confirmation_box, label, when_confirmed

INTRO = (
    "Subscribe to your bookings from your phone's calendar app (Add calendar → From URL). "
    "The calendar shows times, services and the location, with clients as initials only. "
    "The address is shown once: copy it now. Anyone with it can see your bookings, so "
    "switch it off here if it is lost."
)


class CalendarFeedDialog(FittedDialog):
    def __init__(self, parent: QWidget | None, session: AppSession, staff_id: str) -> None:
        super().__init__(parent)
        self.session, self.staff_id = session, staff_id
        self.setWindowTitle("My calendar feed")
        self.setMinimumWidth(620)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.addWidget(label("My calendar feed", "title"))
        column.addWidget(label(INTRO, wrap=True))
        self.address = QLineEdit()
        self.address.setReadOnly(True)
        self.address.setPlaceholderText("Make a new address to see it here")
        self.address.setAccessibleName("Calendar address")
        column.addWidget(self.address)
        self.feeds = QListWidget()
        self.feeds.setAccessibleName("Addresses made")
        column.addWidget(label("Addresses made so far", "subtitle"))
        column.addWidget(self.feeds)
        self.make_button = button("New address", "primary", default=True)
        self.make_button.clicked.connect(self.make)
        self.copy_button = button("Copy address")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy)
        self.revoke_button = button("Switch off selected")
        self.revoke_button.clicked.connect(self.revoke)
        close = button("Close")
        close.clicked.connect(self.accept)
        column.addLayout(button_row(self.revoke_button, self.copy_button, self.make_button, close))
        self.reload()

    def reload(self) -> None:
        staff_id = self.staff_id
        self.session.query(
            self, lambda uow, actor: feeds.list_calendar_feeds(staff_id, uow=uow, actor=actor)
        ).success(self._show).run()

    def _show(self, found: list[feeds.CalendarFeedInfo]) -> None:
        self.feeds.clear()
        self._ids = [f.id for f in found]
        for feed in found:
            made = feed.created_at.astimezone().strftime("%d %b %Y %H:%M")
            state = "switched off" if feed.revoked_at else "working"
            self.feeds.addItem(f"Made {made} — {state}")

    def make(self) -> None:
        staff_id = self.staff_id
        self.session.mutate(
            self,
            lambda uow, actor: feeds.create_calendar_feed(staff_id, uow=uow, actor=actor),
            OpChanges.of(Changed.STAFF),
        ).success(self._made).failure(lambda err: show_failure(self, err, "No address made")).run()

    def _made(self, made: feeds.NewCalendarFeed) -> None:
        self.address.setText(made.address)
        self.copy_button.setEnabled(True)
        self.reload()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.address.text())

    def revoke(self) -> None:
        row = self.feeds.currentRow()
        if not 0 <= row < len(self._ids):
            return
        feed_id = self._ids[row]
        box = confirmation_box(
            self,
            "Switch off this address?",
            "Calendars subscribed to it stop updating after the next sync. This cannot be "
            "undone; you can make a new address.",
            "Switch off",
        )
        when_confirmed(box, lambda: self._revoke(feed_id))

    def _revoke(self, feed_id: str) -> None:
        self.session.mutate(
            self,
            lambda uow, actor: feeds.revoke_calendar_feed(feed_id, uow=uow, actor=actor),
            OpChanges.of(Changed.STAFF),
        ).success(lambda _: self.reload()).failure(
            lambda err: show_failure(self, err, "Not switched off")
        ).run()
