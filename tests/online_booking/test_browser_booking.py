"""A visitor books in a real browser (headless Chromium) against a real server process; the
clinic's desktop device syncs and shows the booking on its calendar; a second visitor can't
take the same slot. One visitor has JavaScript switched off.

``MEDSPA_BOOKING_SCREENSHOTS=DIR`` saves a PNG of every step (phone and desktop size).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from medspa_desktop.services.calendar import CalendarDay, calendar_day
from medspa_desktop.store.models import Appointment, Client
from medspa_desktop.sync.engine import sync_once

pytestmark = [pytest.mark.slow, pytest.mark.system]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = os.environ.get("MEDSPA_BOOKING_SCREENSHOTS", "")
TAKEN = "Sorry, that time has just been taken"


class Browser:
    """One visitor's browser tab, with an address of its own (forwarded by the "load
    balancer" on the loopback, as uvicorn trusts it there)."""

    def __init__(
        self, chromium, base: str, address: str, *, size: dict, javascript=True, name: str
    ):
        self.context = chromium.new_context(
            viewport=size,
            java_script_enabled=javascript,
            extra_http_headers={"X-Forwarded-For": address},
            locale="en-US",
        )
        self.page = self.context.new_page()
        self.base = base
        self.name = f"{'phone' if size is PHONE else 'desktop'}-{name}"
        self.shots = 0

    def shot(self, name: str) -> None:
        if SHOTS:
            self.shots += 1
            folder = Path(SHOTS)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{self.name}-{self.shots:02d}-{name}.png"
            self.page.screenshot(path=str(path), full_page=True)

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def next(self) -> None:
        self.page.get_by_role("button", name="Continue").click()

    def choose_up_to_details(self, location_id: str, who: str, day: dt.date, time: str) -> None:
        page = self.page
        self.go(f"/book/{location_id}")
        self.shot("treatment")
        page.get_by_role("radio", name=re.compile("^Botox")).check()
        self.next()
        self.shot("practitioner")
        page.get_by_role("radio", name=re.compile(f"^{who}")).check()
        self.next()
        self.shot("day")
        page.get_by_role("radio", name=re.compile(f"^{_day_label(day)}")).check()
        self.next()
        self.shot("time")
        page.get_by_label(time, exact=True).check()
        self.next()
        self.shot("details")

    def fill_details(self, first: str, last: str, phone: str, email: str) -> None:
        page = self.page
        page.get_by_label("First name").fill(first)
        page.get_by_label("Last name").fill(last)
        page.get_by_label("Mobile phone number").fill(phone)
        page.get_by_label("E-mail address").fill(email)
        page.get_by_label("I agree to the cancellation policy").check()
        page.get_by_label("I have read the privacy notice").check()

    def book(self) -> None:
        self.page.get_by_role("button", name="Book appointment").click()

    def heading(self) -> str:
        return self.page.get_by_role("heading", level=1).inner_text()

    def close(self) -> None:
        self.context.close()


def _day_label(day: dt.date) -> str:
    return f"{day.strftime('%A')}, {day.strftime('%B')} {day.day}"


def test_a_visitor_books_in_the_browser_and_the_clinic_device_gets_it(
    chromium, booking_server, device_clinic
):
    shop = device_clinic
    location = shop.clinic.location_id
    first = Browser(chromium, booking_server.url, "198.51.100.10", size=PHONE, name="first")
    second = Browser(chromium, booking_server.url, "198.51.100.11", size=DESKTOP, name="second")
    try:
        first.choose_up_to_details(location, "Kim Cho", shop.day, "10:00 AM")
        second.choose_up_to_details(location, "Kim Cho", shop.day, "10:00 AM")
        first.book()  # nothing filled in yet: the form says what is missing
        assert first.page.get_by_role("heading", name="There is a problem").is_visible()
        first.shot("details-errors")
        first.page.get_by_role("link", name="Enter your first name.").click()
        assert first.page.evaluate("document.activeElement.id") == "first_name"
        first.fill_details("Grace", "Hopper", "(917) 555-0199", "grace@example.org")
        first.book()
        assert first.heading() == "Booking confirmed"
        assert "Kim Cho" in first.page.content() and "grace@example.org" in first.page.content()
        first.shot("confirmed")
        second.fill_details("Alan", "Turing", "(917) 555-0142", "alan@example.org")
        second.book()
        assert TAKEN in second.page.content()
        assert second.heading() == "Choose a time"
        assert second.page.get_by_label("10:00 AM", exact=True).count() == 0
        second.shot("slot-taken")
    finally:
        first.close()
        second.close()
    _check_device_holds_the_booking(shop)


def _check_device_holds_the_booking(shop) -> None:
    store = shop.clinic.store
    assert sync_once(store).ok
    with store.uow() as uow:
        view = calendar_day(
            CalendarDay(shop.clinic.location_id, shop.day), uow=uow, actor=shop.clinic.owner
        )
    cards = [card for card in view.cards if card.starts_at == shop.at(10)]
    assert len(cards) == 1, view.cards
    card = cards[0]
    assert card.staff_id == shop.kim and card.service_name == "Botox"
    assert "Grace" in card.client_name and "online" in card.flags
    with store.session_factory() as session:
        client = session.scalars(select(Client).where(Client.email == "grace@example.org")).one()
        assert client.phone == "+19175550199"
        booked = session.scalars(select(Appointment).where(Appointment.client_id == client.id))
        assert [a.status for a in booked] == ["booked"]


def test_booking_works_with_javascript_switched_off(chromium, booking_server, device_clinic):
    shop = device_clinic
    location = shop.clinic.location_id
    visitor = Browser(
        chromium, booking_server.url, "198.51.100.20", size=DESKTOP, javascript=False, name="no-js"
    )
    try:
        visitor.go(f"/book/{location}")
        visitor.page.get_by_role("button", name="Essential cookie only").click()
        assert visitor.page.get_by_text("Cookies on this booking page").count() == 0
        visitor.choose_up_to_details(location, "Any available practitioner", shop.day, "2:30 PM")
        visitor.fill_details("Ada", "Byron", "+44 20 7946 0958", "ada.byron@example.co.uk")
        visitor.book()
        assert visitor.heading() == "Booking confirmed"
        visitor.shot("confirmed")
        cookies = {cookie["name"] for cookie in visitor.context.cookies()}
        assert cookies == {"medspa_booking"}
        visitor.go(f"/book/{location}/cookies")
        assert "Optional cookie: off" in visitor.page.inner_text("main")
        visitor.shot("cookie-settings")
        visitor.go(f"/book/{location}/privacy")
        visitor.shot("privacy")
        visitor.go(f"/book/{location}/no-such-step")
        assert visitor.heading() == "This booking page isn't available"
        visitor.shot("not-found")
    finally:
        visitor.close()
    assert sync_once(shop.clinic.store).ok
    with shop.clinic.store.session_factory() as session:
        found = session.scalars(select(Appointment).where(Appointment.booked_via == "online"))
        assert [a.starts_at for a in found] == [shop.at(14, 30).astimezone(dt.UTC)]
