"""The cash drawer: a float to open the day, cash sales (change never counted), cash refunds,
payouts by a manager, drops to the safe and the count at close, over or short to the cent,
on the location's own calendar day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from medspa_desktop.services.cash_drawer import (
    CountDrawer,
    DropCash,
    OpenDrawer,
    PayOut,
    count_drawer,
    drawer_summary,
    drop_cash,
    open_drawer,
    pay_out,
)
from medspa_desktop.services.errors import PermissionDenied, RuleViolation, ValidationError
from medspa_desktop.services.refunds import RefundPayment, refund_payment

from .checkout_clinic import Shop, set_up_shop
from .helpers import mutations
from .till import add, pay

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def shop(clinic) -> Shop:
    return set_up_shop(clinic)


def _do(shop: Shop, service, cmd, actor=None):
    with shop.uow() as uow:
        return service(cmd, uow=uow, actor=actor or shop.b.desk)


def _today(shop: Shop, day: dt.date | None = None):
    with shop.uow() as uow:
        day = day or dt.datetime.now(NEW_YORK).date()
        return drawer_summary(shop.b.clinic.location_id, day, uow=uow, actor=shop.b.desk)


def test_a_days_drawer_balances_to_the_cent_and_shows_over_or_short(shop):
    here = shop.b.clinic.location_id
    _do(shop, open_drawer, OpenDrawer(here, 20000, "Two rolls of quarters"))
    ticket = shop.open_for(shop.book_botox())
    add(shop, ticket.id, "product", shop.serum, quantity=3)  # 455.88 in all
    first = pay(shop, ticket.id, "cash", 10000)
    last = pay(shop, ticket.id, "cash", 40000)  # hands over 400.00 for 355.88
    assert last.change_minor == 4412
    with shop.uow() as uow:
        cmd = RefundPayment(first.payment_id, 5000, "Serum box damaged")
        refund_payment(cmd, uow=uow, actor=shop.b.manager)
    _do(shop, pay_out, PayOut(here, 2500, "Window cleaner"), shop.b.manager)
    _do(shop, drop_cash, DropCash(here, 30000, "Safe drop at noon"))
    closed = _do(shop, count_drawer, CountDrawer(here, 27900))
    # 200.00 float + 455.88 cash sales - 50.00 refund - 25.00 payout - 300.00 drop = 280.88
    assert (closed.float_minor, closed.cash_sales_minor, closed.cash_refunds_minor) == (
        20000,
        45588,
        5000,
    )
    assert (closed.payouts_minor, closed.drops_minor) == (2500, 30000)
    assert (closed.expected_minor, closed.counted_minor, closed.over_short_minor) == (
        28088,
        27900,
        -188,
    )
    assert [e.kind for e in closed.events] == ["open_float", "payout", "drop", "count"]
    assert [e.amount_minor for e in closed.events] == [20000, -2500, -30000, 27900]
    recount = _do(shop, count_drawer, CountDrawer(here, 28088, "Found 1.88 under the tray"))
    assert recount.over_short_minor == 0 and _today(shop) == recount
    assert len(mutations(shop.store, "create_cash_drawer_event")) == 5


def test_the_drawer_refuses_what_makes_no_sense_and_says_what_to_do(shop):
    here = shop.b.clinic.location_id
    with pytest.raises(RuleViolation, match="Open the drawer with today's float before counting"):
        _do(shop, count_drawer, CountDrawer(here, 100))
    with pytest.raises(RuleViolation, match="Open the drawer with today's float"):
        _do(shop, drop_cash, DropCash(here, 100))
    with pytest.raises(ValidationError, match="cannot be negative"):
        _do(shop, open_drawer, OpenDrawer(here, -1))
    _do(shop, open_drawer, OpenDrawer(here, 10000))
    with pytest.raises(RuleViolation, match="already opened today"):
        _do(shop, open_drawer, OpenDrawer(here, 10000))
    with pytest.raises(PermissionDenied):
        _do(shop, pay_out, PayOut(here, 500, "Flowers"))
    with pytest.raises(ValidationError, match="what the cash was paid out for"):
        _do(shop, pay_out, PayOut(here, 500, " "), shop.b.manager)
    with pytest.raises(ValidationError, match="more than zero"):
        _do(shop, drop_cash, DropCash(here, -500))
    with pytest.raises(RuleViolation, match=r"should hold only USD 100\.00"):
        _do(shop, drop_cash, DropCash(here, 10001))
    with pytest.raises(ValidationError, match="cannot be negative"):
        _do(shop, count_drawer, CountDrawer(here, -5))


def test_the_day_is_the_locations_own_day_not_utcs(shop):
    here = shop.b.clinic.location_id
    late = dt.datetime.combine(dt.date.today() + dt.timedelta(days=3), dt.time(23, 30), NEW_YORK)
    with time_machine.travel(late, tick=True):  # 23:30 in New York is already tomorrow in UTC
        _do(shop, open_drawer, OpenDrawer(here, 5000))
        ticket = shop.open_for(shop.book_botox())
        pay(shop, ticket.id, "cash", 30000)
        summary = _today(shop)
    assert summary.day == late.date() and late.astimezone(dt.UTC).date() != late.date()
    assert (summary.cash_sales_minor, summary.expected_minor) == (30000, 35000)
    assert _today(shop, late.date() + dt.timedelta(days=1)).expected_minor == 0
