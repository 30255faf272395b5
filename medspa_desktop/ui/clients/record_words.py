"""The client's record in words: dates as the clinic reads them, and each consent's state as
staff say it ("Signed 3 Mar 2026, valid until 3 Mar 2027", "Missing — needed for Botox on
Fri 28 Nov") with the tone it is shown in. Pure functions; any thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from medspa_desktop.domain.consent_record import ConsentState
from medspa_desktop.services.consent_needs import ConsentNeeded
from medspa_desktop.services.consent_records import SignedConsentSummary

OK, WARNING, DANGER, MUTED = "ok", "warning", "danger", "muted"
"""Tones: green (in place), amber (needs attention), red (blocks a treatment), grey."""


def local(moment: dt.datetime, zone: str = "") -> dt.datetime:
    """``moment`` (UTC) in ``zone``, or in this computer's zone when none is known."""
    return moment.astimezone(ZoneInfo(zone)) if zone else moment.astimezone()


def day_text(moment: dt.datetime, zone: str = "") -> str:
    """``3 Mar 2026``."""
    day = local(moment, zone)
    return f"{day.day} {day:%b %Y}"


def visit_day_text(moment: dt.datetime, zone: str = "", *, today: dt.date | None = None) -> str:
    """``Fri 28 Nov`` (with the year when it is not this year's)."""
    day = local(moment, zone)
    year = "" if day.year == (today or dt.date.today()).year else f" {day.year}"
    return f"{day:%a} {day.day} {day:%b}{year}"


def time_text(moment: dt.datetime, zone: str = "") -> str:
    """``3 Mar 2026 at 14:05``."""
    return f"{day_text(moment, zone)} at {local(moment, zone):%H:%M}"


@dataclass(frozen=True)
class StateWords:
    text: str
    tone: str


def signed_words(
    signed: SignedConsentSummary, need: ConsentNeeded | None = None, *, newer: bool = False
) -> StateWords:
    """A signature's state; ``need`` when a booked visit still needs the form, ``newer`` when
    a later signature of the same form replaced this one."""
    signed_on = f"Signed {day_text(signed.signed_at)}"
    if newer:
        return StateWords(f"{signed_on}, replaced by a later signature", MUTED)
    if signed.state is ConsentState.WITHDRAWN and signed.withdrawn_at is not None:
        text = f"Withdrawn on {day_text(signed.withdrawn_at)} ({signed_on.lower()})"
        return _with_need(text, need)
    if signed.state is ConsentState.EXPIRED and signed.expires_at is not None:
        return _with_need(f"Expired on {day_text(signed.expires_at)}", need)
    until = (
        f", valid until {day_text(signed.expires_at)}"
        if signed.expires_at is not None
        else ", valid until withdrawn"
    )
    if need is not None:
        before = _visit(need)
        return StateWords(f"{signed_on}{until} — runs out before {before}", WARNING)
    return StateWords(signed_on + until, OK)


def standing_words(signed: SignedConsentSummary) -> StateWords:
    """Whether a signature is in force, for the opened form (its signing is shown beside)."""
    if signed.state is ConsentState.WITHDRAWN and signed.withdrawn_at is not None:
        return StateWords(f"Withdrawn on {day_text(signed.withdrawn_at)}", DANGER)
    if signed.state is ConsentState.EXPIRED and signed.expires_at is not None:
        return StateWords(f"Expired on {day_text(signed.expires_at)}", DANGER)
    if signed.expires_at is None:
        return StateWords("Valid until withdrawn", OK)
    return StateWords(f"Valid until {day_text(signed.expires_at)}", OK)


def missing_words(need: ConsentNeeded) -> StateWords:
    """A form a booked visit needs that the client never signed."""
    return StateWords(f"Missing — needed for {_visit(need)}", DANGER if need.required else WARNING)


def _with_need(text: str, need: ConsentNeeded | None) -> StateWords:
    """No longer in place: red when a booked treatment can't start without it."""
    if need is None:
        return StateWords(text, WARNING)
    tone = DANGER if need.required else WARNING
    return StateWords(f"{text} — sign again before {_visit(need)}", tone)


def _visit(need: ConsentNeeded) -> str:
    return f"{need.service_name} on {visit_day_text(need.starts_at, need.time_zone)}"
