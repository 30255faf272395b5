"""Which discounts need a written reason or a manager, by the location's two limits."""

from __future__ import annotations

from typing import Literal

from medspa_desktop.domain.ticket_rounding import BASIS_POINTS, TicketMathError

Approval = Literal["none", "reason", "manager"]


def discount_approval(
    discount_minor: int, base_minor: int, reason_limit_bp: int, approval_limit_bp: int
) -> Approval:
    """What a discount needs before it is saved: nothing, a written reason, or a manager.

    Limits are the location's, as a percent (basis points) of the pre-discount amount
    ``base_minor``. A discount exactly at a limit is within it; only going *above* the first
    limit needs a reason, and above the second a manager's approval. Compared exactly in
    integers, so 10.00 off 100.00 is exactly 10 %, never 10.000001 %.
    """
    if discount_minor < 0 or base_minor < 0:
        raise TicketMathError("A discount and the amount it comes off cannot be negative")
    if not 0 <= reason_limit_bp <= approval_limit_bp:
        raise TicketMathError(
            "The discount limit needing a reason must be no higher than the one needing a manager"
        )
    scaled = discount_minor * BASIS_POINTS
    if scaled > approval_limit_bp * base_minor:
        return "manager"
    if scaled > reason_limit_bp * base_minor:
        return "reason"
    return "none"
