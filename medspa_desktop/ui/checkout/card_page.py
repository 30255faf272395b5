"""The Card tender: which reader (the last one used on this PC is remembered), the amount,
and while the reader waits for the card a progress panel with the reader's name, a busy
bar, the time so far and Cancel (Esc). Messages the desk must act on (not set up, no
internet, declined) show in a banner above, and the other tenders stay usable. GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QProgressBar, QVBoxLayout

from medspa_desktop.services.card_readers import CardReaderInfo
from medspa_desktop.ui.checkout.tender_pages import TakeRequest, TenderPage
from medspa_desktop.ui.checkout.words import CARD, NO_READER, WAITING, elapsed
from medspa_desktop.ui.widgets import AlertBanner, button, label

MEMORY_FILE = "checkout.ini"


class ReaderMemory:
    """The reader this PC used last, in a small settings file in the data folder (a
    device's preference: never synced, readable on the GUI thread)."""

    def __init__(self, data_dir: Path) -> None:
        self._settings = QSettings(str(data_dir / MEMORY_FILE), QSettings.Format.IniFormat)

    def load(self) -> str:
        return str(self._settings.value("card_reader_id", ""))

    def save(self, reader_id: str) -> None:
        self._settings.setValue("card_reader_id", reader_id)
        self._settings.sync()


class CardPage(TenderPage):
    tender = CARD

    def __init__(self, memory: ReaderMemory) -> None:
        super().__init__("Amount to charge")
        self.memory = memory
        self.unavailable = ""
        """Why no card can be taken on this PC now ("" when one can)."""
        self.notice = AlertBanner("warning")
        self.notice.setVisible(False)
        self.readers = QComboBox()
        self.readers.setAccessibleName("Card reader")
        self.readers.currentIndexChanged.connect(self._reader_chosen)
        row = QHBoxLayout()
        row.addWidget(label("Reader", "subtitle"))
        row.addWidget(self.readers, 1)
        self.column.insertWidget(0, self.notice)
        self.column.insertLayout(1, row)
        self.progress = self._progress_panel()
        self.column.addWidget(self.progress)

    def _progress_panel(self) -> QFrame:
        panel = QFrame()
        panel.setProperty("alert", "info")
        column = QVBoxLayout(panel)
        column.setContentsMargins(14, 10, 14, 10)
        self.waiting = label("", "subtitle", wrap=True)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName("Waiting for the card")
        self.clock = label("0:00", "hint")
        self.note = label("", "hint", wrap=True)
        self.cancel_button = button("Cancel card payment (Esc)", "danger")
        bar_row = QHBoxLayout()
        bar_row.addWidget(self.busy_bar, 1)
        bar_row.addWidget(self.clock)
        for part in (self.waiting, self.note):
            column.addWidget(part)
        column.insertLayout(1, bar_row)
        column.addWidget(self.cancel_button)
        panel.setVisible(False)
        return panel

    # ---- what can be used --------------------------------------------------------------

    def show_readers(self, readers: Sequence[CardReaderInfo]) -> None:
        remembered = self.memory.load()
        self.readers.blockSignals(True)
        self.readers.clear()
        for reader in readers:
            self.readers.addItem(reader.label, reader.id)
        self.readers.setCurrentIndex(max(self.readers.findData(remembered), 0))
        self.readers.blockSignals(False)
        self.refresh_notice()

    def set_unavailable(self, why: str) -> None:
        """Card payments cannot be taken on this PC (not set up, keyring locked)."""
        self.unavailable = why
        self.refresh_notice()

    def refresh_notice(self) -> None:
        why = self.problem()
        self.notice.set_level("warning")
        self.notice.set_message("", why)
        self.notice.setVisible(bool(why))
        self.readers.setEnabled(not self.unavailable and self.readers.count() > 1)
        self.amount.setEnabled(not why)

    def problem(self) -> str:
        if self.unavailable:
            return self.unavailable
        return "" if self.readers.count() else NO_READER

    def reader_label(self) -> str:
        return self.readers.currentText() or "the reader"

    def _reader_chosen(self) -> None:
        reader_id = self.readers.currentData()
        if reader_id:
            self.memory.save(reader_id)

    def request(self) -> TakeRequest | None:
        return None if self.problem() else super().request()

    # ---- a payment in progress ---------------------------------------------------------

    def show_progress(self, text: str) -> None:
        """The panel with ``text`` (getting ready, waiting, cancelling); the rest locked."""
        self.notice.setVisible(False)
        self.waiting.setText(text)
        self.show_note("")
        self.progress.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.readers.setEnabled(False)
        self.amount.setEnabled(False)

    def show_waiting(self) -> None:
        self.show_progress(WAITING.format(reader=self.reader_label()))
        self.clock.setText("0:00")

    def show_note(self, text: str) -> None:
        """A hiccup while waiting ("No answer from Stripe yet …"); "" hides it."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def show_elapsed(self, seconds: float) -> None:
        self.clock.setText(elapsed(seconds))

    def show_outcome(self, level: str, title: str, text: str) -> None:
        """The payment ended: the panel goes, a banner says how (``level`` as AlertBanner)."""
        self.progress.setVisible(False)
        self.refresh_notice()
        self.notice.set_level(level)
        self.notice.set_message(title, text)
        self.notice.setVisible(bool(title or text))
