"""Exact rounding and sharing-out for ticket arithmetic: integers and Fractions, never floats.

Shared by :mod:`medspa_desktop.domain.ticket_math` (pricing) and
:mod:`medspa_desktop.domain.ticket_tender` (payments and refunds) so both round the same way
and speak to the front desk in the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from medspa_desktop.domain.money import Money

BASIS_POINTS = 10_000
"""100 % in basis points: 825 bp is 8.25 %."""


class TicketMathError(ValueError):
    """A ticket cannot be priced, paid or refunded as asked.

    The message is written for the person at the front desk: it says what is wrong and, where
    it can, what amount would be accepted.
    """


def require_whole(what: str, value: object) -> None:
    """Refuse anything but a plain ``int`` (a float or bool here is a programming error)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be a whole number (minor units or basis points): {value!r}")


def money_text(minor: int, currency: str) -> str:
    """How an amount reads in a message, e.g. ``USD 120.00``."""
    return Money(minor, currency).format()


def percent_text(rate_bp: int) -> str:
    """How a basis-point rate reads in a message, e.g. ``8.25 %``."""
    whole, hundredths = divmod(rate_bp, 100)
    text = f"{whole}.{hundredths:02d}".rstrip("0") if hundredths else str(whole)
    return f"{text} %"


def round_half_up(value: Fraction) -> int:
    """The nearest whole number; exactly half goes away from zero (ROUND_HALF_UP).

    Computed on the exact fraction, so 16.5 cents is 17 cents, never 16 through a float's
    representation error.
    """
    magnitude = (2 * abs(value.numerator) + value.denominator) // (2 * value.denominator)
    return magnitude if value >= 0 else -magnitude


def rate_of(amount_minor: int, rate_bp: int) -> int:
    """``amount × rate`` for a rate in basis points, rounded half-up to the minor unit."""
    return round_half_up(Fraction(amount_minor * rate_bp, BASIS_POINTS))


def largest_remainder(total: int, weights: Sequence[int]) -> tuple[int, ...]:
    """Share ``total`` minor units in proportion to ``weights``; the shares sum exactly to it.

    Each share starts as the whole units of its exact quota; the units left over go one each
    to the largest fractional remainders, the earlier weight first on a tie, so the result
    never depends on anything but the order given. A share never exceeds its quota rounded up.
    All-zero weights share evenly (the same rule with equal weights).
    """
    if total < 0 or any(weight < 0 for weight in weights):
        raise ValueError("largest_remainder shares a non-negative total by non-negative weights")
    if not weights:
        if total:
            raise ValueError("there is no one to share a non-zero total among")
        return ()
    basis = list(weights) if any(weights) else [1] * len(weights)
    whole = sum(basis)
    quotas = [divmod(total * weight, whole) for weight in basis]
    left_over = total - sum(floor for floor, _ in quotas)
    by_remainder = sorted(range(len(basis)), key=lambda i: (-quotas[i][1], i))
    lucky = set(by_remainder[:left_over])
    return tuple(floor + (1 if i in lucky else 0) for i, (floor, _) in enumerate(quotas))
