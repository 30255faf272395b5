"""The waitlist's offers as the front desk works them: marking a client offered a freed
time and seeing when and with whom, recording a no, booking an offered client from the
list, and both windows keeping up with what a sync brings in."""

from __future__ import annotations

import datetime as dt

import pytest

from medspa_desktop.domain.actor import Role
from medspa_desktop.services.booking import VisitLeg
from medspa_desktop.services.waitlist import OfferedTime
from medspa_desktop.services.waitlist_status import OfferTime, offer_time
from medspa_desktop.sync.engine import SyncSummary
from medspa_desktop.ui.calendar.waitlist_words import ago_text, offered_text

from .calendar_clinic import Schedule, set_up_schedule
from .calendar_steps import cancel_on_calendar, open_calendar
from .conftest import wait_idle

ZONE = "America/New_York"


@pytest.fixture
def schedule(clinic) -> Schedule:
    return set_up_schedule(clinic)


def offered_words(schedule: Schedule, clock: str, who: str, *, cell: bool = False) -> str:
    """The offer as the offer panel says it, or (``cell``) as the list's client cell does."""
    day = schedule.day
    when = f"Offered {clock} {day:%a} {day.day} {day:%b}"
    return f"{when}\nwith {who}, just now" if cell else f"{when} with {who}, just now"


def offer_elsewhere(clinic, schedule: Schedule, entry_id: str, hour: int, who: str) -> None:
    """Another device (as the owner) marks the entry offered a time."""
    command = OfferTime(entry_id, schedule.at(hour), schedule.staff[who])
    with clinic.store.uow() as uow:
        offer_time(command, uow=uow, actor=clinic.owner_session.actor)


def offer_panel(qtbot, window, clinic, schedule: Schedule):
    """Dana cancels Ada's 10:00 with Lee, which the waitlist is offered."""
    cancelled = schedule.book(schedule.at(10), schedule.botox, "lee")
    clinic.add_staff("dana", Role.FRONT_DESK)
    section = open_calendar(qtbot, window, clinic.log_in("dana"), schedule)
    cancel_on_calendar(qtbot, section, cancelled, "Client unwell")
    offer = section.waitlist.offer
    assert offer is not None and offer.isVisible()
    return offer


def lines(offer) -> list[str]:
    return [offer.list.item(n).text() for n in range(offer.list.count())]


def test_the_desk_marks_a_client_offered_then_records_their_no(qtbot, window, clinic, schedule):
    grace = schedule.wait_for(schedule.grace, schedule.botox)
    offer = offer_panel(qtbot, window, clinic, schedule)
    assert not offer.declined_button.isEnabled() and "Offered" not in lines(offer)[0]

    offer.offered_button.click()
    wait_idle(qtbot)

    assert offered_words(schedule, "10:00", "Lee") in lines(offer)[0]
    stored = schedule.waitlist_entry(grace)
    assert (stored.status, stored.offered_starts_at) == ("offered", schedule.at(10))
    assert stored.offered_staff_id == schedule.staff["lee"]
    assert offer.declined_button.isEnabled() and not offer.offered_button.isEnabled()

    offer.declined_button.click()
    wait_idle(qtbot)

    assert schedule.waitlist_entry(grace).status == "waiting"
    assert "Offered" not in lines(offer)[0] and offer.offered_button.isEnabled()
    offer.reject()


def test_an_offered_client_is_declined_or_booked_from_the_list(qtbot, window, clinic, schedule):
    grace = schedule.wait_for(schedule.grace, schedule.botox)
    ada = schedule.wait_for(schedule.ada, schedule.botox)
    offer_elsewhere(clinic, schedule, grace, 10, "lee")
    offer_elsewhere(clinic, schedule, ada, 11, "kim")
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    waitlist = section.open_waitlist()
    wait_idle(qtbot)
    table = waitlist.table
    grace_cell = f"Grace Hopper\n{offered_words(schedule, '10:00', 'Lee', cell=True)}"
    assert table.item(0, 0).text() == grace_cell
    assert (
        table.item(1, 0).text()
        == f"Ada Lovelace\n{offered_words(schedule, '11:00', 'Kim', cell=True)}"
    )
    assert waitlist.book_button.isEnabled() and waitlist.declined_button.isEnabled()

    table.selectRow(1)
    waitlist.declined_button.click()
    wait_idle(qtbot)
    assert table.item(1, 0).text() == "Ada Lovelace"  # waiting again, in her place
    assert schedule.waitlist_entry(ada).status == "waiting"

    table.selectRow(0)
    waitlist.book_button.click()
    booking = section.waitlist.booking
    qtbot.waitExposed(booking)
    qtbot.waitUntil(lambda: booking.client.profile is not None and bool(booking.legs.legs()))
    wait_idle(qtbot)
    assert booking.legs.legs()[0] == VisitLeg(schedule.botox, schedule.staff["lee"])
    assert booking.when.starts_at(ZONE) == schedule.at(10)
    booking.parts.book_button.click()
    qtbot.waitUntil(lambda: not booking.isVisible(), timeout=10_000)
    wait_idle(qtbot)

    (booked,) = schedule.appointments_of(schedule.grace)
    stored = schedule.waitlist_entry(grace)
    assert (stored.status, stored.appointment_id) == ("booked", booked.id)
    assert table.rowCount() == 1 and table.item(0, 0).text() == "Ada Lovelace"
    waitlist.accept()


def test_a_sync_that_pulled_waitlist_changes_refreshes_the_open_list(
    qtbot, window, clinic, schedule
):
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    waitlist = section.open_waitlist()
    wait_idle(qtbot)
    assert waitlist.nobody.isVisibleTo(waitlist)

    grace = schedule.wait_for(schedule.grace, schedule.botox)  # as a pull would write it
    offer_elsewhere(clinic, schedule, grace, 10, "lee")
    window.sync.synced.emit(SyncSummary(pulled=1))
    wait_idle(qtbot)

    assert not waitlist.nobody.isVisibleTo(waitlist) and waitlist.table.rowCount() == 1
    assert waitlist.table.item(0, 0).text().startswith("Grace Hopper\nOffered 10:00")
    waitlist.accept()


def test_a_sync_that_pulled_waitlist_changes_refreshes_the_open_offer(
    qtbot, window, clinic, schedule
):
    grace = schedule.wait_for(schedule.grace, schedule.botox)
    offer = offer_panel(qtbot, window, clinic, schedule)
    assert len(lines(offer)) == 1

    mae = clinic.add_client("Mae", "Jemison")
    schedule.wait_for(mae, schedule.botox, "lee")  # joined on another device
    offer_elsewhere(clinic, schedule, grace, 10, "lee")  # the other desk phoned Grace
    window.sync.synced.emit(SyncSummary(pulled=2))
    wait_idle(qtbot)

    first, second = lines(offer)
    assert "Grace Hopper" in first and offered_words(schedule, "10:00", "Lee") in first
    assert "Mae Jemison" in second and "Offered" not in second
    assert offer.title.text() == "2 clients on the waitlist could take this slot"
    offer.reject()


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0, "just now"),
        (12, "12 min ago"),
        (150, "2 h ago"),
        (1500, "1 day ago"),
        (4400, "3 days ago"),
    ],
)
def test_how_long_ago_an_offer_was_made_reads_naturally(minutes, words):
    now = dt.datetime(2026, 10, 13, 15, tzinfo=dt.UTC)
    assert ago_text(now - dt.timedelta(minutes=minutes), now) == words


def test_an_offer_reads_with_the_local_time_the_day_and_the_practitioner():
    now = dt.datetime(2026, 10, 13, 15, tzinfo=dt.UTC)
    offered = OfferedTime(
        dt.datetime(2026, 10, 14, 14, 30, tzinfo=dt.UTC),
        "s1",
        "Dr Lee",
        now - dt.timedelta(minutes=12),
    )
    assert offered_text(offered, ZONE, now) == "Offered 10:30 Wed 14 Oct with Dr Lee, 12 min ago"
    unnamed = OfferedTime(offered.starts_at, "s1", "", offered.at)
    assert offered_text(unnamed, ZONE, now) == "Offered 10:30 Wed 14 Oct, 12 min ago"
