"""What checkout says: money and percents as the desk reads them, tender names, and the
messages of the card reader. Pure text; any thread."""

from __future__ import annotations

from medspa_desktop.domain.money import Money
from medspa_desktop.services.receipts import tender_label

CASH, CARD, GIFT_CARD, PAY_LATER = "cash", "card", "gift_card", "pay_later"
TENDERS = ((CASH, "Cash"), (CARD, "Card"), (GIFT_CARD, "Gift card"), (PAY_LATER, "Pay later"))
"""In shortcut order: Ctrl+1 is Cash … Ctrl+4 is Pay later."""

CARD_OFFLINE = "Card payment needs an internet connection — take cash, a gift card or pay later."
CARD_NOT_SET_UP = (
    "Card payments are not set up on this PC — an owner can set them up in Settings → Payments."
)
NO_READER = (
    "No card reader is set up for this location — a manager can add one in Settings → Payments."
)
WAITING = "Waiting for the client to tap, insert or swipe on {reader}…"
STARTING = "Getting {reader} ready…"
CANCELLING = "Cancelling the card payment…"
PAY_LATER_NEEDS_CLIENT = (
    "Pay later puts the balance on a client's account. This is a walk-in sale: choose the "
    "client first, or take another tender."
)
MANAGER_NEEDED = "A manager or owner must apply this discount"


def money(minor: int, currency: str) -> str:
    """``USD 1,234.50``."""
    return Money(minor, currency).format()


def percent(basis_points: int) -> str:
    """``1800`` → ``18 %``; ``1250`` → ``12.5 %``."""
    return f"{basis_points / 100:g} %"


def paid_with(tender: str, brand: str, last4: str) -> str:
    """``VISA •••• 4242``, ``Cash``, ``Gift card``, ``On account``: never more of a card."""
    return tender_label(tender, brand, last4)


def elapsed(seconds: float) -> str:
    """``0:07`` since the card was sent to the reader."""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
