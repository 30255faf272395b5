"""Money as integer minor units plus an ISO 4217 currency code; never a float."""

from __future__ import annotations

from dataclasses import dataclass

_MINOR_DIGITS = {"JPY": 0, "KRW": 0, "BHD": 3, "KWD": 3}


class CurrencyMismatch(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Money:
    minor: int
    currency: str = "USD"

    def __post_init__(self) -> None:
        if not isinstance(self.minor, int) or isinstance(self.minor, bool):
            raise TypeError("Money holds an integer number of minor units")
        if len(self.currency) != 3 or not self.currency.isupper():
            raise ValueError(f"Not an ISO 4217 currency code: {self.currency!r}")

    @property
    def digits(self) -> int:
        return _MINOR_DIGITS.get(self.currency, 2)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency} cannot be combined")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def format(self) -> str:
        """Human form, e.g. ``USD 1,234.50``."""
        sign = "-" if self.minor < 0 else ""
        whole, frac = (
            divmod(abs(self.minor), 10**self.digits) if self.digits else (abs(self.minor), 0)
        )
        text = f"{whole:,}" + (f".{frac:0{self.digits}d}" if self.digits else "")
        return f"{sign}{self.currency} {text}"

    @classmethod
    def parse(cls, text: str, currency: str = "USD") -> Money:
        """Parse what a person types ("12", "12.5", "1,234.50") into exact minor units."""
        digits = _MINOR_DIGITS.get(currency, 2)
        cleaned = text.strip().replace(",", "").replace(" ", "")
        negative = cleaned.startswith("-")
        cleaned = cleaned.lstrip("-+")
        whole, _, frac = cleaned.partition(".")
        if not whole and not frac:
            raise ValueError("Enter an amount, for example 120.00")
        if not (whole or "0").isdigit() or (frac and not frac.isdigit()):
            raise ValueError(f"{text!r} is not an amount; use digits and one decimal point")
        if len(frac) > digits:
            raise ValueError(f"{currency} amounts have at most {digits} decimal places")
        minor = int(whole or "0") * 10**digits + int((frac or "0").ljust(digits, "0") or "0")
        return cls(-minor if negative else minor, currency)
