"""Kiosk mode: the tablet handed to the client, full screen, showing only their own forms.

A welcome with their first name, then each pending consent (read, print name, sign) and
intake questionnaire in turn, then "Thank you — please hand the tablet back". Only a member
of staff's PIN leaves kiosk mode: Esc, Alt+F4 and closing the window are refused. Every
service call runs on the database worker. GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from medspa_desktop.domain.signature import Signature
from medspa_desktop.reports.consent_pdf import CONSENT_PRINTER
from medspa_desktop.services.consent_collect import CollectConsent, collect_consent
from medspa_desktop.services.errors import ServiceError, ValidationError
from medspa_desktop.services.intake import SubmitIntake, submit_intake
from medspa_desktop.store.errors import StoreError
from medspa_desktop.ui.kiosk.consent_page import ConsentPage
from medspa_desktop.ui.kiosk.intake_page import IntakePage
from medspa_desktop.ui.kiosk.look import KIOSK_QSS
from medspa_desktop.ui.kiosk.staff_exit import StaffExit
from medspa_desktop.ui.kiosk.visit import KioskForms, forms_for
from medspa_desktop.ui.ops import GENERIC_FAILURE, Changed, OpChanges
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import button, label

THANKS = "Thank you — please hand the tablet back"
NOTHING_DUE = "Your forms are all up to date."
STUCK = "Please ask a member of staff for help."


def in_words(err: BaseException) -> str:
    """A refusal in words the client can read out to staff."""
    if isinstance(err, ValidationError) and err.field_errors:
        return " ".join(err.field_errors.values())
    if isinstance(err, ServiceError | StoreError):
        return str(err)
    return GENERIC_FAILURE


def centred(*widgets: QWidget) -> QWidget:
    page = QWidget()
    column = QVBoxLayout(page)
    column.addStretch(2)
    for widget in widgets:
        # NOTE: a wrapped label is not aligned (its maximum width centres it): an aligned
        # item loses height-for-width and the text would be cut on a narrow screen.
        wraps = isinstance(widget, QLabel) and widget.wordWrap()
        column.addWidget(widget, 0, Qt.AlignmentFlag(0) if wraps else Qt.AlignmentFlag.AlignHCenter)
        column.addSpacing(18)
    column.addStretch(3)
    return page


class KioskWindow(QWidget):
    """The forms of the client of ``appointment_id``; ``released(staff_name)`` on leaving."""

    released = Signal(str)

    def __init__(
        self,
        parent: QWidget | None,
        session: AppSession,
        appointment_id: str,
        witness_staff_id: str | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("Kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(KIOSK_QSS)
        self.setWindowTitle("Your forms")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.session = session
        self.witness_staff_id = witness_staff_id
        """The member of staff who watches the client sign, named on each consent signed."""
        self.forms: KioskForms | None = None
        self.form_pages: list[ConsentPage | IntakePage] = []
        self.leaving_allowed = False
        self._lay_out()
        session.query(self, forms_for(appointment_id)).success(self._loaded).failure(
            lambda err: self._say(in_words(err), STUCK)
        ).run()

    def _lay_out(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 12, 8)
        top = QHBoxLayout()
        top.addStretch(1)
        self.staff_button = button("Staff", "staff")
        self.staff_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.staff_button.clicked.connect(self.ask_staff)
        top.addWidget(self.staff_button)
        column.addLayout(top)
        self.pages = QStackedWidget()
        self.heading = label("Getting your forms ready…", "welcome", wrap=True)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lead = label("", "lead", wrap=True)
        self.lead.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lead.setMaximumWidth(900)
        self.start_button = button("Start", "primary")
        self.start_button.setMinimumWidth(320)
        self.start_button.setVisible(False)
        self.start_button.clicked.connect(lambda: self._show_form(0))
        self.message = centred(self.heading, self.lead, self.start_button)
        self.pages.addWidget(self.message)
        self.staff_exit = StaffExit(self.session)
        self.staff_exit.back.connect(self._back_to_client)
        self.staff_exit.verified.connect(self._leave)
        self.pages.addWidget(self.staff_exit)
        column.addWidget(self.pages, 1)
        self._client_page: QWidget = self.message

    # ---- the client's forms ----------------------------------------------------------------

    def _loaded(self, forms: KioskForms) -> None:
        self.forms = forms
        total = forms.count
        steps = [f"Form {n} of {total}" for n in range(1, total + 1)]
        for preview, step in zip(forms.consents, steps, strict=False):
            consent = ConsentPage(preview, step)
            consent.sign_asked.connect(
                lambda name, strokes, p=consent: self._collect(p, name, strokes)
            )
            consent.staff_asked.connect(self.ask_staff)
            self.form_pages.append(consent)
        for form, step in zip(forms.intakes, steps[len(forms.consents) :], strict=False):
            intake = IntakePage(form, step)
            intake.submit_asked.connect(lambda answers, p=intake: self._submit(p, answers))
            self.form_pages.append(intake)
        for page in self.form_pages:
            self.pages.addWidget(page)
        if not total:
            self._say(f"Welcome, {forms.first_name}", f"{NOTHING_DUE} {THANKS}.")
            return
        noun = "form" if total == 1 else f"{total} forms"
        self._say(
            f"Welcome, {forms.first_name}",
            f"Please read and complete {'this ' if total == 1 else ''}{noun}. "
            "Take your time; a member of staff is nearby if you have a question.",
        )
        self.start_button.setVisible(True)

    def _say(self, heading: str, lead: str) -> None:
        self.heading.setText(heading)
        self.lead.setText(lead)
        self.start_button.setVisible(False)
        self._show(self.message)

    def _show(self, page: QWidget) -> None:
        self._client_page = page
        self.pages.setCurrentWidget(page)

    def _show_form(self, index: int) -> None:
        if index < len(self.form_pages):
            self._show(self.form_pages[index])
        else:
            self._say(THANKS, "")

    def _next_after(self, page: QWidget) -> None:
        self._show_form(self.form_pages.index(page) + 1)  # type: ignore[arg-type]

    def _collect(self, page: ConsentPage, printed_name: str, strokes: Signature) -> None:
        assert self.forms is not None
        forms = self.forms
        command = CollectConsent(
            forms.client_id,
            page.preview.template_version_id,
            forms.appointment_id,
            printed_name,
            strokes,
            witness_staff_id=self.witness_staff_id,
        )
        blobs = self.session.store.blobs
        self.session.mutate(
            self,
            lambda uow, actor: collect_consent(
                command, uow=uow, actor=actor, blobs=blobs, printer=CONSENT_PRINTER
            ),
            OpChanges.of(Changed.CLIENTS, Changed.APPOINTMENTS, client_id=forms.client_id),
        ).success(lambda _signed: self._next_after(page)).failure(
            lambda err: page.show_error(f"Your signature was not kept. {in_words(err)}")
        ).run()

    def _submit(self, page: IntakePage, answers: dict[str, object]) -> None:
        assert self.forms is not None
        command = SubmitIntake(self.forms.client_id, page.form.id, answers)

        def refused(err: BaseException) -> None:
            errors = err.field_errors if isinstance(err, ValidationError) else {}
            page.show_errors(errors, in_words(err))

        self.session.mutate(
            self,
            lambda uow, actor: submit_intake(command, uow=uow, actor=actor),
            OpChanges.of(Changed.CLIENTS, client_id=self.forms.client_id),
        ).success(lambda _sent: self._next_after(page)).failure(refused).run()

    # ---- leaving needs staff ---------------------------------------------------------------

    def ask_staff(self) -> None:
        """Show the staff PIN page; the client's page stays as it was behind it."""
        if self.pages.currentWidget() is not self.staff_exit:
            self.staff_exit.start()
            self.pages.setCurrentWidget(self.staff_exit)

    def _back_to_client(self) -> None:
        self.pages.setCurrentWidget(self._client_page)

    def _leave(self, staff_name: str) -> None:
        self.leaving_allowed = True
        self.close()
        self.released.emit(staff_name)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # NOTE: Esc would otherwise do nothing here, but a parent dialog could take it.
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Alt+F4 and the window's close button are refused until a PIN was verified."""
        if self.leaving_allowed:
            super().closeEvent(event)
        else:
            event.ignore()


def open_kiosk(
    parent: QWidget | None,
    session: AppSession,
    appointment_id: str,
    witness_staff_id: str | None = None,
) -> KioskWindow:
    """Hand the tablet to the client of ``appointment_id``: kiosk mode, full screen; each
    consent signed names ``witness_staff_id`` as its witness when given. GUI thread."""
    kiosk = KioskWindow(parent, session, appointment_id, witness_staff_id)
    kiosk.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    kiosk.showFullScreen()
    return kiosk
