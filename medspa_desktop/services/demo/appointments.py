"""What happened to each planned booking (its status history), then its rows."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from medspa_desktop.services.demo import data, people
from medspa_desktop.services.demo.rows import RowWriter
from medspa_desktop.services.demo.schedule import Booking
from medspa_desktop.store import models as m

OFFLINE_ONLY = frozenset({"filler"})
"""Categories the online booking page does not offer (a consultation comes first)."""
Change = tuple[str, dt.datetime, str | None, str]
"""(to_status, at, staff_id, reason)."""


@dataclass(slots=True)
class Outcome:
    booking: Booking
    booked_at: dt.datetime
    online: bool
    changes: list[Change] = field(default_factory=list)
    cancellation_reason: str = ""
    late_cancellation: bool = False
    no_show_fee_minor: int = 0
    notes: str = ""
    id: str = ""

    @property
    def status(self) -> str:
        return self.changes[-1][0]


def decide(booking: Booking, rng: random.Random, anchor: dt.datetime) -> Outcome:
    """Choose when it was booked and how it went; past bookings reach a final status."""
    lead = dt.timedelta(days=min(rng.expovariate(1 / 9), 75), minutes=rng.uniform(30, 600))
    booked_at = min(booking.starts_at - lead, anchor - dt.timedelta(minutes=rng.uniform(10, 900)))
    online = rng.random() < 0.2 and booking.treatment.spec.category not in OFFLINE_ONLY
    outcome = Outcome(booking, booked_at, online=online)
    desk = _front_desk(booking, rng)
    if outcome.online:
        outcome.changes.append(("requested", booked_at, None, "Online booking"))
        accepted = booked_at + dt.timedelta(minutes=rng.uniform(5, 180))
        outcome.changes.append(("booked", min(accepted, _before(booking, anchor)), desk, ""))
    else:
        outcome.changes.append(("booked", booked_at, desk, ""))
    reminder = booking.starts_at - dt.timedelta(days=2, hours=rng.uniform(-6, 6))
    if outcome.changes[-1][1] < reminder < anchor and rng.random() < 0.85:
        outcome.changes.append(("confirmed", reminder, None, "Confirmed by reply to reminder"))
    if rng.random() < 0.05:
        outcome.notes = rng.choice(people.BOOKING_NOTES)
    if booking.ends_at <= anchor:
        _finish(outcome, rng, desk)
    return outcome


def _front_desk(booking: Booking, rng: random.Random) -> str:
    desk = booking.place.staff("front_desk")
    on_shift = [p for p in desk if booking.day.weekday() in p.spec.weekdays]
    return rng.choice(on_shift or desk).id


def _before(booking: Booking, anchor: dt.datetime) -> dt.datetime:
    return min(booking.starts_at, anchor) - dt.timedelta(minutes=1)


def _finish(outcome: Outcome, rng: random.Random, desk: str) -> None:
    booking, roll = outcome.booking, rng.random()
    last = outcome.changes[-1][1]
    if roll < 0.065:
        hours = rng.uniform(1, 96)
        at = max(booking.starts_at - dt.timedelta(hours=hours), last + dt.timedelta(minutes=1))
        outcome.cancellation_reason = rng.choice(people.CANCEL_REASONS)
        outcome.late_cancellation = booking.starts_at - at < dt.timedelta(hours=24)
        outcome.changes.append(("cancelled", at, desk, outcome.cancellation_reason))
    elif roll < 0.09:
        outcome.no_show_fee_minor = data.NO_SHOW_FEE_MINOR
        at = booking.starts_at + dt.timedelta(minutes=20)
        outcome.changes.append(("no_show", at, desk, ""))
    else:
        practitioner = booking.person.id
        arrived = booking.starts_at - dt.timedelta(minutes=rng.uniform(1, 12))
        outcome.changes.append(("checked_in", arrived, desk, ""))
        outcome.changes.append(("in_treatment", booking.starts_at, practitioner, ""))
        outcome.changes.append(("completed", booking.ends_at, practitioner, ""))


def write_appointments(writer: RowWriter, outcomes: list[Outcome]) -> None:
    """Queue appointment and status-history rows; clients must already have ids."""
    visit_ids: dict[int, str] = {}
    for outcome in outcomes:
        booking = outcome.booking
        visit_id = visit_ids.setdefault(booking.visit, writer.ids.at(outcome.booked_at))
        row = writer.add(
            m.Appointment,
            outcome.booked_at,
            location_id=booking.place.id,
            client_id=booking.client.id,
            staff_id=booking.person.id,
            service_id=booking.treatment.id,
            room_id=booking.room_id,
            machine_id=booking.machine_id,
            starts_at=booking.starts_at,
            ends_at=booking.ends_at,
            status=outcome.status,
            notes=outcome.notes,
            deposit_required_minor=0,
            visit_id=visit_id,
            series_id=None,
            booked_via="online" if outcome.online else "desktop",
            booked_by=None if outcome.online else outcome.changes[0][2],
            cancellation_reason=outcome.cancellation_reason,
            late_cancellation=outcome.late_cancellation,
            no_show_fee_minor=outcome.no_show_fee_minor,
            late_cancel_fee_minor=data.LATE_CANCEL_FEE_MINOR if outcome.late_cancellation else 0,
            fee_waived_reason="",
        )
        outcome.id = row["id"]
        previous = ""
        for status, at, staff_id, reason in outcome.changes:
            writer.add(
                m.AppointmentStatusChange,
                at,
                appointment_id=outcome.id,
                from_status=previous,
                to_status=status,
                at=at,
                staff_id=staff_id,
                reason=reason,
            )
            previous = status
