"""One request's walk through the booking steps: the visit, a read session, the clinic, and
the pages of each step with what they need (the routes in ``pages.py`` and ``submit.py``).

Public API (worker thread): ``Wizard.open(request, location_id, kind=VIEW)`` (a context
manager; raises ``Refusal`` for the 404 and 429 pages), its step pages and checks (each
check raises ``Refusal`` with the step's page and a message when a value is not one the
visitor could have chosen), ``url(clinic, step, **params)``, ``TAKEN``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response
from sqlalchemy.orm import Session

from medspa_desktop.domain.ids import new_id
from medspa_server.booking.clinic import Clinic, Treatment, treatments
from medspa_server.booking.csrf import form_token
from medspa_server.booking.facts import load_schedule, staff_names
from medspa_server.booking.forms import start_text
from medspa_server.booking.openings import Choice, choose
from medspa_server.booking.steps import (
    ANY,
    DAYS_SHOWN,
    day_window,
    practitioners,
    time_options,
)
from medspa_server.booking.views import Refusal, Visit, render
from medspa_server.booking.visits import VIEW, clinic_of, database_of, remembered, start_visit
from medspa_server.booking.words import Words

TAKEN = "Sorry, that time has just been taken. Please choose another time."
ANY_LABEL = "any available practitioner"
_ABROAD = "For a number from another country, start with + and the country code."
DETAIL_FIELDS = (
    # (field, label, input type, autocomplete, hint)
    ("first_name", "First name", "text", "given-name", ""),
    ("last_name", "Last name", "text", "family-name", ""),
    ("phone", "Mobile phone number", "tel", "tel", _ABROAD),
    ("email", "E-mail address", "email", "email", "We send your booking confirmation here."),
)


def url(clinic: Clinic, step: str, **params: str | None) -> str:
    """The path of a step of ``clinic``'s booking page with these query values."""
    path = f"/book/{clinic.location_id}" + (f"/{step}" if step else "")
    query = urlencode({name: value for name, value in params.items() if value})
    return f"{path}?{query}" if query else path


@dataclass(frozen=True)
class Summary:
    treatment: str
    minutes: int
    price_minor: int
    staff: str
    day: str
    time: str
    zone: str


@dataclass
class Wizard:
    visit: Visit
    session: Session
    clinic: Clinic

    @classmethod
    @contextmanager
    def open(cls, request: Request, location_id: str, kind: str = VIEW) -> Iterator[Wizard]:
        visit = start_visit(request, kind)
        with database_of(request).read() as session:
            yield cls(visit, session, clinic_of(visit, session, location_id))

    @property
    def words(self) -> Words:
        return Words(self.clinic.time_zone, self.clinic.country)

    def page(self, template: str, status: int = 200, **context: Any) -> Response:
        """A page of this clinic (errors and messages default to none)."""
        context.setdefault("errors", {})
        context.setdefault("anchors", {})
        context.setdefault("message", None)
        return render(self.visit, template, status, clinic=self.clinic, **context)

    def remembered(self) -> dict[str, str]:
        return remembered(self.visit)

    def local_day(self, moment: dt.datetime) -> dt.date:
        return self.words.local(moment).date()

    def treatment_page(
        self,
        *,
        chosen: str | None = None,
        error: str = "",
        message: str | None = None,
        status: int = 200,
    ) -> Response:
        menu = treatments(self.session, self.clinic)
        errors = {"service": error} if error else {}
        return self.page(
            "treatment.html",
            status,
            menu=menu,
            chosen=chosen,
            errors=errors,
            anchors={"service": "service-1"},
            message=message,
        )

    def treatment(self, service: str | None) -> Treatment:
        """The chosen treatment, or the treatment page saying what to do."""
        found = next((t for t in treatments(self.session, self.clinic) if t.id == service), None)
        if found is None:
            error = "Choose a treatment." if not service else _NOT_ONLINE
            raise Refusal(self.treatment_page(error=error, status=400))
        return found

    def staff_id(self, treatment: Treatment, staff: str | None) -> str | None:
        """The chosen practitioner (None for any), or the practitioner page saying what to do."""
        if staff == ANY:
            return None
        if staff and staff in treatment.needs.qualified_staff_ids:
            return staff
        people = practitioners(self.session, self.clinic, treatment)
        error = "Choose a practitioner, or any available practitioner."
        response = self.page(
            "practitioner.html",
            400,
            treatment=treatment,
            people=people,
            chosen=None,
            errors={"staff": error},
            anchors={"staff": "staff-1"},
            back_url=url(self.clinic, "", service=treatment.id),
        )
        raise Refusal(response)

    def staff_label(self, staff_id: str | None) -> str:
        if staff_id is None:
            return ANY_LABEL
        return staff_names(self.session, self.clinic, [staff_id]).get(staff_id, "")

    def day_page(
        self,
        service: str | None,
        staff: str | None,
        *,
        first: dt.date | None = None,
        chosen: str | None = None,
        error: str = "",
        message: str | None = None,
    ) -> Response:
        """Step 3 (400 with ``error``); ``first`` None: from the chosen day or today."""
        treatment = self.treatment(service)
        staff_id = self.staff_id(treatment, staff)
        now = self.visit.now
        start = first or _window_start(chosen, self.local_day(now))
        window = day_window(self.session, self.clinic, treatment, staff_id, start, now)
        params = {"service": treatment.id, "staff": staff}
        return self.page(
            "day.html",
            400 if error else 200,
            treatment=treatment,
            staff=staff,
            window=window,
            staff_label=self.staff_label(staff_id),
            chosen=chosen,
            message=message,
            errors={"day": error} if error else {},
            anchors={"day": "day-1"},
            back_url=url(self.clinic, "practitioner", **params),
            earlier_url=url(self.clinic, "day", **params, **{"from": window.earlier}),
            later_url=url(self.clinic, "day", **params, **{"from": window.later}),
        )

    def time_page(
        self,
        treatment: Treatment,
        staff_id: str | None,
        day: dt.date,
        *,
        message: str | None = None,
        status: int = 200,
        chosen: str | None = None,
    ) -> Response:
        """Step 4 for ``day``."""
        times = time_options(self.session, self.clinic, treatment, staff_id, day, self.visit.now)
        staff = staff_id or ANY
        back = url(self.clinic, "day", service=treatment.id, staff=staff, day=day.isoformat())
        moment = dt.datetime.combine(day, dt.time(12), self.words.zone)
        return self.page(
            "time.html",
            status,
            treatment=treatment,
            staff=staff,
            times=times,
            staff_label=self.staff_label(staff_id),
            day_label=self.words.day(day),
            zone=self.words.zone_name(moment),
            back_url=back,
            message=message,
            chosen=chosen,
        )

    def choice(
        self, treatment: Treatment, staff_id: str | None, start: dt.datetime
    ) -> Choice | None:
        """Who and where a booking at ``start`` would hold now, or None when it is not free."""
        day = self.local_day(start)
        schedule = load_schedule(self.session, self.clinic, day, day + dt.timedelta(days=1))
        return choose(schedule, treatment.needs, start=start, staff_id=staff_id, now=self.visit.now)

    def details_page(
        self,
        treatment: Treatment,
        staff_id: str | None,
        start: dt.datetime,
        *,
        values: Mapping[str, str],
        errors: Mapping[str, str] | None = None,
        ref: str | None = None,
    ) -> Response:
        """Step 5: the form that books; ``ref`` (the appointment's id to be) is kept when the
        form is shown again with ``errors``, so it still books once."""
        ref = ref or new_id()
        token = form_token(self.visit.key, self.visit.visitor.id, f"book:{ref}", self.visit.now)
        staff = staff_id or ANY
        return self.page(
            "details.html",
            400 if errors else 200,
            treatment=treatment,
            staff=staff,
            start=start_text(start),
            ref=ref,
            token=token,
            values=values,
            fields=DETAIL_FIELDS,
            errors=dict(errors or {}),
            summary=self.summary(treatment, staff_id, start),
            change=self.change_links(treatment, staff, start),
            back_url=self.change_links(treatment, staff, start)["time"],
        )

    def summary(
        self,
        treatment: Treatment,
        staff_id: str | None,
        start: dt.datetime,
        *,
        staff_name: str = "",
    ) -> Summary:
        """What the visitor chose, as the details and confirmation pages list it."""
        words = self.words
        staff = staff_name or self.staff_label(staff_id)
        return Summary(
            treatment.name,
            treatment.duration_minutes,
            treatment.price_minor,
            staff[:1].upper() + staff[1:],
            words.day(self.local_day(start), year=True),
            words.time(start),
            words.zone_name(start),
        )

    def change_links(self, treatment: Treatment, staff: str, start: dt.datetime) -> dict[str, str]:
        day = self.local_day(start).isoformat()
        clinic, service = self.clinic, treatment.id
        return {
            "treatment": url(clinic, "", service=service),
            "staff": url(clinic, "practitioner", service=service, staff=staff),
            "day": url(clinic, "day", service=service, staff=staff, day=day),
            "time": url(clinic, "time", service=service, staff=staff, day=day),
        }


_NOT_ONLINE = "That treatment can't be booked online. Choose a treatment from the list."


def _window_start(chosen: str | None, today: dt.date) -> dt.date:
    """Today, or the chosen day when today's window would not show it."""
    try:
        day = dt.date.fromisoformat(chosen or "")
    except ValueError:
        return today
    return day if day >= today + dt.timedelta(days=DAYS_SHOWN) else today
