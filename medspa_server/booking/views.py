"""Rendering the booking pages: templates, security headers, cookies and refusal pages.

Public API (any thread):

- ``Visit``: one request of one visitor (its cookie, the page key, the time).
- ``render(visit, template, status=200, **context) -> HTMLResponse``: a page with the
  security headers, the banner's form token and the visitor's cookie when it changed.
- ``Refusal(response)``: raise it anywhere in a route to answer with that response;
  ``PageRoute`` (the router's route class) turns it into the answer.
- ``refusal_page(visit, status, template, headers=None, **context) -> Refusal``.
- ``redirect(visit, url) -> Response``: a 303 "see other" with the same headers and cookies.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape

from medspa_server.booking.clinic import Clinic
from medspa_server.booking.csrf import (
    COOKIE,
    COOKIE_MAX_AGE_S,
    COOKIE_PATH,
    DETAILS_COOKIE,
    Visitor,
    form_token,
)
from medspa_server.booking.words import Words, duration, price

TEMPLATES = Path(__file__).with_name("templates")
SECURITY_HEADERS = {
    # No script at all: the pages work with plain forms. Styles only from our own file.
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    # Pages hold the visitor's details and free times that change by the minute.
    "Cache-Control": "no-store",
}
CONTACT_FIELDS = ("first_name", "last_name", "phone", "email")
_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass
class Visit:
    """One request of the booking page."""

    request: Request
    visitor: Visitor
    key: bytes
    now: dt.datetime
    remembered: dict[str, str] | None = None
    """Details to store in (a dict) or clear from (an empty dict) the optional cookie."""

    @property
    def secure(self) -> bool:
        return self.request.url.scheme == "https"

    def path(self) -> str:
        """This page's path and query, for "come back here" links."""
        query = self.request.url.query
        return self.request.url.path + (f"?{query}" if query else "")


class Refusal(Exception):
    """Answer the request with ``response`` instead (a 404, 403, 429 page ...)."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


class PageRoute(APIRoute):
    """A route whose handler may raise ``Refusal``."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except Refusal as refusal:
                return refusal.response

        return answer


def render(visit: Visit, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """The page ``template`` with ``context`` (see the module docstring)."""
    page = _environment.get_template(template).render(
        visitor=visit.visitor,
        banner_token=form_token(visit.key, visit.visitor.id, "cookies", visit.now),
        here=visit.path(),
        **context,
    )
    response = HTMLResponse(page, status)
    response.headers.update(SECURITY_HEADERS)
    _cookies(visit, response)
    return response


def refusal_page(
    visit: Visit,
    status: int,
    template: str,
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> Refusal:
    """A ``Refusal`` answering with ``template``."""
    response = render(visit, template, status, **context)
    response.headers.update(headers or {})
    return Refusal(response)


def redirect(visit: Visit, url: str) -> Response:
    """Send the browser on to ``url`` (a path of this site) after a form was posted."""
    response = RedirectResponse(url, 303)
    response.headers.update(SECURITY_HEADERS)
    _cookies(visit, response)
    return response


def remembered_details(request: Request, visitor: Visitor) -> dict[str, str]:
    """The details the optional cookie holds, when the visitor accepted it; else empty."""
    text = request.cookies.get(DETAILS_COOKIE, "")
    if not visitor.accepted or not text:
        return {}
    try:
        data = orjson.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, orjson.JSONDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {name: str(data[name])[:254] for name in CONTACT_FIELDS if name in data}


def _phone(text: str, clinic: Clinic) -> str:
    return Words(clinic.time_zone, clinic.country).phone(text)


def _cookies(visit: Visit, response: Response) -> None:
    if visit.visitor.changed:
        response.set_cookie(
            COOKIE,
            visit.visitor.cookie_value(),
            max_age=COOKIE_MAX_AGE_S,
            path=COOKIE_PATH,
            secure=visit.secure,
            httponly=True,
            samesite="lax",
        )
    if visit.remembered:
        text = base64.urlsafe_b64encode(orjson.dumps(visit.remembered)).decode().rstrip("=")
        response.set_cookie(
            DETAILS_COOKIE,
            text,
            max_age=COOKIE_MAX_AGE_S,
            path=COOKIE_PATH,
            secure=visit.secure,
            httponly=True,
            samesite="lax",
        )
    elif visit.remembered is not None:
        response.delete_cookie(DETAILS_COOKIE, path=COOKIE_PATH, secure=visit.secure)


_environment.filters.update(price=price, duration=duration, phone=_phone)
