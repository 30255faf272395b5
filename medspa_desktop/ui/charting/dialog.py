"""Charting a treatment beside the chair: the chart of one appointment, started through
``start_chart`` (a missing required consent shows its refusal and nothing else), the
warnings on top, the template's form, Save draft (Ctrl+S), and versions saved on two
devices made one. Sign… and Add addendum… are ``ChartSigning``'s. Every service call runs
on the database worker. GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QDialog, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.chart_builtin import BUILT_IN
from medspa_desktop.services.chart_read import ChartVersionView
from medspa_desktop.services.charts import (
    ReconcileChart,
    SaveChart,
    SavedChart,
    reconcile_siblings,
    save_chart,
)
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.ui.charting.addenda import Addenda
from medspa_desktop.ui.charting.form import ChartForm
from medspa_desktop.ui.charting.header import SAVE_KEYS, ChartHeader, state_text
from medspa_desktop.ui.charting.loading import (
    CHART_CHANGES,
    OpenedChart,
    in_words,
    read,
    start_and_read,
)
from medspa_desktop.ui.charting.look import CHARTING_QSS
from medspa_desktop.ui.charting.prompts import AddendumPrompt, SignPrompt, ask_before_closing
from medspa_desktop.ui.charting.signing import ChartSigning
from medspa_desktop.ui.dialogs import height_limit
from medspa_desktop.ui.kiosk.visit import forms_for
from medspa_desktop.ui.kiosk.window import open_kiosk
from medspa_desktop.ui.ops import show_failure
from medspa_desktop.ui.photos.dialog import PhotoDialog, open_photos
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import ResponsiveBox, label

WIDEST_PX = 1400
SIDE_MARGIN_PX = 16


class ChartDialog(QDialog):
    """The chart of ``appointment_id``; ``opened`` is what the services said last."""

    def __init__(self, parent: QWidget | None, session: AppSession, appointment_id: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Chart")
        self.setStyleSheet(CHARTING_QSS)
        self.session = session
        self.opened: OpenedChart | None = None
        self.form: ChartForm | None = None
        self.version_id: str | None = None
        """The version this screen edits from (the one it saved last)."""
        self.saved_body: dict[str, Any] = {}
        self.signing = ChartSigning(self)
        self.leaving: QMessageBox | None = None
        """The question asked when closing with changes not saved (for tests)."""
        self.appointment_id = appointment_id
        self._lay_out()
        self._shortcut = QShortcut(QKeySequence(SAVE_KEYS), self)
        self._shortcut.activated.connect(self.save)
        self.start()

    @property
    def prompt(self) -> SignPrompt | AddendumPrompt | None:
        """The password-or-PIN or addendum question open over the chart, if any."""
        return self.signing.prompt

    def start(self) -> None:
        """Start (or open) the chart; refused while a required consent is missing."""
        self.session.mutate(self, start_and_read(self.appointment_id), CHART_CHANGES).success(
            self._opened
        ).failure(self._refused).run()

    def _lay_out(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 12, 20, 14)
        column.setSpacing(10)
        self.header = ChartHeader()
        self.header.save.clicked.connect(self.save)
        self.header.sign.clicked.connect(self.signing.sign)
        self.header.addendum.clicked.connect(self.signing.ask_addendum)
        self.header.close_button.clicked.connect(self.reject)
        self.header.kiosk.clicked.connect(self.hand_over)
        self.header.photos.clicked.connect(self.show_photos)
        self.header.keep_mine.clicked.connect(lambda: self.reconcile(keep_mine=True))
        self.header.keep_theirs.clicked.connect(lambda: self.reconcile(keep_mine=False))
        self.header.warnings.setVisible(False)
        column.addWidget(self.header)
        self.pages = QStackedWidget()
        self.refusal = label("", "refusal", wrap=True)
        self.refusal.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(label("Opening the chart…", "hint"))
        self.pages.addWidget(self.refusal)
        column.addWidget(self.pages, 1)
        self.addenda = Addenda()
        column.addWidget(self.addenda)
        self.errors = label("", "fieldError", wrap=True)
        self.errors.setVisible(False)
        column.addWidget(self.errors)

    # ---- opening ---------------------------------------------------------------------------

    def _refused(self, err: BaseException) -> None:
        """A refusal to start (a consent missing) is all the screen shows."""
        self.header.heading.setText("This treatment can't be charted yet")
        self.refusal.setText(in_words(err))
        self.pages.setCurrentWidget(self.refusal)
        self.header.close_button.setFocus()
        self.session.query(self, forms_for(self.appointment_id)).success(
            lambda forms: self.header.offer_kiosk(forms.count > 0)
        ).failure(lambda _err: None).run()

    def _opened(self, opened: OpenedChart) -> None:
        if opened.warnings is not None:
            name = opened.warnings.client_name
            self.header.heading.setText(f"Chart — {name}")
            self.header.show_warnings(opened.warnings)
            self.header.warnings.setVisible(True)
            self.header.offer_kiosk(bool(opened.warnings.to_fill_in))
        self.show_chart(opened)

    def hand_over(self) -> None:
        """Kiosk mode for the client's missing forms; a refused chart tries again after."""
        witness = self.session.actor.staff_id if self.header.witness.isChecked() else None
        kiosk = open_kiosk(self, self.session, self.appointment_id, witness)
        kiosk.released.connect(lambda _staff: self.start() if self.opened is None else None)

    def show_chart(self, opened: OpenedChart) -> None:
        """Build the form afresh from the template version and show the chart's state."""
        keep_warnings = self.opened.warnings if self.opened else None
        self.opened = OpenedChart(opened.view, opened.lots, opened.warnings or keep_warnings)
        view = opened.view
        template = BUILT_IN.get(view.template_code)
        self.header.what.setText(
            f"{template.name if template else view.template_code} · {view.practitioner_name}"
        )
        form = ChartForm(view.template, opened.lots)
        form.load(view.current.body if view.current else {})
        if self.form is not None:
            self.pages.removeWidget(self.form)
            self.form.deleteLater()
        self.form = form
        self.pages.addWidget(form)
        self.pages.setCurrentWidget(form)
        self.version_id = self.version_id or (view.current.id if view.current else None)
        self.saved_body = form.body()
        signed = view.status == "signed"
        form.set_read_only(signed)
        self.header.state.setText(state_text(view))
        signer = self.session.staff is not None and self.session.actor.staff_id == view.staff_id
        self.header.set_actions(save=not signed, sign=not signed and signer, addendum=signed)
        self.header.siblings.setVisible(view.needs_reconciling)
        self.header.photos.setVisible(self.session.may(Action.PHOTO_VIEW))
        self.addenda.show_addenda(view.addenda)

    def show_photos(self) -> PhotoDialog | None:
        """The client's photos; new ones are linked to this chart and its appointment."""
        if self.opened is None:
            return None
        view, warnings = self.opened.view, self.opened.warnings
        name = warnings.client_name if warnings is not None else ""
        return open_photos(
            self, self.session, view.client_id, client_name=name,
            chart_id=view.chart_id, appointment_id=view.appointment_id,
        )  # fmt: skip

    def reload(self) -> None:
        if self.opened is None:
            return
        chart_id = self.opened.view.chart_id
        self.session.query(self, read(chart_id)).success(self.show_chart).run()

    # ---- saving ----------------------------------------------------------------------------

    def is_dirty(self) -> bool:
        return self.form is not None and self.form.body() != self.saved_body

    def reject(self) -> None:
        """Close (the Close button, Esc): with unsaved changes, ask first."""
        if not self.is_dirty() or self.opened is None or self.opened.view.status == "signed":
            super().reject()
            return
        self.leaving = ask_before_closing(
            self, lambda: self.save(then=super(ChartDialog, self).reject), super().reject
        )

    def save(self, then: Any = None) -> None:
        """Save draft: a new version edited from the one this screen holds."""
        if self.opened is None or self.form is None or self.opened.view.status == "signed":
            return
        command = SaveChart(self.opened.view.chart_id, self.form.body(), self.version_id)
        self.header.save.setEnabled(False)

        def saved(result: SavedChart) -> None:
            self.version_id = result.version_id
            self.header.save.setEnabled(True)
            self._clear_errors()
            self.reload()
            if callable(then) and not result.sibling_ids:
                then()

        self.session.mutate(
            self, lambda uow, actor: save_chart(command, uow=uow, actor=actor), CHART_CHANGES
        ).success(saved).failure(self._not_saved).run()

    def _not_saved(self, err: BaseException) -> None:
        self.header.save.setEnabled(True)
        self.show_error(err)

    def show_error(self, err: BaseException) -> None:
        form = self.form
        if isinstance(err, ValidationError) and form and form.show_errors(err.field_errors):
            self.errors.setText("Some fields need another look; see the notes under them.")
            self.errors.setVisible(True)
            return
        show_failure(self, err, "Chart not saved")

    def _clear_errors(self) -> None:
        self.errors.setVisible(False)
        if self.form is not None:
            self.form.show_errors({})

    def reconcile(self, *, keep_mine: bool) -> None:
        """One version from the sibling versions: this screen's, or the other device's."""
        if self.opened is None or self.form is None:
            return
        view = self.opened.view
        versions = [v for v in (view.current, *view.siblings) if v is not None]
        mine = next((v for v in versions if v.id == self.version_id), versions[0])
        theirs = [v for v in versions if v.id != mine.id]
        kept: ChartVersionView = mine if keep_mine else theirs[0]
        body = self.form.body() if keep_mine else dict(kept.body)
        parents = (kept.id, *(v.id for v in versions if v.id != kept.id))
        command = ReconcileChart(view.chart_id, body, parents)

        def done(result: SavedChart) -> None:
            self.version_id = result.version_id
            self.reload()

        self.session.mutate(
            self, lambda uow, actor: reconcile_siblings(command, uow=uow, actor=actor),
            CHART_CHANGES,
        ).success(done).failure(self.show_error).run()  # fmt: skip

    # ---- size ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        if not event.spontaneous():
            parent = self.parentWidget()
            window = parent.window() if parent is not None else None
            screen_width = self.screen().availableGeometry().width()
            width = window.width() if window is not None else screen_width
            self.resize(min(width - 2 * SIDE_MARGIN_PX, WIDEST_PX), self.height())
            ResponsiveBox.arrange_within(self)
            self.resize(self.width(), height_limit(self))
        super().showEvent(event)


def open_chart(parent: QWidget | None, session: AppSession, appointment_id: str) -> ChartDialog:
    """Open the chart of ``appointment_id`` over ``parent`` (window modal). GUI thread."""
    dialog = ChartDialog(parent, session, appointment_id)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
