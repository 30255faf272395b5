"""The one permission matrix: which role may do which action. Deny by default.

Services call :func:`is_allowed` (through ``services.authz.authorize``) before doing anything;
the UI only hides what the services would refuse. Front desk never receives clinical notes,
charts, photos, intake answers or signed consent texts; they see that such records exist and
whether a consent is missing. Owner-only: making or unmaking owners, erasing a client,
restoring a backup, exporting the whole clinic, payment-provider keys and organisation
details. ``docs/permissions.md`` is generated from this table (``permissions_doc``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Role

__all__ = ["DESCRIPTIONS", "PERMISSIONS", "Action", "Role", "is_allowed", "refusal_message"]

_FD, _PR, _MG, _OW = Role.FRONT_DESK, Role.PRACTITIONER, Role.MANAGER, Role.OWNER
EVERYONE = frozenset(Role)
DESK = frozenset({_FD, _MG, _OW})
CLINICAL = frozenset({_PR, _MG, _OW})
MANAGEMENT = frozenset({_MG, _OW})
OWNER_ONLY = frozenset({_OW})

A = Action
_RULES: dict[Action, tuple[frozenset[Role], str]] = {
    A.CLIENT_VIEW: (EVERYONE, "look up clients and open their profiles"),
    A.CLIENT_CREATE: (EVERYONE, "add clients"),
    A.CLIENT_EDIT: (EVERYONE, "change clients' contact details"),
    A.CLIENT_VIEW_MEDICAL: (CLINICAL, "view clients' medications and medical history"),
    A.CLIENT_EDIT_MEDICAL: (CLINICAL, "change clients' allergies and medical details"),
    A.CLIENT_SET_MARKETING_CONSENT: (EVERYONE, "record marketing consent"),
    A.CLIENT_MERGE: (MANAGEMENT, "merge duplicate clients"),
    A.CLIENT_EXPORT_DATA: (MANAGEMENT, "export a client's data"),
    A.CLIENT_ERASE: (OWNER_ONLY, "erase a client's personal data"),
    A.APPOINTMENT_VIEW: (EVERYONE, "view the calendar"),
    A.APPOINTMENT_BOOK: (EVERYONE, "book appointments"),
    A.APPOINTMENT_RESCHEDULE: (EVERYONE, "move appointments"),
    A.APPOINTMENT_CANCEL: (EVERYONE, "cancel appointments"),
    A.APPOINTMENT_CONFIRM: (EVERYONE, "confirm appointments"),
    A.APPOINTMENT_CHECK_IN: (EVERYONE, "check clients in"),
    A.APPOINTMENT_START_TREATMENT: (CLINICAL, "start treatments"),
    A.APPOINTMENT_COMPLETE: (EVERYONE, "mark appointments completed"),
    A.APPOINTMENT_MARK_NO_SHOW: (EVERYONE, "mark no-shows"),
    A.APPOINTMENT_WAIVE_FEE: (MANAGEMENT, "waive cancellation and no-show fees"),
    A.APPOINTMENT_OVERRIDE_DOUBLE_BOOKING: (MANAGEMENT, "override a double booking"),
    A.WAITLIST_VIEW: (EVERYONE, "view the waitlist"),
    A.WAITLIST_MANAGE: (EVERYONE, "change the waitlist"),
    A.WORKING_HOURS_MANAGE: (MANAGEMENT, "change working hours"),
    A.TIME_OFF_MANAGE: (MANAGEMENT, "change time off"),
    A.CALENDAR_FEED_MANAGE: (CLINICAL, "manage calendar feeds"),
    A.ONLINE_BOOKING_MANAGE: (MANAGEMENT, "change online booking settings"),
    A.TICKET_VIEW: (EVERYONE, "view tickets"),
    A.TICKET_OPEN: (EVERYONE, "open tickets"),
    A.TICKET_EDIT: (EVERYONE, "change tickets"),
    A.TICKET_CLOSE: (EVERYONE, "close tickets"),
    A.TICKET_VOID: (MANAGEMENT, "void tickets"),
    A.DISCOUNT_APPLY: (EVERYONE, "give discounts"),
    A.DISCOUNT_APPROVE_OVER_LIMIT: (MANAGEMENT, "approve discounts over the limit"),
    A.PAYMENT_TAKE: (EVERYONE, "take payments"),
    A.PAYMENT_PAY_LATER: (EVERYONE, "put a balance on a client's account"),
    A.PAYMENT_REFUND: (MANAGEMENT, "refund payments"),
    A.PAYMENT_VOID: (MANAGEMENT, "void payments"),
    A.PAYMENT_RECONCILE: (MANAGEMENT, "reconcile card payments"),
    A.RECEIPT_SEND: (EVERYONE, "print or send receipts"),
    A.CASH_DRAWER_OPERATE: (DESK, "open and count the cash drawer"),
    A.CASH_DRAWER_PAYOUT: (MANAGEMENT, "pay out from the cash drawer"),
    A.CARD_READER_MANAGE: (MANAGEMENT, "set up card readers"),
    A.PAYMENT_SETTINGS_MANAGE: (OWNER_ONLY, "change the payment provider settings"),
    A.GIFT_CARD_VIEW: (EVERYONE, "check gift card balances"),
    A.GIFT_CARD_SELL: (EVERYONE, "sell gift cards"),
    A.GIFT_CARD_REDEEM: (EVERYONE, "redeem gift cards"),
    A.GIFT_CARD_ADJUST: (MANAGEMENT, "correct gift card balances"),
    A.MEMBERSHIP_VIEW: (EVERYONE, "view memberships"),
    A.MEMBERSHIP_ENROL: (EVERYONE, "enrol clients in memberships"),
    A.MEMBERSHIP_CANCEL: (MANAGEMENT, "cancel memberships"),
    A.MEMBERSHIP_CREDIT_ADJUST: (MANAGEMENT, "correct membership credit"),
    A.MEMBERSHIP_PLAN_MANAGE: (MANAGEMENT, "change membership plans"),
    A.PACKAGE_SELL: (EVERYONE, "sell packages"),
    A.PACKAGE_REDEEM: (EVERYONE, "redeem packages"),
    A.PACKAGE_PLAN_MANAGE: (MANAGEMENT, "change packages on offer"),
    A.INVENTORY_VIEW: (EVERYONE, "view stock"),
    A.INVENTORY_RECEIVE: (MANAGEMENT, "receive stock"),
    A.INVENTORY_ADJUST: (MANAGEMENT, "correct stock levels"),
    A.PRODUCT_MANAGE: (MANAGEMENT, "change the product list"),
    A.LOT_RECALL: (MANAGEMENT, "run a lot recall"),
    A.CHART_LIST: (EVERYONE, "see which charts exist"),
    A.CHART_VIEW: (CLINICAL, "view clinical notes"),
    A.CHART_WRITE: (CLINICAL, "write clinical notes"),
    A.CHART_SIGN: (CLINICAL, "sign charts"),
    A.CHART_ADDENDUM: (CLINICAL, "add addenda to signed charts"),
    A.CHART_TEMPLATE_MANAGE: (MANAGEMENT, "change chart templates"),
    A.PHOTO_VIEW: (CLINICAL, "view treatment photos"),
    A.PHOTO_CAPTURE: (CLINICAL, "take treatment photos"),
    A.PHOTO_EXPORT: (MANAGEMENT, "export treatment photos"),
    A.PHOTO_SET_MARKETING_CONSENT: (CLINICAL, "record consent to use a photo in marketing"),
    A.PHOTO_DELETE: (MANAGEMENT, "delete treatment photos"),
    A.CONSENT_STATUS_VIEW: (EVERYONE, "see whether consents are signed"),
    A.CONSENT_VIEW: (CLINICAL, "open signed consent forms"),
    A.CONSENT_COLLECT: (EVERYONE, "collect consent signatures"),
    A.CONSENT_WITHDRAW: (CLINICAL, "record a withdrawn consent"),
    A.CONSENT_TEMPLATE_MANAGE: (MANAGEMENT, "change consent forms"),
    A.INTAKE_COLLECT: (EVERYONE, "hand out intake forms"),
    A.INTAKE_VIEW: (CLINICAL, "read intake answers"),
    A.INTAKE_REVIEW: (CLINICAL, "review intake forms"),
    A.INTAKE_FORM_MANAGE: (MANAGEMENT, "change intake forms"),
    A.KIOSK_START: (EVERYONE, "start kiosk mode"),
    A.REPORT_DAILY_CLOSE: (DESK, "run the daily close"),
    A.REPORT_VIEW: (MANAGEMENT, "view reports"),
    A.REPORT_CLINICAL: (MANAGEMENT, "view clinical reports"),
    A.REPORT_EXPORT: (MANAGEMENT, "export reports"),
    A.MESSAGE_SEND: (EVERYONE, "send messages to clients"),
    A.MESSAGE_TEMPLATE_MANAGE: (MANAGEMENT, "change message templates"),
    A.CAMPAIGN_VIEW: (MANAGEMENT, "view campaigns"),
    A.CAMPAIGN_MANAGE: (MANAGEMENT, "change campaigns"),
    A.CAMPAIGN_SEND: (MANAGEMENT, "send campaigns"),
    A.STAFF_VIEW: (MANAGEMENT, "view staff accounts"),
    A.STAFF_CREATE: (MANAGEMENT, "add staff accounts"),
    A.STAFF_EDIT: (MANAGEMENT, "change staff accounts"),
    A.STAFF_DISABLE: (MANAGEMENT, "disable or enable staff accounts"),
    A.STAFF_CHANGE_ROLE: (MANAGEMENT, "change staff roles"),
    A.STAFF_MANAGE_OWNERS: (OWNER_ONLY, "make someone an owner or change an owner's account"),
    A.STAFF_RESET_CREDENTIALS: (MANAGEMENT, "reset other staff's passwords and PINs"),
    A.STAFF_ASSIGN_LOCATIONS: (MANAGEMENT, "assign staff to locations"),
    A.OWN_CREDENTIALS_CHANGE: (EVERYONE, "change their own password and PIN"),
    A.ORGANISATION_EDIT: (OWNER_ONLY, "change the organisation's details"),
    A.LOCATION_VIEW: (MANAGEMENT, "view location settings"),
    A.LOCATION_CREATE: (OWNER_ONLY, "add locations"),
    A.LOCATION_EDIT: (MANAGEMENT, "change location settings"),
    A.SERVICE_MENU_VIEW: (EVERYONE, "view the service menu"),
    A.SERVICE_MENU_MANAGE: (MANAGEMENT, "change the service menu"),
    A.RESOURCE_VIEW: (EVERYONE, "view rooms and machines"),
    A.RESOURCE_MANAGE: (MANAGEMENT, "change rooms and machines"),
    A.DEVICE_VIEW: (MANAGEMENT, "view enrolled devices"),
    A.DEVICE_ENROL: (MANAGEMENT, "enrol devices"),
    A.DEVICE_REVOKE: (MANAGEMENT, "revoke devices"),
    A.SYNC_RUN: (EVERYONE, "sync now"),
    A.SYNC_CONFLICT_RESOLVE: (DESK, "resolve sync conflicts"),
    A.AUDIT_VIEW: (MANAGEMENT, "view the audit log"),
    A.AUDIT_VERIFY: (MANAGEMENT, "verify the audit log"),
    A.BACKUP_CREATE: (MANAGEMENT, "make backups"),
    A.BACKUP_RESTORE: (OWNER_ONLY, "restore a backup"),
    A.CLINIC_DATA_EXPORT: (OWNER_ONLY, "export the whole clinic's data"),
}

PERMISSIONS: Mapping[Action, frozenset[Role]] = MappingProxyType(
    {action: roles for action, (roles, _) in _RULES.items()}
)
"""Roles allowed per action; an action missing here is allowed to nobody."""

DESCRIPTIONS: Mapping[Action, str] = MappingProxyType(
    {action: text for action, (_, text) in _RULES.items()}
)
"""What each action lets someone do, phrased to follow "may" or "can't"."""

_PLURAL = {
    _FD: "Front desk staff",
    _PR: "Practitioners",
    _MG: "Managers",
    _OW: "Owners",
}
_SINGULAR = {_FD: "front desk colleague", _PR: "practitioner", _MG: "manager", _OW: "owner"}


def is_allowed(role: Role, action: Action) -> bool:
    """True only when the matrix lists ``role`` for ``action``."""
    return role in PERMISSIONS.get(action, frozenset())


def refusal_message(role: Role, action: Action) -> str:
    """A refusal staff can act on: "Front desk staff can't view clinical notes. Ask a ..."."""
    what = DESCRIPTIONS.get(action, "do this")
    allowed = [r for r in Role if r in PERMISSIONS.get(action, frozenset())]
    if not allowed:
        return f"{_PLURAL[role]} can't {what}. No role may do this."
    names = [_SINGULAR[r] for r in allowed]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    article = "an" if who[0] in "aeiou" else "a"
    return f"{_PLURAL[role]} can't {what}. Ask {article} {who}."
