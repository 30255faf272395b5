"""The booking page's two POSTs: the booking itself and the visitor's cookie choice.

- ``POST /book/{location_id}/book``: checks the rate limit, the CSRF token (bound to the
  visitor's cookie and to the appointment id chosen when the form was shown) and the
  details; books (``book.book_online``); answers the confirmation page, the form again with
  its problems, or the time step with "just taken" (409).
- ``POST /book/{location_id}/cookies``: records "accept" or "essential only" in the
  essential cookie (and drops the optional one on "essential only"), then goes back to the
  page the visitor was on (303).
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from medspa_server.booking.book import NotOffered, OnlineBooking, SlotTaken, book_online
from medspa_server.booking.clinic import Treatment
from medspa_server.booking.csrf import ACCEPTED, DECLINED, token_ok
from medspa_server.booking.forms import (
    FormTooLarge,
    check_details,
    looks_like_id,
    parse_start,
    read_form,
)
from medspa_server.booking.views import CONTACT_FIELDS, PageRoute, Refusal, redirect
from medspa_server.booking.views import refusal_page as refuse
from medspa_server.booking.visits import BOOK, VIEW, database_of
from medspa_server.booking.wizard import TAKEN, Wizard

router = APIRouter(route_class=PageRoute, include_in_schema=False)
CHOICES = {"accept": ACCEPTED, "decline": DECLINED}


@router.post("/book/{location_id}/book")
async def book(location_id: str, request: Request) -> Response:
    """Book the slot of the details form for the visitor."""
    form = await _form(request)
    return await run_in_threadpool(_book, location_id, request, form)


@router.post("/book/{location_id}/cookies")
async def choose_cookies(location_id: str, request: Request) -> Response:
    """Record the visitor's cookie choice and go back to where they were."""
    form = await _form(request)
    return await run_in_threadpool(_choose_cookies, location_id, request, form)


def _book(location_id: str, request: Request, form: dict[str, str]) -> Response:
    with Wizard.open(request, location_id, BOOK) as wizard:
        ref = form.get("ref", "")
        _check_token(wizard, form, f"book:{ref}")
        treatment = wizard.treatment(form.get("service"))
        staff_id = wizard.staff_id(treatment, form.get("staff"))
        start = parse_start(form.get("start"))
        if start is None or not looks_like_id(ref):
            return wizard.day_page(treatment.id, form.get("staff"), error="Choose a day.")
        policy = bool(wizard.clinic.cancellation_policy)
        details, problems = check_details(form, wizard.clinic.country, policy=policy)
        if details is None:
            return wizard.details_page(
                treatment, staff_id, start, values=_entered(form), errors=problems, ref=ref
            )
        booking = OnlineBooking(
            location_id=wizard.clinic.location_id,
            service_id=treatment.id,
            staff_id=staff_id,
            start=start,
            first_name=details.first_name,
            last_name=details.last_name,
            phone=details.phone,
            email=details.email,
            appointment_id=ref,
        )
        return _store(wizard, treatment, booking, remember=details.remember)


def _store(
    wizard: Wizard, treatment: Treatment, booking: OnlineBooking, *, remember: bool
) -> Response:
    """Book, and answer the confirmation, or the step to go back to when it can't be done."""
    try:
        booked = book_online(database_of(wizard.visit.request), booking, now=wizard.visit.now)
    except SlotTaken:
        day = wizard.local_day(booking.start)
        return wizard.time_page(treatment, booking.staff_id, day, message=TAKEN, status=409)
    except NotOffered:
        return wizard.treatment_page(error=_GONE, status=409)
    entered = {name: getattr(booking, name) for name in CONTACT_FIELDS}
    if wizard.visit.visitor.accepted:
        wizard.visit.remembered = entered if remember else {}
    summary = wizard.summary(treatment, None, booked.start, staff_name=booked.staff_name)
    return wizard.page("done.html", booked=booked, entered=entered, summary=summary, change=None)


def _entered(form: dict[str, str]) -> dict[str, str]:
    """What the visitor typed and ticked, to show the form again with it."""
    names = (*CONTACT_FIELDS, "remember", "agree_policy", "agree_privacy")
    entered = {name: form[name][:254] for name in names if name in form}
    if "remember" not in form:
        entered["remember"] = ""
    return entered


def _choose_cookies(location_id: str, request: Request, form: dict[str, str]) -> Response:
    with Wizard.open(request, location_id, VIEW) as wizard:
        visit = wizard.visit
        _check_token(wizard, form, "cookies")
        choice = CHOICES.get(form.get("choice", ""))
        if choice is None:
            raise refuse(visit, 400, "problem.html", clinic=wizard.clinic, message=_NO_CHOICE)
        visit.visitor = visit.visitor.choosing(choice)
        if choice == DECLINED:
            visit.remembered = {}
        home = f"/book/{wizard.clinic.location_id}"
        back = form.get("next", "")
        safe = back == home or back.startswith((f"{home}/", f"{home}?"))
        return redirect(visit, back if safe and "\\" not in back else home)


def _check_token(wizard: Wizard, form: dict[str, str], purpose: str) -> None:
    """Refuse (403) a form without a token made for this visitor's cookie and ``purpose``
    (a new visitor, whose cookie this request makes, has none)."""
    visit = wizard.visit
    token = form.get("token", "")
    if visit.visitor.changed or not token_ok(
        visit.key, visit.visitor.id, purpose, token, visit.now
    ):
        restart = f"/book/{wizard.clinic.location_id}"
        raise refuse(visit, 403, "forbidden.html", clinic=wizard.clinic, restart=restart)


async def _form(request: Request) -> dict[str, str]:
    try:
        return await read_form(request)
    except FormTooLarge:
        response = Response("The form is too large.", 413, media_type="text/plain")
        raise Refusal(response) from None


_GONE = "That treatment can no longer be booked online. Choose a treatment from the list."
_NO_CHOICE = "Choose whether to accept the optional cookie."
