"""The chosen client's visits at a glance, beside their allergies in the booking dialog:
"Last visit: 12 Oct 2026 · Botox with Lee" (or "First visit") and the next one booked.
GUI thread.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QLabel

from medspa_desktop.services.client_visits import ClientVisits, Visit, client_visits
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import label


def visit_text(visit: Visit, zone: ZoneInfo, *, with_time: bool) -> str:
    local = visit.starts_at.astimezone(zone)
    when = f"{local.day} {local:%b %Y}"
    if with_time:
        when = f"{local:%a} {when}, {local:%H:%M}"
    return f"{when} · {visit.service_name} with {visit.staff_name}"


def visits_text(visits: ClientVisits, zone: ZoneInfo) -> str:
    """Two lines: the last visit (or that this is the first), and the next one if booked."""
    if visits.last is None:
        lines = ["First visit: no completed visit yet"]
    else:
        count = f" ({visits.completed} visits in all)" if visits.completed > 1 else ""
        lines = [f"Last visit: {visit_text(visits.last, zone, with_time=False)}{count}"]
    if visits.next is not None:
        lines.append(f"Next: {visit_text(visits.next, zone, with_time=True)}")
    return "\n".join(lines)


class VisitsLine:
    """Owns ``label``; ``look_up(client_id)`` fills it in (the latest client asked wins)."""

    def __init__(self, session: AppSession, time_zone: str) -> None:
        self._session = session
        self._zone = ZoneInfo(time_zone)
        self._wanted = ""
        self.label: QLabel = label("", wrap=True)
        self.label.setAccessibleName("The client's visits")
        self.label.setVisible(False)

    def look_up(self, client_id: str) -> None:
        self._wanted = client_id
        self.label.setVisible(False)
        self._session.query(
            self.label, lambda uow, actor: client_visits(client_id, uow=uow, actor=actor)
        ).success(lambda visits: self._show(client_id, visits)).failure(
            lambda _err: None  # only a glance: the booking goes on without it
        ).run()

    def _show(self, client_id: str, visits: ClientVisits) -> None:
        if client_id != self._wanted:
            return
        self.label.setText(visits_text(visits, self._zone))
        self.label.setVisible(True)
