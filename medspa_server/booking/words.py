"""Dates, times, prices and durations as the visitor reads them, in the clinic's time zone.

Fixed English names (the page is in English): ``strftime`` would follow the server's locale.
Clinics in countries that read a 12-hour clock get ``2:30 PM`` and month-first dates. Pure
functions; any thread.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import phonenumbers

from medspa_desktop.domain.money import Money

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_TWELVE_HOUR = frozenset({"US", "CA", "AU", "NZ", "PH", "IN", "PK", "EG", "SA", "MX", "CO"})
_MONTH_FIRST = frozenset({"US", "PH"})
_SYMBOLS = {"USD": "$", "CAD": "$", "AUD": "$", "NZD": "$", "GBP": "£", "EUR": "€"}


class Words:
    """How one clinic writes dates and times: its zone and its country's habits."""

    def __init__(self, time_zone: str, country: str) -> None:
        self.zone = ZoneInfo(time_zone)
        self.country = country.upper()
        self.twelve_hour = country.upper() in _TWELVE_HOUR
        self.month_first = country.upper() in _MONTH_FIRST

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.zone)

    def day(self, day: dt.date, *, year: bool = False) -> str:
        """``Tuesday 14 April`` (``Tuesday, April 14`` month-first), optionally the year."""
        weekday, month = _DAYS[day.weekday()], _MONTHS[day.month - 1]
        if self.month_first:
            text = f"{weekday}, {month} {day.day}"
            return f"{text}, {day.year}" if year else text
        text = f"{weekday} {day.day} {month}"
        return f"{text} {day.year}" if year else text

    def short_day(self, day: dt.date) -> str:
        """``Tue 14 Apr`` (``Tue, Apr 14`` month-first)."""
        weekday, month = _DAYS[day.weekday()][:3], _MONTHS[day.month - 1][:3]
        return (
            f"{weekday}, {month} {day.day}" if self.month_first else f"{weekday} {day.day} {month}"
        )

    def time(self, moment: dt.datetime) -> str:
        """The local clock time: ``2:30 PM`` or ``14:30``."""
        local = self.local(moment)
        if not self.twelve_hour:
            return f"{local.hour:02d}:{local.minute:02d}"
        hour = local.hour % 12 or 12
        return f"{hour}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'}"

    def when(self, moment: dt.datetime) -> str:
        """``Tuesday 14 April 2026 at 14:30``."""
        return f"{self.day(self.local(moment).date(), year=True)} at {self.time(moment)}"

    def phone(self, text: str) -> str:
        """A stored E.164 number as people write it: ``(212) 555-0100`` for a number of the
        clinic's country, ``+44 20 7946 0958`` for another; as stored when unreadable."""
        try:
            number = phonenumbers.parse(text, self.country)
        except phonenumbers.NumberParseException:
            return text
        if phonenumbers.region_code_for_number(number) == self.country:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

    def zone_name(self, moment: dt.datetime) -> str:
        """The zone's abbreviation at that moment (``EDT``), or its IANA name."""
        return self.local(moment).tzname() or str(self.zone)


def part_of_day(moment: dt.datetime) -> str:
    """``Morning``, ``Afternoon`` or ``Evening`` of a local time."""
    if moment.hour < 12:
        return "Morning"
    return "Afternoon" if moment.hour < 17 else "Evening"


def price(minor: int, currency: str) -> str:
    """``$300.00``; an unknown currency as ``CHF 300.00``."""
    money = Money(minor, currency if len(currency) == 3 and currency.isupper() else "USD")
    symbol = _SYMBOLS.get(money.currency)
    if symbol is None:
        return money.format()
    return symbol + money.format().split(" ", 1)[1]


def duration(minutes: int) -> str:
    """``45 min``, ``1 hour``, ``1 hour 30 min``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    text = f"{hours} hour" + ("s" if hours > 1 else "")
    return f"{text} {rest} min" if rest else text
