"""The public online-booking page of a location, no login: plain GET forms stepping
treatment → practitioner → day → time → details, then a POST that books (``submit.py``).

Routes (each counted against the visitor address's rate limit):

- ``GET /book/{location_id}``: step 1, the location's online menu.
- ``GET /book/{location_id}/practitioner?service=``: step 2, a practitioner or "any".
- ``GET /book/{location_id}/day?service=&staff=[&from=]``: step 3, days with free times.
- ``GET /book/{location_id}/time?service=&staff=&day=``: step 4, free times that day.
- ``GET /book/{location_id}/details?service=&staff=&start=``: step 5, the visitor's details.
- ``GET /book/{location_id}/privacy``, ``/cookies``; ``GET /book-assets/booking.css``.

Only locations whose ``online_booking`` is not ``off`` are served; any other id gets the same
404 page. Every look-up is scoped to the location's organisation, so another
organisation's service or practitioner ids are treated as unknown.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from medspa_server.booking import submit
from medspa_server.booking.forms import parse_day, parse_start
from medspa_server.booking.steps import bookable_days, practitioners
from medspa_server.booking.views import TEMPLATES, PageRoute, render
from medspa_server.booking.visits import VIEW, clinic_of, database_of, start_visit
from medspa_server.booking.wizard import TAKEN, Wizard, url

router = APIRouter(route_class=PageRoute, include_in_schema=False)
router.include_router(submit.router)
_CSS = (TEMPLATES.parent / "static" / "booking.css").read_bytes()
Text = str | None


@router.get("/book-assets/booking.css")
async def stylesheet() -> Response:
    """The booking page's only style sheet (no inline styles: the CSP forbids them)."""
    headers = {"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"}
    return Response(_CSS, media_type="text/css", headers=headers)


@router.get("/book/{location_id}")
def treatment_step(location_id: str, request: Request, service: Text = None) -> Response:
    """Step 1: the treatments this location takes online bookings for."""
    with Wizard.open(request, location_id) as wizard:
        return wizard.treatment_page(chosen=service)


@router.get("/book/{location_id}/practitioner")
def practitioner_step(
    location_id: str, request: Request, service: Text = None, staff: Text = None
) -> Response:
    """Step 2: any practitioner, or one of those who perform the treatment here."""
    with Wizard.open(request, location_id) as wizard:
        treatment = wizard.treatment(service)
        people = practitioners(wizard.session, wizard.clinic, treatment)
        return wizard.page(
            "practitioner.html",
            treatment=treatment,
            people=people,
            chosen=staff,
            back_url=url(wizard.clinic, "", service=treatment.id),
        )


@router.get("/book/{location_id}/day")
def day_step(
    location_id: str,
    request: Request,
    service: Text = None,
    staff: Text = None,
    first: Annotated[Text, Query(alias="from")] = None,
    day: Text = None,
) -> Response:
    """Step 3: two weeks of days from ``from``, with how many free times each has."""
    with Wizard.open(request, location_id) as wizard:
        return wizard.day_page(service, staff, first=parse_day(first), chosen=day)


@router.get("/book/{location_id}/time")
def time_step(
    location_id: str, request: Request, service: Text = None, staff: Text = None, day: Text = None
) -> Response:
    """Step 4: the free start times on the chosen day."""
    with Wizard.open(request, location_id) as wizard:
        treatment = wizard.treatment(service)
        staff_id = wizard.staff_id(treatment, staff)
        chosen = parse_day(day)
        first, last = bookable_days(wizard.clinic, wizard.visit.now)
        if chosen is None or not first <= chosen <= last:
            return wizard.day_page(service, staff, error="Choose a day.")
        return wizard.time_page(treatment, staff_id, chosen)


@router.get("/book/{location_id}/details")
def details_step(
    location_id: str, request: Request, service: Text = None, staff: Text = None, start: Text = None
) -> Response:
    """Step 5: the visitor's name and contact details, the cancellation policy and the
    privacy notice; the slot is checked again first."""
    with Wizard.open(request, location_id) as wizard:
        treatment = wizard.treatment(service)
        staff_id = wizard.staff_id(treatment, staff)
        moment = parse_start(start)
        if moment is None:
            return wizard.day_page(service, staff, error="Choose a day, then a time.")
        if wizard.choice(treatment, staff_id, moment) is None:
            return wizard.time_page(
                treatment, staff_id, wizard.local_day(moment), message=TAKEN, status=409
            )
        return wizard.details_page(treatment, staff_id, moment, values=wizard.remembered())


@router.get("/book/{location_id}/privacy")
def privacy_notice(location_id: str, request: Request) -> Response:
    """The privacy notice of the booking page."""
    return _plain_page(request, location_id, "privacy.html")


@router.get("/book/{location_id}/cookies")
def cookie_settings(location_id: str, request: Request) -> Response:
    """The cookie choice, to review or change (works without JavaScript)."""
    return _plain_page(request, location_id, "cookies.html")


@router.get("/book/{location_id}/{rest:path}")
def unknown_page(location_id: str, rest: str, request: Request) -> Response:
    """Any other address under a booking link: the 404 page."""
    visit = start_visit(request, VIEW)
    return render(visit, "missing.html", 404, clinic=None)


@router.get("/book")
async def no_location(request: Request) -> Response:
    """``/book`` alone names no clinic: the 404 page."""
    return await run_in_threadpool(unknown_page, "", "", request)


def _plain_page(request: Request, location_id: str, template: str) -> Response:
    visit = start_visit(request, VIEW)
    with database_of(request).read() as session:
        clinic = clinic_of(visit, session, location_id)
    return render(visit, template, clinic=clinic)
