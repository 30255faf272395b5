"""Settings → Payments → Add reader: a Stripe Terminal reader for one location, by its
Stripe reader id (``tmr_…``, already registered to the clinic's account) or by the
registration code it shows on screen (with the Stripe location id it belongs to). The
reader is checked with Stripe first, so the work runs on the network pool. GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.card_terminal import CardTerminal
from medspa_desktop.services import card_readers as cr
from medspa_desktop.services.errors import RuleViolation
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.checkout.card_control import TerminalSource
from medspa_desktop.ui.ops import MutationOp, OpChanges
from medspa_desktop.ui.session import AppSession, ServiceCall
from medspa_desktop.ui.settings.common import RecordDialog

BY_ID, BY_CODE = "id", "code"
NO_KEY = (
    "This PC has no Stripe key yet, so it cannot reach your readers. An owner saves the key "
    "on this page first."
)
ReaderCall = Callable[[UnitOfWork, Actor, CardTerminal], cr.CardReaderInfo]


class NetworkMutation(MutationOp[Any]):
    """A change that asks Stripe first: on the network pool, never holding up the database."""

    network = True


def with_terminal(source: TerminalSource, call: ReaderCall) -> ServiceCall[cr.CardReaderInfo]:
    """``call`` with this PC's terminal, found on the worker (it may read the keyring)."""

    def run(uow: UnitOfWork, actor: Actor) -> cr.CardReaderInfo:
        terminal = source()
        if terminal is None:
            raise RuleViolation(NO_KEY)
        return call(uow, actor, terminal)

    return run


class AddReaderDialog(RecordDialog):
    """A reader for ``location_id``; ``saved(CardReaderInfo)`` once Stripe knows it."""

    def __init__(
        self, parent: QWidget, session: AppSession, location_id: str, source: TerminalSource
    ) -> None:
        super().__init__(parent, session, "Add a card reader", OpChanges())
        self.location_id, self.source = location_id, source
        self.save_button.setText("Add reader")
        self.label = self.field("Name", "label", QLineEdit())
        self.label.setPlaceholderText("e.g. Front desk reader")
        self.how: QComboBox = self.field("Add by", "how", QComboBox())
        self.how.addItem("Its Stripe reader id (tmr_…)", BY_ID)
        self.how.addItem("The registration code on its screen", BY_CODE)
        self.reader_id = self.field("Stripe reader id", "stripe_reader_id", QLineEdit())
        self.reader_id.setPlaceholderText("tmr_…")
        self.code = self.field("Registration code", "registration_code", QLineEdit())
        self.code.setPlaceholderText("e.g. sepia-cerulean-aqua")
        self.stripe_location = self.field("Stripe location id", "stripe_location_id", QLineEdit())
        self.stripe_location.setPlaceholderText("tml_… (Stripe dashboard → Terminal → Locations)")
        self.how.currentIndexChanged.connect(lambda _i: self._show_how())
        self._show_how()

    def _show_how(self) -> None:
        by_code = self.how.currentData() == BY_CODE
        for widget, name, shown in (
            (self.reader_id, "stripe_reader_id", not by_code),
            (self.code, "registration_code", by_code),
            (self.stripe_location, "stripe_location_id", by_code),
        ):
            row = self._row(widget)
            if row >= 0:
                self.form.setRowVisible(row, shown)
            # NOTE: showing a row shows everything in it, the empty error label too.
            error = self.errors.error_label(name)
            error.setVisible(shown and bool(error.text()))

    def _row(self, widget: QWidget) -> int:
        """The form row whose field (a holder with the error label) holds ``widget``."""
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            holder = item.layout() if item is not None else None
            if holder is not None and holder.indexOf(widget) >= 0:
                return row
        return -1

    def call(self) -> ServiceCall[Any] | None:
        label, location_id = self.label.text(), self.location_id
        if self.how.currentData() == BY_CODE:
            register = cr.RegisterCardReader(
                location_id, self.code.text(), label, self.stripe_location.text()
            )
            return with_terminal(
                self.source,
                lambda uow, actor, terminal: cr.register_card_reader(
                    register, uow=uow, actor=actor, terminal=terminal
                ),
            )
        add = cr.AddCardReader(location_id, self.reader_id.text(), label)
        return with_terminal(
            self.source,
            lambda uow, actor, terminal: cr.add_card_reader(
                add, uow=uow, actor=actor, terminal=terminal
            ),
        )

    def save(self) -> None:
        call = self.call()
        if call is None:
            return
        self.save_button.setEnabled(False)
        NetworkMutation(self, self.session.work(call), OpChanges()).success(self._saved).failure(
            self._refused
        ).run()
