"""The offer of a freed time to the waitlist: the clients waiting whom it suits, in the
order they joined, to call in turn and book the one who takes it. GUI thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from medspa_desktop.services.calendar import CalendarCard
from medspa_desktop.services.waitlist import WaitlistOffer
from medspa_desktop.ui.calendar.booking_repeat import when_text
from medspa_desktop.ui.calendar.waitlist_words import dates_text, day_text, times_text
from medspa_desktop.ui.dialogs import FittedDialog
from medspa_desktop.ui.style import row_height
from medspa_desktop.ui.widgets import AlertBanner, button, button_row, label


def headline(count: int) -> str:
    if count == 1:
        return "1 client on the waitlist could take this slot"
    return f"{count} clients on the waitlist could take this slot"


def offer_line(number: int, offer: WaitlistOffer, phone: str) -> str:
    """Who, for what, since when and what they asked for: what the desk says on the phone."""
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
    return "\n".join(lines)


class OfferDialog(FittedDialog):
    """The clients the freed time suits, first come first; ``take(offer)`` books one."""

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
        self.setMinimumWidth(720)
        self.offers = offers
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(10)
        column.addWidget(label(headline(len(offers)), "title"))
        where = f"{when_text(freed.starts_at, ZoneInfo(zone))} with {freed.staff_name}"
        column.addWidget(AlertBanner("info", f"Free now: {where}", "Call them in this order "
                                     "and book the first who takes it."))  # fmt: skip
        self.list = self._offer_list(phones)
        column.addWidget(self.list, 1)
        self.book_button = button("Book the chosen client", "primary")
        self.book_button.clicked.connect(self._take)
        self.dismiss_button = button("Not now")
        self.dismiss_button.clicked.connect(self.reject)
        column.addLayout(button_row(self.dismiss_button, self.book_button))

    def _offer_list(self, phones: Mapping[str, str]) -> QListWidget:
        """The offers, first come first, the first one chosen."""
        offers = QListWidget()
        offers.setAccessibleName("Clients who could take the time")
        offers.setWordWrap(True)
        offers.setResizeMode(QListView.ResizeMode.Adjust)  # wrapped again when resized
        offers.setSpacing(2)
        offers.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for number, offer in enumerate(self.offers, start=1):
            phone = phones.get(offer.entry.client_id, "")
            item = QListWidgetItem(offer_line(number, offer, phone))
            item.setData(Qt.ItemDataRole.UserRole, number - 1)
            offers.addItem(item)
        offers.setCurrentRow(0)
        offers.setMinimumHeight(row_height() * min(len(self.offers), 3) * 3 + 8)
        offers.itemActivated.connect(lambda _item: self._take())
        return offers

    def chosen(self) -> WaitlistOffer | None:
        item = self.list.currentItem()
        return self.offers[item.data(Qt.ItemDataRole.UserRole)] if item is not None else None

    def _take(self) -> None:
        offer = self.chosen()
        if offer is not None and self.book_button.isVisible():
            self.book_button.setEnabled(False)
            self.take.emit(offer)
