"""The Clients section: list and search, profile, and the add/edit form, one at a time."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget

from medspa_desktop.services import clients
from medspa_desktop.ui.clients.form import ClientForm
from medspa_desktop.ui.clients.list_page import ClientListPage
from medspa_desktop.ui.clients.profile import ClientProfileView
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.session import AppSession


class ClientsSection(QStackedWidget):
    """Moves between the list, a profile and the form; asks before unsaved edits are lost."""

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self._session = session
        self.list_page = ClientListPage(session, lambda: session.country)
        self.profile = ClientProfileView(session)
        self.form = ClientForm(session)
        for page in (self.list_page, self.profile, self.form):
            self.addWidget(page)
        self.list_page.open_client.connect(self.open_client)
        self.list_page.new_client.connect(self.new_client)
        self.profile.back_requested.connect(self.find)
        self.profile.edit_requested.connect(self.edit_client)
        self.form.saved.connect(self._saved)
        self.form.cancelled.connect(self._form_closed)
        session.hub.changed.connect(self._on_changes)
        self.list_page.refresh()

    def find(self) -> None:
        """Back to the list with the search box ready (Ctrl+F, Esc on a profile)."""
        if self.currentWidget() is self.form and not self.form.may_leave():
            return
        self.setCurrentWidget(self.list_page)
        self.list_page.focus_search()

    def new_client(self) -> None:
        if self.currentWidget() is self.form and not self.form.may_leave():
            return
        self.form.create()
        self.setCurrentWidget(self.form)
        self.form.inputs.first_name.setFocus()

    def open_client(self, client_id: str) -> None:
        self._session.query(
            self,
            lambda uow, actor: clients.get_client_profile(client_id, uow=uow, actor=actor),
        ).success(lambda profile: self._show_profile(profile, again=True)).run()

    def edit_client(self) -> None:
        if self.profile.profile is None:
            return
        self.form.edit(self.profile.profile)
        self.setCurrentWidget(self.form)

    def shut_down(self) -> None:
        self.list_page.shut_down()

    def _show_profile(self, profile: clients.ClientProfile, *, again: bool = False) -> None:
        self.profile.show_profile(profile, again=again)
        self.setCurrentWidget(self.profile)
        self.profile.edit_button.setFocus()

    def _saved(self, profile: clients.ClientProfile) -> None:
        self._show_profile(profile)

    def _form_closed(self) -> None:
        if self.form.profile is not None and self.profile.profile is not None:
            self.setCurrentWidget(self.profile)
        else:
            self.find()

    def _on_changes(self, changes: OpChanges) -> None:
        if not changes.touches(Changed.CLIENTS):
            return
        self.list_page.refresh()
        shown = self.profile.profile
        if shown is None or changes.initiator is self.form:
            return
        if changes.client_ids and shown.id not in changes.client_ids:
            return  # NOTE: a change for no client in particular is a sync: it may touch this one
        self._session.query(
            self, lambda uow, actor: clients.get_client_profile(shown.id, uow=uow, actor=actor)
        ).success(self.profile.show_profile).run()
