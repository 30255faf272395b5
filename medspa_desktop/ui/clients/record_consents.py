"""The Consents tab of the client's record: every consent the client signed and every form
their booked treatments still need, each with its state in words and colour. Practitioners,
managers and owners open a signed one (the PDF, its verification, Print…, Withdraw…); the
front desk sees the states only. GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from medspa_desktop.domain.actions import Action
from medspa_desktop.services.consent_records import SignedConsentSummary
from medspa_desktop.ui.clients.record_consent_view import ConsentViewer
from medspa_desktop.ui.clients.record_look import RecordRow, rows_layout, set_tone
from medspa_desktop.ui.clients.record_tab import RecordTab, concerns_client
from medspa_desktop.ui.clients.record_words import (
    StateWords,
    missing_words,
    signed_words,
)
from medspa_desktop.ui.clients.record_work import ClientConsents, consents_of
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import button, label

CLINICAL_HINT = "Signed consents, newest first, and the forms booked treatments still need."
DESK_HINT = (
    CLINICAL_HINT + " Practitioners, managers and owners can open a signed form; "
    "a missing one is signed on the tablet when the client arrives."
)
NOTHING = "No consent signed and none needed for the treatments booked."


class ConsentRow(RecordRow):
    """One form: its name, its state in words, and "Open…" where the role may."""

    def __init__(
        self, title: str, words: StateWords, signed: SignedConsentSummary | None, *, may_open: bool
    ) -> None:
        super().__init__()
        self.signed = signed
        """``None`` for a form never signed."""
        set_tone(self, words.tone)
        row = QHBoxLayout()
        texts = QVBoxLayout()
        texts.setSpacing(2)
        self.title = label(title, "subtitle", wrap=True)
        self.state = label(words.text, wrap=True)
        set_tone(self.state, words.tone)
        texts.addWidget(self.title)
        texts.addWidget(self.state)
        row.addLayout(texts, 1)
        self.open_button = button("Open…")
        self.open_button.setToolTip("Show the signed form, check it and print it")
        row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.column.addLayout(row)
        # NOTE: hidden only once it has a parent: a parentless widget made visible opens as
        # a window of its own, which takes the keyboard from the main window.
        self.open_button.setVisible(may_open and signed is not None)


class ConsentsTab(RecordTab):
    """``attention(bool)``: whether a booked treatment still needs a form signed."""

    attention = Signal(bool)

    def __init__(self, session: AppSession) -> None:
        super().__init__(session)
        self.may_open = session.may(Action.CONSENT_VIEW)
        self.rows: list[ConsentRow] = []
        self.viewer: ConsentViewer | None = None
        hint = CLINICAL_HINT if self.may_open else DESK_HINT
        self.status, self.list = rows_layout(self, hint, spacing=8)

    def show_client(self, client_id: str, client_name: str) -> None:
        """Read at once, on screen or not: the tab's title warns of a missing form."""
        super().show_client(client_id, client_name)
        if self.stale:
            self.reload()

    def concerns(self, changes: OpChanges, client_id: str) -> bool:
        kinds = (Changed.CLIENTS, Changed.APPOINTMENTS, Changed.SERVICE_MENU)
        return concerns_client(changes, client_id, *kinds)

    def load(self, client_id: str) -> None:
        if not self.rows:
            self._say("Reading the client's consents…")
        self.ask(consents_of(client_id), self.show_consents)

    def clear(self) -> None:
        for row in self.rows:
            self.list.removeWidget(row)
            row.deleteLater()
        self.rows = []
        self._say("")

    def show_problem(self, text: str) -> None:
        self._say(f"The consents could not be read. {text}")

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def show_consents(self, consents: ClientConsents) -> None:
        self.clear()
        needs = {need.template_id: need for need in consents.needed}
        latest: set[str] = set()
        for need in consents.needed:
            if not any(s.template_id == need.template_id for s in consents.signed):
                self._add(need.template_name, missing_words(need), None)
        for signed in consents.signed:  # newest first
            newer = signed.template_id in latest
            latest.add(signed.template_id)
            still_needed = None if newer else needs.get(signed.template_id)
            words = signed_words(signed, still_needed, newer=newer)
            self._add(f"{signed.template_name} (version {signed.version})", words, signed)
        self._say("" if self.rows else NOTHING)
        self.attention.emit(bool(consents.needed))

    def _add(self, title: str, words: StateWords, signed: SignedConsentSummary | None) -> None:
        row = ConsentRow(title, words, signed, may_open=self.may_open)
        if signed is not None:
            row.open_button.clicked.connect(lambda: self.open_signed(signed))
        self.list.insertWidget(len(self.rows), row)
        self.rows.append(row)

    def open_signed(self, signed: SignedConsentSummary) -> ConsentViewer:
        """Show the signed form over the window (its PDF is read on the database worker)."""
        viewer = ConsentViewer(self.window(), self.session, signed, self.client_name)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.finished.connect(lambda _result: setattr(self, "viewer", None))
        self.viewer = viewer
        viewer.open()
        return viewer
