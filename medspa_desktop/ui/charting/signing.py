"""Signing a chart and adding addenda to a signed one: the prompt that asks for the
practitioner's password or PIN (or the addendum's text), the service call on the database
worker, and then the prompt closed and the chart read again, or the refusal shown where it
belongs (a wrong secret in the prompt, fields to fill in on the form). GUI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from medspa_desktop.services.chart_sign import SignChart, SignedChart, sign_chart
from medspa_desktop.services.charts import AddAddendum, AddendumAdded, add_addendum
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.ui.charting.loading import CHART_CHANGES, in_words
from medspa_desktop.ui.charting.prompts import AddendumPrompt, SignPrompt

if TYPE_CHECKING:
    from medspa_desktop.ui.charting.dialog import ChartDialog


class ChartSigning(QObject):
    """Sign… and Add addendum… of ``chart``; ``prompt`` is the question open now, if any."""

    def __init__(self, chart: ChartDialog) -> None:
        super().__init__(chart)
        self.chart = chart
        self.prompt: SignPrompt | AddendumPrompt | None = None

    def sign(self) -> None:
        """Save what changed first, then ask for the password or PIN."""
        chart = self.chart
        if chart.opened is None:
            return
        if chart.is_dirty() or chart.version_id is None:
            chart.save(then=self._ask_secret)
        else:
            self._ask_secret()

    def ask_addendum(self) -> None:
        prompt = AddendumPrompt(self.chart)
        prompt.given.connect(self._add_addendum)
        self._open_prompt(prompt)

    def _ask_secret(self) -> None:
        prompt = SignPrompt(self.chart)
        prompt.given.connect(self._sign_with)
        self._open_prompt(prompt)

    def _sign_with(self, secret: str) -> None:
        chart = self.chart
        assert chart.opened is not None
        command = SignChart(chart.opened.view.chart_id, secret)
        chart.session.mutate(
            chart, lambda uow, actor: sign_chart(command, uow=uow, actor=actor), CHART_CHANGES
        ).success(self._signed).failure(self._not_signed).run()

    def _signed(self, _signed: SignedChart) -> None:
        self._close_prompt()
        self.chart.reload()

    def _not_signed(self, err: BaseException) -> None:
        """A wrong password or PIN is said in the prompt; fields to fill in, on the form."""
        form = self.chart.form
        fields = form.fields if form is not None else {}
        errors = err.field_errors if isinstance(err, ValidationError) else {}
        if any(key in fields for key in errors):
            self._close_prompt()
            self.chart.show_error(err)
        elif self.prompt is not None:
            self.prompt.show_error(next(iter(errors.values()), in_words(err)))

    def _add_addendum(self, text: str) -> None:
        chart = self.chart
        assert chart.opened is not None
        command = AddAddendum(chart.opened.view.chart_id, text)
        chart.session.mutate(
            chart, lambda uow, actor: add_addendum(command, uow=uow, actor=actor), CHART_CHANGES
        ).success(self._added).failure(
            lambda err: self.prompt.show_error(in_words(err)) if self.prompt else None
        ).run()

    def _added(self, _added: AddendumAdded) -> None:
        self._close_prompt()
        self.chart.reload()

    def _open_prompt(self, prompt: SignPrompt | AddendumPrompt) -> None:
        self.prompt = prompt
        prompt.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        prompt.finished.connect(lambda _r: setattr(self, "prompt", None))
        prompt.open()

    def _close_prompt(self) -> None:
        if self.prompt is not None:
            self.prompt.accept()
