"""Who the booking is for: type-ahead search, or a new client added on the spot, and the
chosen client's allergies and medical flags shown where nobody can miss them. GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.services import clients
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.ui.calendar.booking_visits import VisitsLine
from medspa_desktop.ui.clients.finder import ClientFinder, Found
from medspa_desktop.ui.clients.model import display_date, display_phone
from medspa_desktop.ui.ops import Changed, OpChanges, show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.style import row_height
from medspa_desktop.ui.widgets import AlertBanner, FieldErrors, button, button_row, label

NEW_FIELDS = (("First name *", "first_name"), ("Last name *", "last_name"),
              ("Phone", "phone"), ("E-mail", "email"))  # fmt: skip
TYPING = {
    "phone": Qt.InputMethodHint.ImhDialableCharactersOnly,
    "email": Qt.InputMethodHint.ImhEmailCharactersOnly,
}
"""What an on-screen keyboard offers for the new client's phone and e-mail."""
SHOWN_MATCHES = 5


class ClientPicker(QWidget):
    """Emits ``chosen(ClientProfile)``; ``profile`` is the client chosen so far.

    ``time_zone`` is the location's, for the dates of the client's last and next visits."""

    chosen = Signal(object)

    def __init__(self, session: AppSession, time_zone: str = "UTC") -> None:
        super().__init__()
        self._session = session
        self.visits = VisitsLine(session, time_zone)
        self.profile: clients.ClientProfile | None = None
        self.finder = ClientFinder(session, lambda: session.country)
        self.finder.setParent(self)
        self.finder.found.connect(self._show_matches)
        self.finder.failed.connect(lambda err: show_failure(self, err, "Search failed"))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self._search_row())
        self.matches = QListWidget()
        self.matches.setAccessibleName("Matching clients")
        self.matches.setMaximumHeight(row_height() * SHOWN_MATCHES + 6)
        self.matches.itemActivated.connect(self._pick)
        self.matches.itemClicked.connect(self._pick)
        self.matches.setVisible(False)
        column.addWidget(self.matches)
        self.new_form = self._new_client_form()
        column.addWidget(self.new_form)
        column.addWidget(self._chosen_card())

    def _search_row(self) -> QWidget:
        row_widget = QWidget()
        row = QVBoxLayout(row_widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find the client: name, phone or e-mail")
        self.search.setAccessibleName("Find the client")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._typed)
        self.search.returnPressed.connect(self._pick_first)
        self.new_button = button("New client…")
        self.new_button.setToolTip("Not found? Add them here with a name and phone or e-mail")
        self.new_button.clicked.connect(self.start_new)
        row.addWidget(self.search)
        new_row = QHBoxLayout()
        new_row.addWidget(label("Not found?", "hint"))
        new_row.addWidget(self.new_button)
        new_row.addStretch(1)
        row.addLayout(new_row)
        return row_widget

    def _new_client_form(self) -> QWidget:
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.setContentsMargins(0, 0, 0, 0)
        self.errors = FieldErrors(label("", "fieldError", wrap=True))
        form.addRow(self.errors.general)
        self.new_inputs: dict[str, QLineEdit] = {}
        for title, name in NEW_FIELDS:
            box = QLineEdit()
            box.setAccessibleName(title.rstrip(" *"))
            box.setInputMethodHints(TYPING.get(name, Qt.InputMethodHint.ImhNone))
            holder = QVBoxLayout()
            holder.setSpacing(2)
            holder.addWidget(box)
            holder.addWidget(self.errors.register(name, box))
            form.addRow(title, holder)
            self.new_inputs[name] = box
        self.add_button = button("Add client", "primary")
        self.add_button.clicked.connect(self.add_client)
        back = button("Back to search")
        back.clicked.connect(lambda: self.new_form.setVisible(False))
        form.addRow(button_row(back, self.add_button))
        form_widget.setVisible(False)
        return form_widget

    def _chosen_card(self) -> QWidget:
        card = QWidget()
        column = QVBoxLayout(card)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(6)
        self.name = label("No client chosen yet", "subtitle", wrap=True)
        self.contact = label("", "hint", wrap=True)
        self.allergies = AlertBanner("danger")
        self.flags = AlertBanner("warning")
        self.no_alerts = label("", "hint")
        parts = (self.name, self.contact, self.visits.label, self.allergies, self.flags,
                 self.no_alerts)  # fmt: skip
        for widget in parts:
            column.addWidget(widget)
        for widget in (self.allergies, self.flags, self.no_alerts):
            widget.setVisible(False)
        return card

    # ---- searching -------------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        if text.strip():
            self.finder.type(text)
        else:
            self.matches.clear()
            self.matches.setVisible(False)

    def _show_matches(self, answer: Found) -> None:
        if answer.text != self.search.text() or not answer.text.strip():
            return  # the box changed (or was cleared) since: not these
        self.matches.clear()
        for row in answer.rows[: SHOWN_MATCHES * 4]:
            alert = "  ⚠ alert" if row.summary.has_medical_alerts else ""
            item = QListWidgetItem(f"{row.name}   {row.phone}{alert}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.matches.addItem(item)
        if not answer.rows:
            self.matches.addItem("Nobody matches: check the spelling, or add them as a new client.")
        self.matches.setVisible(True)
        self.matches.setCurrentRow(0)

    def _pick_first(self) -> None:
        if self.matches.count():
            self._pick(self.matches.item(0))

    def _pick(self, item: QListWidgetItem) -> None:
        client_id = item.data(Qt.ItemDataRole.UserRole)
        if client_id:
            self.choose(client_id)

    def choose(self, client_id: str) -> None:
        """Open the client's profile (audited) and show it as the one being booked."""
        self._session.query(
            self, lambda uow, actor: clients.get_client_profile(client_id, uow=uow, actor=actor)
        ).success(self.show_profile).run()

    # ---- a new client ----------------------------------------------------------------------

    def start_new(self) -> None:
        words = self.search.text().split()
        self.errors.clear()
        for box in self.new_inputs.values():
            box.clear()
        if words:
            self.new_inputs["first_name"].setText(words[0].title())
            self.new_inputs["last_name"].setText(" ".join(words[1:]).title())
        self.matches.setVisible(False)
        self.new_form.setVisible(True)
        self.new_inputs["first_name"].setFocus()

    def add_client(self) -> None:
        typed = {name: box.text() for name, box in self.new_inputs.items()}
        command = clients.CreateClient(
            typed["first_name"], typed["last_name"], phone=typed["phone"], email=typed["email"]
        )
        self.add_button.setEnabled(False)
        self._session.mutate(
            self,
            lambda uow, actor: clients.create_client(command, uow=uow, actor=actor),
            lambda made: OpChanges.of(Changed.CLIENTS, client_id=made.id),
        ).success(self._added).failure(self._not_added).run()

    def _added(self, profile: clients.ClientProfile) -> None:
        self.add_button.setEnabled(True)
        self.new_form.setVisible(False)
        self.show_profile(profile)

    def _not_added(self, err: BaseException) -> None:
        self.add_button.setEnabled(True)
        if isinstance(err, ValidationError):
            self.errors.show(err.field_errors)
        else:
            show_failure(self, err, "Client not added")

    # ---- the chosen client ---------------------------------------------------------------

    def show_profile(self, profile: clients.ClientProfile) -> None:
        self.profile = profile
        self.matches.setVisible(False)
        self.name.setText(f"{profile.first_name} {profile.last_name}")
        phone = display_phone(profile.phone, self._session.country)
        since = f"Client since {display_date(profile.created_at.date())}"
        self.contact.setText("  ·  ".join(part for part in (phone, profile.email, since) if part))
        self.visits.look_up(profile.id)
        allergies = profile.allergies.strip()
        self.allergies.set_message("⚠ Allergies", allergies)
        self.allergies.setVisible(bool(allergies))
        self.flags.set_message("⚠ Medical flags", "  •  ".join(profile.medical_flags))
        self.flags.setVisible(bool(profile.medical_flags))
        self.no_alerts.setText("No allergies or medical flags recorded.")
        self.no_alerts.setVisible(not allergies and not profile.medical_flags)
        self.chosen.emit(profile)
