"""Demo clients: who they are before the schedule picks them, and their rows afterwards."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from dataclasses import dataclass, field

from medspa_desktop.services.demo import people
from medspa_desktop.services.demo.clinic import Clinic
from medspa_desktop.services.demo.rows import RowWriter
from medspa_desktop.store import models as m

FEMALE = people.FEMALE_FIRST.split()
MALE = people.MALE_FIRST.split()
LAST = people.LAST.split()


@dataclass
class Profile:
    """One demo client; ``id`` and ``created_at`` are set once the schedule is known."""

    index: int
    first: str
    last: str
    home: int
    card_brand: str
    card_last4: str
    first_booked: dt.datetime | None = None
    visits: int = 0
    id: str = ""
    created_at: dt.datetime | None = None
    tags: list[str] = field(default_factory=list)


class ClientPicker:
    """Chooses clients of one location; a few regulars come often, most now and then."""

    def __init__(self, profiles: list[Profile], rng: random.Random) -> None:
        self.profiles = profiles
        weights = [min(rng.paretovariate(1.1), 40.0) for _ in profiles]
        self._cumulative = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random) -> Profile:
        at = bisect.bisect(self._cumulative, rng.random() * self._cumulative[-1])
        return self.profiles[min(at, len(self.profiles) - 1)]


def make_profiles(rng: random.Random, count: int, places: int) -> list[Profile]:
    brands = [b for b, _ in people.CARD_BRANDS]
    weights = [w for _, w in people.CARD_BRANDS]
    profiles = []
    for index in range(count):
        female = rng.random() < 0.86
        profiles.append(
            Profile(
                index=index,
                first=rng.choice(FEMALE if female else MALE),
                last=rng.choice(LAST),
                home=index if index < places else (0 if rng.random() < 0.58 else places - 1),
                card_brand=rng.choices(brands, weights)[0],
                card_last4=f"{rng.randrange(10000):04d}",
            )
        )
    return profiles


def write_clients(
    writer: RowWriter,
    rng: random.Random,
    clinic: Clinic,
    profiles: list[Profile],
    window: tuple[dt.datetime, dt.datetime],
) -> None:
    """Give every profile its creation time and id, then queue its rows."""
    start, anchor = window
    phones = _phone_numbers(rng, len(profiles))
    emails: set[str] = set()
    for profile, phone in zip(profiles, phones, strict=True):
        profile.created_at = _created_at(rng, profile, start, anchor)
        profile.id = writer.ids.at(profile.created_at)
        if profile.visits >= 12:
            profile.tags.append("vip")
        if rng.random() < 0.15:
            profile.tags.append(rng.choice(people.TAGS))
        _client_row(writer, rng, clinic, profile, phone, _email(rng, profile, emails))
        _consents(writer, rng, profile, anchor)


def _created_at(
    rng: random.Random, profile: Profile, start: dt.datetime, anchor: dt.datetime
) -> dt.datetime:
    if profile.first_booked is None:
        span = (anchor - start).total_seconds()
        return start + dt.timedelta(seconds=rng.uniform(0, span))
    if profile.first_booked - start < dt.timedelta(days=120) and rng.random() < 0.5:
        # A client of the clinic from before the history the demo shows.
        return start - dt.timedelta(days=rng.uniform(10, 900))
    return profile.first_booked - dt.timedelta(minutes=rng.uniform(5, 4 * 24 * 60))


def _client_row(
    writer: RowWriter,
    rng: random.Random,
    clinic: Clinic,
    profile: Profile,
    phone: str,
    email: str,
) -> None:
    assert profile.created_at is not None
    place = clinic.places[profile.home].spec
    age_days = int(rng.triangular(20, 70, 38) * 365.25)
    flags = rng.sample(people.MEDICAL_FLAGS, rng.choice((1, 1, 2))) if rng.random() < 0.1 else []
    allergies = ", ".join(rng.sample(people.ALLERGIES, rng.choice((1, 1, 2))))
    writer.add(
        m.Client,
        profile.created_at,
        id=profile.id,
        first_name=profile.first,
        last_name=profile.last,
        preferred_name="",
        date_of_birth=profile.created_at.date() - dt.timedelta(days=age_days),
        phone=phone,
        email=email,
        address=f"{rng.choice(people.STREET_NUMBERS)} {rng.choice(place.streets)}, "
        f"{place.city_line}{rng.randrange(10, 60):02d}",
        pronouns="",
        allergies=allergies if rng.random() < 0.12 else "",
        medical_flags=flags,
        medications=rng.choice(people.MEDICATIONS) if rng.random() < 0.2 else "",
        notes=rng.choice(people.FRONT_DESK_NOTES) if rng.random() < 0.06 else "",
        tags=profile.tags,
        home_location_id=clinic.places[profile.home].id,
        referral_source=rng.choice(people.REFERRAL_SOURCES),
        erased_at=None,
    )


def _consents(writer: RowWriter, rng: random.Random, profile: Profile, anchor: dt.datetime) -> None:
    assert profile.created_at is not None
    source = rng.choice(("front_desk", "front_desk", "online_booking"))
    for channel, chance in (("email", 0.72), ("sms", 0.6)):
        granted = rng.random() < chance
        writer.add(
            m.MarketingConsent,
            profile.created_at,
            client_id=profile.id,
            channel=channel,
            granted=granted,
            source=source,
            recorded_at=profile.created_at,
            recorded_by=None,
        )
        if granted and rng.random() < 0.08 and profile.created_at < anchor:
            later = profile.created_at + (anchor - profile.created_at) * rng.random()
            writer.add(
                m.MarketingConsent,
                later,
                client_id=profile.id,
                channel=channel,
                granted=False,
                source="unsubscribe",
                recorded_at=later,
                recorded_by=None,
            )


def _phone_numbers(rng: random.Random, count: int) -> list[str]:
    areas = people.FICTION_AREA_CODES.split()
    pool = [f"+1{area}5550{line:03d}" for area in areas for line in range(100, 200)]
    chosen = rng.sample(pool, min(count, len(pool)))
    return chosen + [""] * (count - len(chosen))


def _email(rng: random.Random, profile: Profile, taken: set[str]) -> str:
    if rng.random() < 0.04:
        return ""
    first, last = profile.first.lower(), profile.last.lower().replace("'", "")
    local = rng.choice(
        (f"{first}.{last}", f"{first}{last}", f"{first[0]}{last}", f"{first}_{last}")
    )
    domain = rng.choice(people.EMAIL_DOMAINS)
    address = f"{local}@{domain}"
    while address in taken:
        address = f"{local}{rng.randrange(1, 999)}@{domain}"
    taken.add(address)
    return address
