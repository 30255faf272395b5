"""Settings → Payments: the card readers of each location (add by Stripe reader id or
registration code, remove), "Test connection" (the readers Stripe knows for this key),
and, for owners, this PC's Stripe restricted key: saved or removed through the owner-only
``services.payment_settings`` on a worker, which keeps it in the OS keyring and audits the
change; it is never shown, logged or written anywhere else. GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.card_terminal import ReaderState, TerminalError
from medspa_desktop.services import card_readers as cr
from medspa_desktop.services import locations
from medspa_desktop.services import payment_settings as ps
from medspa_desktop.services.errors import ServiceError, ValidationError
from medspa_desktop.store.errors import StoreError
from medspa_desktop.ui.checkout.card_control import TerminalSource, this_pc_terminal
from medspa_desktop.ui.ops import GENERIC_FAILURE, NetworkOp, OpChanges
from medspa_desktop.ui.session import AppSession, ServiceCall
from medspa_desktop.ui.settings.common import ListPage, RecordTable
from medspa_desktop.ui.settings.payment_readers import NO_KEY, AddReaderDialog, NetworkMutation
from medspa_desktop.ui.style import restyle
from medspa_desktop.ui.widgets import button, confirmation_box, label, when_confirmed

KEY_SAVED, NO_KEY_YET = "A key is saved on this PC.", "No key yet: card payments are off."
KEY_CHECK = " Test the connection to check it."
DEMO_KEY = "Demo mode uses the simulated card reader: no Stripe key is needed."
KEY_HINT = (
    "A Stripe restricted key with Terminal and PaymentIntents access (rk_live_…). It is kept "
    "in this PC's keyring and never shown again; saving a new one replaces it."
)
FORGET_KEY = (
    "Remove this PC's Stripe key? Card payments stop on this PC until an owner saves a key "
    "again; cash, gift cards and pay later still work."
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
        column.setSpacing(4)
        column.addWidget(label("Stripe key (owner only)", "subtitle"))
        column.addWidget(label(KEY_HINT, "hint", wrap=True))
        column.addLayout(self._key_row())
        self.key_error = label("", "fieldError", wrap=True)
        self.key_error.setVisible(False)
        column.addWidget(self.key_error)
        self.key_state = label("", wrap=True)
        column.addWidget(self.key_state)
        if not self.session.may(Action.PAYMENT_SETTINGS_MANAGE):
            box.hide()  # NOTE: never show() a widget before it has a parent: it opens a window
        if self.session.store.demo:
            for widget in (self.key, self.save_key_button, self.remove_key_button):
                widget.setEnabled(False)
        return box

    def _key_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setAccessibleName("Stripe restricted key")
        self.key.setPlaceholderText("Paste the new key here")
        self.key.returnPressed.connect(self.save_key)
        self.save_key_button = button("Save key")
        self.save_key_button.clicked.connect(self.save_key)
        self.remove_key_button = button("Remove key")
        self.remove_key_button.setToolTip("Card payments stop on this PC until a key is saved")
        self.remove_key_button.setEnabled(False)  # until the keyring says there is one
        self.remove_key_button.clicked.connect(self.ask_remove_key)
        row.addWidget(self.key, 1)
        row.addWidget(self.save_key_button)
        row.addWidget(self.remove_key_button)
        return row

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
    def _keyring(self, call: ServiceCall[Any]) -> NetworkMutation:
        return NetworkMutation(self, self.session.work(call), OpChanges())

    def _check_key(self) -> None:
        if self.session.store.demo:
            self.key_state.setText(DEMO_KEY)
            return
        data_dir = self.session.store.data_dir
        self._keyring(
            lambda uow, actor: ps.stripe_key_saved(uow=uow, actor=actor, data_dir=data_dir)
        ).success(lambda saved: self._key_changed(KEY_SAVED if saved else NO_KEY_YET)).failure(
            lambda err: self.key_state.setText(_problem(err))
        ).run()

    def save_key(self) -> None:
        typed = self.key.text()
        if not typed.strip():
            self._key_error("Paste the key first.")
            return
        command, data_dir = ps.SetStripeKey(typed), self.session.store.data_dir
        self.key.clear()  # NOTE: not kept on screen or in the widget once handed over
        self._key_error("")
        self.save_key_button.setEnabled(False)
        self._keyring(
            lambda uow, actor: ps.set_stripe_key(command, uow=uow, actor=actor, data_dir=data_dir)
        ).success(lambda _none: self._key_changed(KEY_SAVED + KEY_CHECK)).failure(
            self._key_not_saved
        ).run()

    def ask_remove_key(self) -> None:
        title = "Remove the Stripe key?"
        box = confirmation_box(self, title, FORGET_KEY, "Remove key", danger=True)
        when_confirmed(box, self._remove_key)
        box.open()

    def _remove_key(self) -> None:
        data_dir = self.session.store.data_dir
        self.remove_key_button.setEnabled(False)
        self._keyring(
            lambda uow, actor: ps.forget_stripe_key_as(uow=uow, actor=actor, data_dir=data_dir)
        ).success(lambda _none: self._key_changed(NO_KEY_YET)).failure(
            lambda err: self._key_changed(f"Not removed: {_problem(err)}")
        ).run()

    def _key_changed(self, state: str) -> None:
        """``state`` says whether a key is saved now; Remove key only when there is one."""
        self.save_key_button.setEnabled(True)
        self.remove_key_button.setEnabled(state != NO_KEY_YET)
        self.key_state.setText(state)

    def _key_not_saved(self, err: BaseException) -> None:
        self.save_key_button.setEnabled(True)
        if isinstance(err, ValidationError):
            self._key_error(next(iter(err.field_errors.values()), str(err)))
        else:
            self.key_state.setText(f"Not saved: {_problem(err)}")

    def _key_error(self, message: str) -> None:
        self.key_error.setText(message)
        self.key_error.setVisible(bool(message))
        self.key.setProperty("invalid", bool(message))
        restyle(self.key)
        if message:
            self.key.setFocus()


def _readers_at_stripe(source: TerminalSource) -> list[ReaderState] | None:
    """The readers Stripe lists for this PC's key (None without a key). Network pool."""
    terminal = source()
    return None if terminal is None else terminal.readers()
