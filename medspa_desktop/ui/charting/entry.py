"""The chart's place in the appointment details beside the calendar: "Chart…" for those who
chart (practitioners, managers, owners) once the client has arrived; for the front desk
only whether the visit is charted, never its content. GUI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from medspa_desktop.domain import appointment_status as st
from medspa_desktop.domain.actions import Action
from medspa_desktop.services.calendar_rows import CalendarCard
from medspa_desktop.services.chart_read import ChartListing, charts_of_client
from medspa_desktop.ui.charting.dialog import ChartDialog, open_chart
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import button, label

CHARTABLE = frozenset({st.CHECKED_IN, st.IN_TREATMENT, st.COMPLETED})


def charted_words(listing: ChartListing | None) -> str:
    if listing is None:
        return "Not charted"
    return "Charted ✓" if listing.status == "signed" else "Chart started, not signed"


class ChartEntry(QWidget):
    """``chart_button`` opens the chart; ``charted`` says whether there is one."""

    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.charted = label("", "hint")
        self.chart_button = button("Chart…", "primary")
        self.chart_button.setToolTip("Chart this treatment")
        self.chart_button.clicked.connect(self.open)
        column.addWidget(self.charted)
        column.addWidget(self.chart_button)
        self.card: CalendarCard | None = None
        self.dialog: ChartDialog | None = None
        self.session: AppSession | None = None
        """Set by the calendar (``ChosenAppointment``) that shows this entry."""

    def show_card(self, card: CalendarCard) -> bool:
        """Show what ``card``'s viewer may see of its chart; whether "Chart…" is offered."""
        self.card = card
        session = self.session
        arrived = card.status in CHARTABLE
        charts = session is not None and session.may(Action.CHART_WRITE)
        self.chart_button.setVisible(arrived and charts)
        self.charted.setVisible(False)
        if session is not None and arrived and not charts and session.may(Action.CHART_LIST):
            self._look_up(session, card)
        return arrived and charts

    def _look_up(self, session: AppSession, card: CalendarCard) -> None:
        def found(listings: tuple[ChartListing, ...]) -> None:
            if self.card is card:
                match = next((x for x in listings if x.appointment_id == card.id), None)
                self.charted.setText(charted_words(match))
                self.charted.setVisible(True)

        session.query(
            self, lambda uow, actor: charts_of_client(card.client_id, uow=uow, actor=actor)
        ).success(found).failure(lambda _err: None).run()

    def open(self) -> None:
        session = self.session
        if self.card is not None and session is not None:
            self.dialog = open_chart(self.window(), session, self.card.id)
