"""How each synced entity merges (ARCHITECTURE.md, Sync). Shared by the device and the server.

- ``FIELD_MERGE``: client profiles and most rows merge field by field; per field the latest
  HLC wins, so two devices editing different fields both keep their edit.
- ``LEDGER``: append-only rows (payments, refunds, credit and stock movements, status
  history, chart versions ...): inserted if absent by id, never changed, so never in
  conflict and never doubled.
- ``APPOINTMENT``: field merge, and an appointment that overlaps an active one for the same
  practitioner, room or machine is kept in status ``conflict`` (the later one by server
  sequence), for the front desk to resolve.
- ``CHART``: field merge until signed; a signed chart is immutable (changes are addenda,
  which are chart versions).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Policy(StrEnum):
    FIELD_MERGE = "field_merge"
    LEDGER = "ledger"
    APPOINTMENT = "appointment"
    CHART = "chart"


ENTITIES: tuple[str, ...] = (
    "organisation", "location", "device", "staff", "staff_location", "calendar_feed",
    "service_category",
    "intake_form", "membership_plan", "product", "campaign", "card_reader",
    "cash_drawer_event", "chart_template", "client", "consent_template", "inventory_lot",
    "machine", "room", "working_hours", "chart_template_version", "consent_template_version",
    "gift_card", "intake_response", "marketing_consent", "membership", "message",
    "service_item", "time_off", "appointment", "package_plan", "service_qualified_staff",
    "appointment_status_change", "chart", "signed_consent", "ticket", "waitlist_entry",
    "chart_version", "client_package",
    "credit_ledger", "payment", "photo", "ticket_line", "gift_card_ledger",
    "inventory_movement", "package_redemption", "refund",
)  # fmt: skip
"""Every synced table, parents before children: the order of a first sync's snapshot."""

LEDGERS: frozenset[str] = frozenset({
    "appointment_status_change", "cash_drawer_event", "chart_version", "credit_ledger",
    "gift_card_ledger", "inventory_movement", "marketing_consent", "package_redemption",
    "payment", "refund",
})  # fmt: skip

POLICIES: dict[str, Policy] = {
    entity: Policy.LEDGER
    if entity in LEDGERS
    else Policy.APPOINTMENT
    if entity == "appointment"
    else Policy.CHART
    if entity == "chart"
    else Policy.FIELD_MERGE
    for entity in ENTITIES
}

APPOINTMENT_RESOURCES = ("staff_id", "room_id", "machine_id")
"""An appointment holds each of these it names for its whole time."""
APPOINTMENT_FREE_STATUSES = frozenset({"cancelled", "no_show", "conflict"})
"""Appointments in these statuses hold nothing, so they never cause a conflict."""
CHART_LOCKED_STATUS = "signed"


def policy_of(entity: str) -> Policy:
    """The merge policy of ``entity``; raises KeyError for a table that does not sync."""
    return POLICIES[entity]


def overlaps(
    a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime
) -> bool:
    """Two half-open time ranges overlap (back-to-back appointments do not)."""
    return a_start < b_end and b_start < a_end
