"""Settings → Payments: the card readers of each location (add by Stripe reader id or
registration code, remove), "Test connection" (the readers Stripe knows for this key),
and, for owners, this PC's Stripe restricted key. The key goes straight to the OS keyring
on a worker; it is never shown, logged or written anywhere else. GUI thread.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.card_terminal import ReaderState, TerminalError
from medspa_desktop.services import card_readers as cr
from medspa_desktop.services import locations
from medspa_desktop.services.errors import ServiceError
from medspa_desktop.store.errors import StoreError
from medspa_desktop.store.payment_keys import save_stripe_key, stripe_key
from medspa_desktop.ui.checkout.card_control import TerminalSource, this_pc_terminal
from medspa_desktop.ui.ops import GENERIC_FAILURE, NetworkOp, OpChanges
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.settings.common import ListPage, RecordTable
from medspa_desktop.ui.settings.payment_readers import NO_KEY, AddReaderDialog
from medspa_desktop.ui.widgets import button, confirmation_box, label, when_confirmed

KEY_SAVED, NO_KEY_YET = "A key is saved on this PC.", "No key yet: card payments are off."
DEMO_KEY = "Demo mode uses the simulated card reader: no Stripe key is needed."
KEY_HINT = (
    "A Stripe restricted key with Terminal and PaymentIntents access (rk_live_…). It is kept "
    "in this PC's keyring and never shown again; saving a new one replaces it."
)


def _problem(err: BaseException) -> str:
    known = isinstance(err, ServiceError | StoreError | TerminalError)
    return str(err) if known else GENERIC_FAILURE


class PaymentsPage(ListPage):
    """Readers per location, the connection test and (owners) the Stripe key."""

    def __init__(self, session: AppSession, terminal: TerminalSource | None = None) -> None:
        super().__init__(
            session,
            "Card readers",
            "Card payments go from this PC to Stripe Terminal readers over the internet. Each "
            "location has its own readers; checkout offers the ones of its location.",
            (),
        )
        self.source = terminal or this_pc_terminal(session)
        self.places: list[locations.LocationSettings] = []
        self.readers: list[cr.CardReaderInfo] = []
        self.location = QComboBox()
        self.location.setMinimumWidth(260)
        self.location.currentIndexChanged.connect(lambda _i: self._load_readers())
        picker = QHBoxLayout()
        picker.addWidget(label("Location", "subtitle"))
        picker.addWidget(self.location)
        picker.addStretch(1)
        self.layout_.addLayout(picker)
        self.table = RecordTable(("Reader", "Stripe reader id"))
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        column.addLayout(self._reader_buttons())
        self.connection = label("", "hint", wrap=True)
        column.addWidget(self.connection)
        column.addWidget(self._key_box())
        self.finish_layout(body)
        self.reload()

    def _reader_buttons(self) -> QHBoxLayout:
        """Under the readers they act on (the page's own row stays empty)."""
        row = QHBoxLayout()
        add = button("Add reader…", "primary")
        add.clicked.connect(self.add_reader)
        self.remove_button = button("Remove reader")
        self.remove_button.clicked.connect(self.ask_remove)
        self.test_button = button("Test connection")
        self.test_button.setToolTip("Ask Stripe which readers this PC's key can use")
        self.test_button.clicked.connect(self.test_connection)
        for widget in (add, self.remove_button, self.test_button):
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _key_box(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 14, 0, 0)
        column.addWidget(label("Stripe key (owner only)", "subtitle"))
        column.addWidget(label(KEY_HINT, "hint", wrap=True))
        row = QHBoxLayout()
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setAccessibleName("Stripe restricted key")
        self.key.setPlaceholderText("Paste the new key here")
        self.save_key_button = button("Save key")
        self.save_key_button.clicked.connect(self.save_key)
        self.key.returnPressed.connect(self.save_key)
        self.key_state = label("", wrap=True)
        row.addWidget(self.key, 1)
        row.addWidget(self.save_key_button)
        column.addLayout(row)
        column.addWidget(self.key_state)
        if not self.session.may(Action.PAYMENT_SETTINGS_MANAGE):
            box.hide()  # NOTE: never show() a widget before it has a parent: it opens a window
        if self.session.store.demo:
            for widget in (self.key, self.save_key_button):
                widget.setEnabled(False)
        return box

    # ---- readers ---------------------------------------------------------------------------

    def reload(self) -> None:
        self.session.query(
            self, lambda uow, actor: locations.list_locations(uow=uow, actor=actor)
        ).success(self._places).run()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous() and self.session.may(Action.PAYMENT_SETTINGS_MANAGE):
            self._check_key()  # only when an owner looks: the keyring may be slow

    def _places(self, places: list[locations.LocationSettings]) -> None:
        self.places = places
        chosen = self.location.currentData() or self.session.actor.location_id
        self.location.blockSignals(True)
        self.location.clear()
        for place in places:
            self.location.addItem(place.name, place.id)
        self.location.setCurrentIndex(max(self.location.findData(chosen), 0))
        self.location.blockSignals(False)
        self._load_readers()

    def _load_readers(self) -> None:
        location_id = self.location.currentData()
        if not location_id:
            return
        self.session.query(
            self, lambda uow, actor: cr.list_card_readers(location_id, uow=uow, actor=actor)
        ).success(self._show_readers).run()

    def _show_readers(self, readers: list[cr.CardReaderInfo]) -> None:
        self.readers = readers
        self.table.show_rows([(r.id, (r.label, r.stripe_reader_id)) for r in readers])
        self.remove_button.setEnabled(bool(readers))

    def add_reader(self) -> AddReaderDialog | None:
        location_id = self.location.currentData()
        if not location_id:
            return None
        dialog = AddReaderDialog(self, self.session, location_id, self.source)
        dialog.saved.connect(lambda _reader: self._load_readers())
        dialog.open()
        return dialog

    def ask_remove(self) -> None:
        reader = next((r for r in self.readers if r.id == self.table.selected_id()), None)
        if reader is None:
            return
        box = confirmation_box(
            self,
            "Remove card reader?",
            f"Remove {reader.label} ({reader.stripe_reader_id})? Checkout stops offering it; "
            "it stays registered in your Stripe account.",
            "Remove reader",
            danger=True,
        )
        when_confirmed(box, lambda: self._remove(reader.id))
        box.open()

    def _remove(self, reader_id: str) -> None:
        self.session.mutate(
            self, lambda uow, actor: cr.remove_card_reader(reader_id, uow=uow, actor=actor),
            OpChanges(),
        ).success(lambda _none: self._load_readers()).run()  # fmt: skip

    # ---- the connection and the key --------------------------------------------------------

    def test_connection(self) -> None:
        source = self.source
        self.test_button.setEnabled(False)
        self.connection.setText("Asking Stripe…")
        NetworkOp(self, lambda: _readers_at_stripe(source)).success(self._tested).failure(
            self._test_failed
        ).run()

    def _tested(self, readers: list[ReaderState] | None) -> None:
        self.test_button.setEnabled(True)
        if readers is None:
            self.connection.setText(NO_KEY)
            return
        listed = "; ".join(
            f"{r.label or r.id} ({r.id}, {'online' if r.online else 'offline'})" for r in readers
        )
        self.connection.setText(
            f"Connected to Stripe. Readers on the account: {listed or 'none yet'}."
        )

    def _test_failed(self, err: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.connection.setText(f"Not connected: {_problem(err)}")

    # NOTE: the keyring may be slow to answer (or ask to be unlocked): on the network pool,
    # never holding up the database worker.
    def _check_key(self) -> None:
        if self.session.store.demo:
            self.key_state.setText(DEMO_KEY)
            return
        data_dir = self.session.store.data_dir
        NetworkOp(self, lambda: stripe_key(data_dir) is not None).success(
            lambda saved: self.key_state.setText(KEY_SAVED if saved else NO_KEY_YET)
        ).failure(lambda err: self.key_state.setText(_problem(err))).run()

    def save_key(self) -> None:
        typed = self.key.text().strip()
        if not typed:
            self.key_state.setText("Paste the key first.")
            return
        data_dir = self.session.store.data_dir
        self.key.clear()  # NOTE: not kept on screen or in the widget once handed over
        self.save_key_button.setEnabled(False)
        NetworkOp(self, lambda: save_stripe_key(data_dir, typed)).success(
            lambda _none: self._key_saved()
        ).failure(self._key_not_saved).run()

    def _key_saved(self) -> None:
        self.save_key_button.setEnabled(True)
        self.key_state.setText(KEY_SAVED + " Test the connection to check it.")

    def _key_not_saved(self, err: BaseException) -> None:
        self.save_key_button.setEnabled(True)
        self.key_state.setText(f"Not saved: {_problem(err)}")


def _readers_at_stripe(source: TerminalSource) -> list[ReaderState] | None:
    """The readers Stripe lists for this PC's key (None without a key). Network pool."""
    terminal = source()
    return None if terminal is None else terminal.readers()
