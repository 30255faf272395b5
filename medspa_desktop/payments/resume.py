"""At start-up, before anything else: find out at Stripe what happened to every card
payment a crash or power cut interrupted, and settle each (``card_payments``).

``settle_interrupted(store) -> str``: a notice for the front desk ("" when all is settled).
Runs on the database worker while the splash screen shows; never on the GUI thread.
"""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from medspa_desktop.domain.card_terminal import TerminalError
from medspa_desktop.payments.provider import card_terminal
from medspa_desktop.services.card_payments import UNFINISHED, resume_card_payments
from medspa_desktop.store.database import Store
from medspa_desktop.store.errors import StoreError
from medspa_desktop.store.models import PaymentAttempt

log = logging.getLogger(__name__)

LATER = (
    "{count} card payment(s) interrupted when MedSpa Desktop last closed could not be checked "
    "with Stripe yet ({why}). Their tickets stay open; nobody is charged twice. They are "
    "checked again at the next start, or take another tender after checking the Stripe "
    "dashboard."
)


def settle_interrupted(store: Store) -> str:
    with store.uow() as uow:
        count = uow.session.scalar(
            select(func.count())
            .select_from(PaymentAttempt)
            .where(PaymentAttempt.status.in_(UNFINISHED), PaymentAttempt.kind == "payment")
        )
    if not count:
        return ""
    try:
        terminal = card_terminal(store.data_dir, demo=store.demo)
        if terminal is None:
            return LATER.format(count=count, why="card payments are not set up on this PC")
        settled = resume_card_payments(uows=store.uow, terminal=terminal)
    except (TerminalError, StoreError) as err:
        log.warning("interrupted card payments not checked: %s", type(err).__name__)
        return LATER.format(count=count, why=str(err))
    log.info("settled %d interrupted card payment(s)", len(settled))
    return ""
