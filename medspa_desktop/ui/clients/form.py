"""Add or edit a client; the service's validation errors show under the fields they concern."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services import clients
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.clients.fields import ClientInputs, date_hint
from medspa_desktop.ui.dialogs import ScrollingBody
from medspa_desktop.ui.ops import Changed, OpChanges, show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.shortcuts import SAVE, native
from medspa_desktop.ui.widgets import FieldErrors, ResponsiveBox, button, confirmation_box, label

MEDICAL_HINT = "Allergies and medical flags are recorded by a practitioner or a manager."
CARDS_BESIDE_PX = 880
"""Narrower than this (a portrait tablet) the care card goes under the contact card."""


class ClientForm(QWidget):
    """Emits ``saved(ClientProfile)`` after a save, ``cancelled()`` after Cancel or Esc."""

    saved = Signal(object)
    cancelled = Signal()

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.setObjectName("Page")
        self._session = session
        self._country = session.country
        self.profile: clients.ClientProfile | None = None
        self._snapshot: tuple[object, ...] = ()
        self.inputs = ClientInputs.make()
        self.errors = FieldErrors(label("", "fieldError", wrap=True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(self._header())
        layout.addWidget(self.errors.general)
        layout.addWidget(self._columns(), 1)
        self._shortcut(SAVE, self.save)
        self._shortcut(QKeySequence(Qt.Key.Key_Escape), self.cancel)
        self._apply_permissions()

    def _columns(self) -> ScrollingBody:
        """The two cards side by side, or one under the other on a narrow screen; they scroll
        when they are taller than the page."""
        self.cards = ResponsiveBox(CARDS_BESIDE_PX, spacing=14)
        self.cards.add(self._contact_card(), 1, stacked_stretch=0)
        self.cards.add(self._care_card(), 1, stacked_stretch=0)
        self.body = ScrollingBody(self.cards)
        return self.body

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.title = label("", "title", wrap=True)  # a long name wraps, never pushing Save off
        self.cancel_button = button("Cancel  (Esc)")
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button = button(f"Save  ({native(SAVE)})", "primary")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.title, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.save_button)
        return row

    def _card(self, title: str) -> tuple[QFrame, QFormLayout]:
        card = QFrame()
        card.setProperty("card", True)
        column = QVBoxLayout(card)
        column.setContentsMargins(16, 12, 16, 12)
        column.addWidget(label(title, "subtitle"))
        form = QFormLayout()
        form.setVerticalSpacing(6)
        form.setHorizontalSpacing(14)
        column.addLayout(form)
        column.addStretch(1)
        return card, form

    def _field(self, form: QFormLayout, title: str, name: str) -> None:
        widget = getattr(self.inputs, name)
        holder = QWidget()
        stack = QVBoxLayout(holder)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(2)
        stack.addWidget(widget)
        stack.addWidget(self.errors.register(name, widget))
        widget.setAccessibleName(title)
        form.addRow(title, holder)

    def _contact_card(self) -> QFrame:
        card, form = self._card("Name and contact")
        for title, name in (("First name *", "first_name"), ("Last name *", "last_name"),
                            ("Known as", "preferred_name"), ("Pronouns", "pronouns"),
                            ("Date of birth", "date_of_birth"), ("Phone", "phone"),
                            ("E-mail", "email"), ("Address", "address")):  # fmt: skip
            self._field(form, title, name)
        self.inputs.date_of_birth.setPlaceholderText(date_hint(self._country))
        self.inputs.phone.setPlaceholderText("Mobile preferred; +country code if abroad")
        return card

    def _care_card(self) -> QFrame:
        card, form = self._card("Safety, notes and marketing")
        self._care_form = form
        self._field(form, "Allergies", "allergies")
        self._field(form, "Medical flags", "medical_flags")
        self.inputs.medical_flags.setPlaceholderText("Comma-separated, e.g. pregnant, keloids")
        self._field(form, "Medications", "medications")
        self.medical_hint = label(MEDICAL_HINT, "hint", wrap=True)
        form.addRow(self.medical_hint)
        self._field(form, "Notes", "notes")
        self._field(form, "Tags", "tags")
        self._field(form, "Referred by", "referral_source")
        self.inputs.tags.setPlaceholderText("Comma-separated, e.g. VIP, prefers mornings")
        consent = QHBoxLayout()
        consent.setSpacing(24)
        for box in (self.inputs.consent_email, self.inputs.consent_sms, self.inputs.consent_post):
            consent.addWidget(box)
        consent.addStretch(1)
        form.addRow("Marketing OK by", consent)
        return card

    def _apply_permissions(self) -> None:
        may_edit_medical = self._session.may(Action.CLIENT_EDIT_MEDICAL)
        for widget in (self.inputs.allergies, self.inputs.medical_flags, self.inputs.medications):
            widget.setReadOnly(not may_edit_medical)
        self._care_form.setRowVisible(self.medical_hint, not may_edit_medical)
        self._care_form.setRowVisible(
            self.inputs.medications.parentWidget(), self._session.may(Action.CLIENT_VIEW_MEDICAL)
        )

    def _shortcut(self, keys: str | QKeySequence, slot: Any) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    # ---- opening and leaving ----------------------------------------------------------------

    def edit(self, profile: clients.ClientProfile) -> None:
        self.profile = profile
        self.title.setText(f"Edit client: {profile.first_name} {profile.last_name}")
        self._fill(profile)

    def create(self) -> None:
        self.profile = None
        self.title.setText("New client")
        self._fill(None)

    def _fill(self, profile: clients.ClientProfile | None) -> None:
        self.errors.clear()
        self.inputs.fill(profile, self._country)
        self._snapshot = self.inputs.snapshot()
        self._set_busy(False)
        self.inputs.first_name.setFocus()

    def has_unsaved_changes(self) -> bool:
        return self.inputs.snapshot() != self._snapshot

    def may_leave(self) -> bool:
        """True when nothing is unsaved or the member of staff chose to discard it."""
        if not self.has_unsaved_changes():
            return True
        box = self.discard_box()
        box.exec()
        clicked = box.clickedButton()  # None when the screen locked while it was open
        return clicked is not None and box.buttonRole(clicked) == QMessageBox.ButtonRole.AcceptRole

    def discard_box(self) -> QMessageBox:
        return confirmation_box(
            self,
            "Discard changes?",
            "The changes to this client have not been saved. Discard them, or go back and "
            "save them?",
            "Discard changes",
            danger=True,
        )

    def discard(self) -> None:
        """Forget unsaved input without asking (the screen was locked for someone else)."""
        self._fill(None)

    def cancel(self) -> None:
        if self.may_leave():
            self._snapshot = self.inputs.snapshot()
            self.cancelled.emit()

    # ---- saving -------------------------------------------------------------------------------

    def save(self) -> None:
        try:
            values = self.inputs.values(self._country)
        except ValueError as err:
            self._show_errors({"date_of_birth": str(err)})
            return
        call = self._save_call(values, self._consent_changes())
        self._set_busy(True)
        self._session.mutate(
            self, call, lambda saved: OpChanges.of(Changed.CLIENTS, client_id=saved.id)
        ).success(self._saved).failure(self._refused).run()

    def _save_call(self, values: dict[str, Any], consent: dict[str, bool]) -> Any:
        original = self.profile
        if original is None:
            command: Any = clients.CreateClient(**values)
        else:
            changed = {k: v for k, v in values.items() if getattr(original, k) != v}
            if original.medications is None:
                changed.pop("medications", None)  # never shown to this role, so never sent
            command = clients.UpdateClient(original.id, **changed)

        def call(uow: UnitOfWork, actor: Actor) -> clients.ClientProfile:
            if isinstance(command, clients.CreateClient):
                profile = clients.create_client(command, uow=uow, actor=actor)
            else:
                profile = clients.update_client(command, uow=uow, actor=actor)
            for channel, granted in consent.items():
                change = clients.SetMarketingConsent(profile.id, channel, granted)
                profile = clients.set_marketing_consent(change, uow=uow, actor=actor)
            return profile

        return call

    def _consent_changes(self) -> dict[str, bool]:
        before = self.profile.marketing_consent if self.profile else {}
        return {
            channel: granted
            for channel, granted in self.inputs.consent().items()
            if before.get(channel, False) != granted
        }

    def _saved(self, profile: clients.ClientProfile) -> None:
        self._set_busy(False)
        self.profile = profile
        self._snapshot = self.inputs.snapshot()
        self.saved.emit(profile)

    def _refused(self, err: BaseException) -> None:
        self._set_busy(False)
        if isinstance(err, ValidationError):
            self._show_errors(err.field_errors)
        else:
            show_failure(self, err, "Client not saved")

    def _show_errors(self, errors: Mapping[str, str]) -> None:
        self.body.reveal(self.errors.show(errors))

    def _set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.save_button.setText("Saving…" if busy else f"Save  ({native(SAVE)})")
