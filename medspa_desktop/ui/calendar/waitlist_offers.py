"""The offer of a freed time to the waitlist: the clients waiting whom it suits, in the
order they joined, to call in turn. The desk marks the one it phoned as offered, records a
"no" (back to waiting, same place in the order) and books the one who takes it. GUI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QBrush, QColor, QHideEvent, QShowEvent
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from medspa_desktop.services.calendar import CalendarCard
from medspa_desktop.services.waitlist import WaitlistOffer
from medspa_desktop.ui.calendar.booking_repeat import when_text
from medspa_desktop.ui.calendar.waitlist_words import (
    dates_text,
    day_text,
    offered_text,
    times_text,
)
from medspa_desktop.ui.dialogs import FittedDialog
from medspa_desktop.ui.style import row_height
from medspa_desktop.ui.widgets import AlertBanner, button, button_row, label

OFFERED_BACKGROUND = QColor("#fff4dc")
"""The amber of warning banners: an offer waits for the client's answer."""
MINUTE_MS = 60_000
NOBODY_LEFT = "Nobody on the waitlist can take this time now."
CALL_IN_ORDER = (
    "Call them in this order, mark whom you offered it, and book the first who takes it."
)


def headline(count: int) -> str:
    if count == 0:
        return NOBODY_LEFT
    if count == 1:
        return "1 client on the waitlist could take this slot"
    return f"{count} clients on the waitlist could take this slot"


def offer_line(number: int, offer: WaitlistOffer, phone: str, zone: str, now: dt.datetime) -> str:
    """Who, for what, since when and what they asked for: what the desk says on the phone;
    and, once offered, when it was."""
    entry = offer.entry
    times = times_text(entry.preferred_times)
    wants = f"{dates_text(entry.earliest_date, entry.latest_date)}, "
    wants += times if entry.preferred_times else times.lower()
    lines = [
        "  ·  ".join(filter(None, (f"{number}.  {entry.client_name}", phone, entry.service_name))),
        f"Waiting since {day_text(entry.created_at.date())}; wants {wants}",
    ]
    if entry.notes:
        lines.append(f"“{entry.notes}”")
    if entry.offered is not None:
        lines.append(f"{offered_text(entry.offered, zone, now)}: waiting for their answer")
    return "\n".join(lines)


class OfferDialog(FittedDialog):
    """The clients the freed time suits, first come first: ``offer(o)`` marks one offered,
    ``decline(o)`` records their no, ``take(o)`` books them. ``show_offers`` refreshes it."""

    offer = Signal(object)
    decline = Signal(object)
    take = Signal(object)

    def __init__(
        self,
        parent: QWidget | None,
        offers: list[WaitlistOffer],
        freed: CalendarCard,
        zone: str,
        phones: Mapping[str, str],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Waitlist")
        self.setMinimumWidth(760)
        self.offers, self.phones, self._zone = offers, dict(phones), zone
        self.title = label("", "title")
        where = f"{when_text(freed.starts_at, ZoneInfo(zone))} with {freed.staff_name}"
        self.list = self._offer_list()
        self._ticker = QTimer(self)
        self._ticker.setInterval(MINUTE_MS)
        self._ticker.timeout.connect(self._render)  # "12 min ago" keeps up
        self.book_button = button("Book…", "primary")
        self.book_button.setToolTip("Open the booking with this client and the freed time")
        self.offered_button = button("Mark as offered")
        self.offered_button.setToolTip("You offered this client the time: wait for their answer")
        self.declined_button = button("Offer declined")
        self.declined_button.setToolTip("The client said no: back to waiting, same place")
        self.dismiss_button = button("Not now")
        self._lay_out(AlertBanner("info", f"Free now: {where}", CALL_IN_ORDER))
        self.show_offers(offers, phones)

    def _lay_out(self, banner: AlertBanner) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(10)
        column.addWidget(self.title)
        column.addWidget(banner)
        column.addWidget(self.list, 1)
        self.book_button.clicked.connect(self._take)
        self.offered_button.clicked.connect(lambda: self._answer(self.offer))
        self.declined_button.clicked.connect(lambda: self._answer(self.decline))
        self.dismiss_button.clicked.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self._take())
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        buttons = (self.dismiss_button, self.declined_button, self.offered_button,
                   self.book_button)  # fmt: skip
        column.addLayout(button_row(*buttons))

    def _offer_list(self) -> QListWidget:
        offers = QListWidget()
        offers.setAccessibleName("Clients who could take the time")
        offers.setWordWrap(True)
        offers.setResizeMode(QListView.ResizeMode.Adjust)  # wrapped again when resized
        offers.setSpacing(2)
        offers.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return offers

    def show_offers(self, offers: list[WaitlistOffer], phones: Mapping[str, str]) -> None:
        """Show ``offers`` (fetched again after a change); the chosen client stays chosen."""
        kept = self.chosen()
        self.list.clear()  # NOTE: before the offers change: clearing tells of the old row
        self.offers, self.phones = offers, dict(phones)
        for number in range(len(offers)):
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, number)
            self.list.addItem(item)
        self._render()
        ids = [offer.entry.id for offer in offers]
        self.list.setCurrentRow(ids.index(kept.entry.id) if kept and kept.entry.id in ids else 0)
        self.title.setText(headline(len(offers)))
        self.list.setMinimumHeight(row_height() * min(max(len(offers), 1), 3) * 3 + 8)
        self.set_busy(False)

    def _render(self) -> None:
        now = dt.datetime.now(dt.UTC)
        for number, offer in enumerate(self.offers):
            item = self.list.item(number)
            phone = self.phones.get(offer.entry.client_id, "")
            item.setText(offer_line(number + 1, offer, phone, self._zone, now))
            offered = offer.entry.offered is not None
            item.setBackground(QBrush(OFFERED_BACKGROUND) if offered else QBrush())

    def chosen(self) -> WaitlistOffer | None:
        item = self.list.currentItem()
        return self.offers[item.data(Qt.ItemDataRole.UserRole)] if item is not None else None

    def set_busy(self, busy: bool) -> None:
        """While an answer is being saved, nothing else can be asked."""
        self.list.setEnabled(not busy)
        self._enable(busy=busy)

    def _enable(self, *, busy: bool = False) -> None:
        chosen = self.chosen()
        offered = chosen is not None and chosen.entry.offered is not None
        self.book_button.setEnabled(chosen is not None and not busy)
        self.offered_button.setEnabled(chosen is not None and not offered and not busy)
        self.declined_button.setEnabled(offered and not busy)

    def _take(self) -> None:
        chosen = self.chosen()
        if chosen is not None and self.book_button.isVisible():
            self.take.emit(chosen)

    def _answer(self, signal: SignalInstance) -> None:
        """Offered or declined: saved by the flow, which then shows the offers again."""
        chosen = self.chosen()
        if chosen is not None:
            self.set_busy(True)
            signal.emit(chosen)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._ticker.start()
        self._render()

    def hideEvent(self, event: QHideEvent) -> None:
        self._ticker.stop()
        super().hideEvent(event)
