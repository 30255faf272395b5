"""The public booking page's defences (SQLite and PostgreSQL): CSRF, rate limits, unknown and
closed locations, other organisations' ids, other clients' data, headers, cookie consent and
the visitor's input."""

from __future__ import annotations

import secrets

import pytest
from fastapi.testclient import TestClient

from medspa_server.settings import Settings

from .booking_helpers import Forms, Visitor, make_booking_clinic, rows

LIMITS = {"booking_page_views": 1_000_000, "booking_submissions": 1_000_000}


@pytest.fixture
def limits() -> dict[str, int]:
    return LIMITS


@pytest.fixture
def settings(database_url: str, tmp_path, limits) -> Settings:
    return Settings(data_dir=tmp_path, database_url=database_url, **limits)


@pytest.fixture
def clinic(make_clinic):
    return make_booking_clinic(make_clinic())


def browser(client: TestClient, location_id: str) -> Visitor:
    """A visitor from an address of its own (so rate limits are the test's alone)."""
    address = f"203.0.113.{secrets.randbelow(250) + 1}:{secrets.token_hex(2)}"
    return Visitor(TestClient(client.app, client=(address, 40000)), location_id)


@pytest.fixture
def visitor(client, clinic) -> Visitor:
    return browser(client, clinic.location_id)


def test_a_booking_without_a_token_is_refused(visitor, clinic, database):
    form = visitor.details_form(clinic.botox, "any", clinic.at(10))
    page = visitor.submit({**form, "token": ""})
    assert page.status_code == 403
    assert "could not be sent" in page.text
    assert rows(database, clinic.org_id, "appointment") == []


def test_a_forged_or_borrowed_token_is_refused(visitor, client, clinic, database):
    form = visitor.details_form(clinic.botox, "any", clinic.at(10))
    issued, _, signature = form["token"].partition(".")
    forged = visitor.submit({**form, "token": f"{issued}.{signature[::-1]}"})
    assert forged.status_code == 403
    other_ref = visitor.submit(
        {**form, "ref": form["ref"][:-1] + ("1" if form["ref"].endswith("0") else "0")}
    )
    assert other_ref.status_code == 403
    stranger = browser(client, clinic.location_id)
    stranger.get()
    assert stranger.submit(form).status_code == 403  # the token is bound to the first cookie
    cookieless = Visitor(TestClient(client.app), clinic.location_id)
    assert cookieless.submit(form).status_code == 403
    assert rows(database, clinic.org_id, "appointment") == []


@pytest.mark.parametrize("limits", [{"booking_page_views": 5, "booking_submissions": 2}])
def test_too_many_requests_from_one_address_get_429(visitor, client, clinic):
    for _ in range(5):
        assert visitor.get().status_code == 200
    busy = visitor.get()
    assert busy.status_code == 429
    assert 0 < int(busy.headers["Retry-After"]) <= 600
    assert "Please wait" in busy.text
    assert browser(client, clinic.location_id).get().status_code == 200  # another address
    form = {"token": "x"}
    assert [visitor.submit(form).status_code for _ in range(3)] == [403, 403, 429]


def test_locations_not_taking_online_bookings_get_the_same_404(make_clinic, client, clinic):
    off = make_booking_clinic(make_clinic("Shut Spa"), online="off")
    inactive = make_booking_clinic(make_clinic("Old Spa"), active=False)
    pages = [
        browser(client, location).get()
        for location in (off.location_id, inactive.location_id, "no-such-place", clinic.botox)
    ]
    assert [page.status_code for page in pages] == [404] * 4
    assert len({page.text.replace(page.url.path, "") for page in pages}) == 1
    assert "Shut Spa" not in pages[0].text and "Downtown" not in pages[0].text
    assert (
        browser(client, off.location_id).get("practitioner", service=off.botox).status_code == 404
    )


def test_another_organisations_ids_get_nothing(make_clinic, client, clinic):
    other = make_booking_clinic(make_clinic("Rival Spa"), name="Uptown")
    other.change("service_item", other.botox, name="Rival Botox")
    other.change("staff", other.kim, display_name="Rival Kim")
    visitor = browser(client, clinic.location_id)
    pages = [
        visitor.get("practitioner", service=other.botox),
        visitor.get("day", service=other.botox, staff="any"),
        visitor.get("day", service=clinic.botox, staff=other.kim),
        visitor.get("time", service=clinic.botox, staff=other.kim, day=clinic.day.isoformat()),
    ]
    assert [page.status_code for page in pages] == [400] * 4
    for page in pages:
        assert "Rival" not in page.text and "Uptown" not in page.text
    assert "Choose a treatment" in pages[0].text and "Choose a practitioner" in pages[2].text


def test_no_response_shows_another_clients_details(visitor, clinic):
    clinic.appointment(clinic.kim, clinic.at(10))
    steps = [
        visitor.get(),
        visitor.get("practitioner", service=clinic.botox),
        visitor.get("day", service=clinic.botox, staff=clinic.kim),
        visitor.get("time", service=clinic.botox, staff=clinic.kim, day=clinic.day.isoformat()),
    ]
    # Matched to Ada by her e-mail: the page shows what this visitor typed, nothing of hers.
    done = visitor.book(
        clinic.botox,
        clinic.kim,
        clinic.at(11),
        first_name="Someone",
        last_name="Else",
        email="ada@example.com",
        phone="+12125550123",
    )
    assert done.status_code == 200
    assert "Someone Else" in done.text
    for page in [*steps, done]:
        text = page.text
        for secret in ("Ada", "Lovelace", "Lidocaine", "5551234", clinic.ada):
            assert secret not in text


def test_pages_send_security_headers(visitor, client, clinic):
    page = visitor.get()
    csp = page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src" not in csp
    assert "default-src 'none'" in csp
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["Cache-Control"] == "no-store"
    assert "<script" not in page.text and "style=" not in page.text
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/book" in cookie
    css = client.get("/book-assets/booking.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_only_the_essential_cookie_until_the_visitor_accepts(visitor, clinic):
    first = visitor.get()
    assert list(visitor.http.cookies.keys()) == ["medspa_booking"]
    assert "Cookies on this booking page" in first.text
    details = visitor.get(
        "details", service=clinic.botox, staff="any", start=_start(visitor, clinic)
    )
    assert 'name="remember"' not in details.text
    visitor.book(clinic.botox, "any", clinic.at(9))
    assert list(visitor.http.cookies.keys()) == ["medspa_booking"]
    _choose(visitor, "accept")
    form_page = visitor.get(
        "details", service=clinic.botox, staff="any", start=_start(visitor, clinic)
    )
    assert 'name="remember"' in form_page.text
    assert "Cookies on this booking page" not in form_page.text
    visitor.submit(Forms(form_page.text).hidden("/book"), remember="yes")
    assert "medspa_booking_details" in visitor.http.cookies
    again = visitor.get("details", service=clinic.botox, staff="any", start=_start(visitor, clinic))
    assert 'value="grace@example.org"' in again.text
    _choose(visitor, "decline")
    assert "medspa_booking_details" not in visitor.http.cookies


def test_declining_cookies_works_without_javascript(visitor, clinic):
    page = visitor.get("practitioner", service=clinic.botox)
    answer = _choose(visitor, "decline", page.text)
    assert answer.status_code == 303
    assert (
        answer.headers["location"]
        == f"/book/{clinic.location_id}/practitioner?service={clinic.botox}"
    )
    assert "Cookies on this booking page" not in visitor.get().text


def test_a_cookie_choice_never_redirects_off_the_booking_page(visitor, clinic):
    page = visitor.get()
    form = Forms(page.text).hidden("/cookies")
    for target in ("https://evil.example/", "//evil.example/", "/v1/pull", "/book/other"):
        answer = visitor.http.post(
            f"/book/{clinic.location_id}/cookies",
            data={**form, "next": target, "choice": "decline"},
            follow_redirects=False,
        )
        assert answer.headers["location"] == f"/book/{clinic.location_id}"


def test_missing_and_invalid_details_are_listed_and_linked_to_their_fields(
    visitor, clinic, database
):
    form = visitor.details_form(clinic.botox, "any", clinic.at(10))
    page = visitor.http.post(
        f"/book/{clinic.location_id}/book",
        data={**form, "first_name": "Grace", "phone": "12", "email": "not an address"},
    )
    assert page.status_code == 400
    text = page.text
    assert "There is a problem" in text and "<title>Error: " in text
    for anchor in ("last_name", "phone", "email", "agree_policy", "agree_privacy"):
        assert f'href="#{anchor}"' in text
        assert f'id="{anchor}-error"' in text
    assert 'aria-invalid="true"' in text and 'value="Grace"' in text
    assert Forms(text).hidden("/book")["ref"] == form["ref"]  # still books once when fixed
    assert rows(database, clinic.org_id, "appointment") == []


def _start(visitor: Visitor, clinic) -> str:
    return visitor.times(clinic.botox, "any", clinic.day)[0]


def _choose(visitor: Visitor, choice: str, html: str | None = None):
    page = html if html is not None else visitor.get("cookies").text
    form = Forms(page).hidden("/cookies")
    return visitor.http.post(
        f"/book/{visitor.base.split('/')[-1]}/cookies",
        data={**form, "choice": choice},
        follow_redirects=False,
    )
