"""Lots in charts: the picker offers lots in date with stock, and a lot recall finds every
client treated with (or sold) a lot, with phone, date, practitioner and amount."""

from __future__ import annotations

from medspa_desktop.services.chart_lots import chart_lot_choices
from medspa_desktop.services.lot_recall import lot_recall, recall_text
from medspa_desktop.store.models import Client, InventoryMovement, Ticket, TicketLine

from .chart_clinic import TOMORROW, neuro_body, set_up_charting
from .helpers import audit_entries


def test_the_lot_picker_offers_injectables_in_date_with_stock_first_expiring_first(clinic):
    c = set_up_charting(clinic)
    chart = c.start(c.lee).chart_id

    with c.store.uow() as uow:
        choices = chart_lot_choices(chart, uow=uow, actor=c.lee)

    assert [(x.product_name, x.lot_number, x.on_hand, x.unit) for x in choices] == [
        ("Botox", "C3709C3", 100, "unit"),
        ("Juvederm Ultra", "JV-2201", 10, "syringe"),
    ]


def test_a_lot_recall_lists_every_client_treated_with_the_lot(clinic):
    c = set_up_charting(clinic)
    chart = c.start(c.lee).chart_id
    c.save(c.lee, chart, neuro_body(("Glabella", 20, c.botox_lot), aftercare_given="Yes"), None)
    signed = c.sign(c.lee, chart)
    leo = c.row(Client, first_name="Leo", last_name="Park", phone="+12125550188")
    ticket = c.row(Ticket, location_id=c.clinic.location_id, client_id=leo, number="T-9")
    line = c.row(
        TicketLine,
        ticket_id=ticket,
        kind="product",
        description="Botox",
        unit_price_minor=0,
        total_minor=0,
        staff_id=c.kim.staff_id,
    )
    c.row(InventoryMovement, lot_id=c.botox_lot, quantity=-1, kind="sale", ticket_line_id=line)

    with c.store.uow() as uow:
        recall = lot_recall(" c3709c3 ", uow=uow, actor=c.manager)

    assert [(lot.product_name, lot.lot_number) for lot in recall.lots] == [("Botox", "C3709C3")]
    assert recall.client_count == 2
    sold, treated = sorted(recall.entries, key=lambda entry: entry.how)
    assert (treated.client_name, treated.phone, treated.practitioner_name) == (
        "Maya Chen",
        "+12125550143",
        "Practitioner lee",
    )
    assert (treated.quantity, treated.unit, treated.how, treated.chart_id) == (
        20,
        "unit",
        "treated",
        chart,
    )
    assert treated.at == TOMORROW  # when the treatment was booked, not when it was signed
    assert signed.signed_at < TOMORROW
    assert (sold.client_name, sold.how, sold.quantity) == ("Leo Park", "bought", 1)
    assert audit_entries(c.store, action="inventory.lot_recall")[-1].detail == "lot c3709c3"
    text = recall_text(recall)
    assert "Maya Chen" in text and "+12125550143" in text and "treated 20 unit" in text


def test_a_recall_of_an_unknown_lot_says_so(clinic):
    c = set_up_charting(clinic)

    with c.store.uow() as uow:
        recall = lot_recall("NOPE-1", uow=uow, actor=c.owner)

    assert recall.lots == () and recall.entries == ()
    assert "No lot numbered 'NOPE-1'" in recall_text(recall)
