"""Typed SQLAlchemy models of the whole domain. Importing this registers every table."""

from medspa_desktop.store.models.base import Base, Synced, Timestamped, UtcDateTime, utcnow
from medspa_desktop.store.models.clients import Client, MarketingConsent
from medspa_desktop.store.models.clinical import BlobRef, Chart, ChartVersion, Photo
from medspa_desktop.store.models.consents import (
    ConsentTemplate,
    ConsentTemplateVersion,
    IntakeForm,
    IntakeResponse,
    SignedConsent,
)
from medspa_desktop.store.models.core import (
    AuditEntry,
    Device,
    LocalSetting,
    Location,
    LoginAttempt,
    Organisation,
    OutboxMutation,
    Staff,
    StaffLocation,
    SyncState,
)
from medspa_desktop.store.models.giftcards import GiftCard, GiftCardLedger
from medspa_desktop.store.models.inventory import InventoryLot, InventoryMovement, Product
from medspa_desktop.store.models.memberships import (
    ClientPackage,
    CreditLedger,
    Membership,
    MembershipPlan,
    PackagePlan,
    PackageRedemption,
)
from medspa_desktop.store.models.messaging import Campaign, Message
from medspa_desktop.store.models.sales import (
    CardReader,
    CashDrawerEvent,
    Payment,
    PaymentAttempt,
    Refund,
    Ticket,
    TicketLine,
)
from medspa_desktop.store.models.schedule import (
    Appointment,
    AppointmentStatusChange,
    CalendarFeed,
    TimeOff,
    WaitlistEntry,
    WorkingHours,
)
from medspa_desktop.store.models.services import (
    Machine,
    Room,
    ServiceCategory,
    ServiceItem,
    ServiceQualifiedStaff,
)

__all__ = [
    "Appointment",
    "AppointmentStatusChange",
    "AuditEntry",
    "Base",
    "BlobRef",
    "CalendarFeed",
    "Campaign",
    "CardReader",
    "CashDrawerEvent",
    "Chart",
    "ChartVersion",
    "Client",
    "ClientPackage",
    "ConsentTemplate",
    "ConsentTemplateVersion",
    "CreditLedger",
    "Device",
    "GiftCard",
    "GiftCardLedger",
    "IntakeForm",
    "IntakeResponse",
    "InventoryLot",
    "InventoryMovement",
    "LocalSetting",
    "Location",
    "LoginAttempt",
    "Machine",
    "MarketingConsent",
    "Membership",
    "MembershipPlan",
    "Message",
    "Organisation",
    "OutboxMutation",
    "PackagePlan",
    "PackageRedemption",
    "Payment",
    "PaymentAttempt",
    "Photo",
    "Product",
    "Refund",
    "Room",
    "ServiceCategory",
    "ServiceItem",
    "ServiceQualifiedStaff",
    "SignedConsent",
    "Staff",
    "StaffLocation",
    "SyncState",
    "Synced",
    "Ticket",
    "TicketLine",
    "TimeOff",
    "Timestamped",
    "UtcDateTime",
    "WaitlistEntry",
    "WorkingHours",
    "utcnow",
]
