"""The confirmation e-mail of an online booking: clinic, treatment, local date and time.

No clinical details and nothing from the client record: only what the visitor chose and
typed. Pure; any thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from medspa_server.booking.clinic import Clinic
from medspa_server.booking.words import Words

REQUESTED = "requested"


@dataclass(frozen=True)
class Confirmation:
    subject: str
    body: str


def confirmation(
    clinic: Clinic,
    *,
    first_name: str,
    treatment: str,
    staff_name: str,
    start: dt.datetime,
    status: str,
) -> Confirmation:
    """The e-mail for a booking stored in ``status`` (``requested`` or ``booked``)."""
    words = Words(clinic.time_zone, clinic.country)
    when = f"{words.when(start)} ({words.zone_name(start)})"
    if status == REQUESTED:
        subject = f"Booking request received: {treatment}, {words.day(words.local(start).date())}"
        outcome = "We have received your booking request. The clinic will confirm it shortly."
    else:
        subject = f"Booking confirmed: {treatment}, {words.day(words.local(start).date())}"
        outcome = "Your appointment is booked."
    lines = [
        f"Hello {first_name},",
        "",
        f"Thank you for booking with {clinic.title}. {outcome}",
        "",
        f"Treatment: {treatment}",
        f"When: {when}",
        f"With: {staff_name}",
    ]
    if clinic.address:
        lines.append(f"Where: {clinic.address}")
    if clinic.cancellation_policy:
        lines += ["", "Cancellation policy:", clinic.cancellation_policy]
    phone = words.phone(clinic.phone) if clinic.phone else ""
    contact = " or ".join(part for part in (phone, clinic.email) if part)
    if contact:
        lines += ["", f"To change or cancel, contact the clinic: {contact}."]
    return Confirmation(subject=subject[:200], body="\n".join(lines) + "\n")
