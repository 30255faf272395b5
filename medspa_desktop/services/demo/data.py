"""Fixed content of the demo clinic: locations, people, menu, products, plans.

Prices are whole US dollars here and become minor units when written. Phone numbers use the
555-01xx range reserved for fiction and e-mail addresses use reserved example domains, so
demo data never reaches a real person.
"""

from __future__ import annotations

from typing import NamedTuple

ORGANISATION = "Lumière Aesthetics"
CURRENCY = "USD"
NO_SHOW_FEE_MINOR = 5000
LATE_CANCEL_FEE_MINOR = 2500
CANCELLATION_POLICY = (
    "Please give us at least 24 hours' notice to cancel or move your appointment. "
    "Cancellations with less notice carry a $25 fee, and missed appointments a $50 fee."
)
DEMO_PASSWORD = "demo-clinic-2026"  # noqa: S105 - shown on the demo login screen on purpose


class LocationSpec(NamedTuple):
    code: str
    name: str
    time_zone: str
    address: str
    phone: str
    email: str
    retail_tax_bp: int
    city_line: str
    streets: tuple[str, ...]
    rooms: tuple[tuple[str, str], ...]
    machines: tuple[tuple[str, str, str], ...]


LOCATIONS = (
    LocationSpec(
        "MIA", "Lumière Brickell", "America/New_York",
        "1450 Brickell Ave, Suite 210, Miami, FL 33131", "+13055550100",
        "brickell@lumiere-aesthetics.example", 700,
        "Miami, FL 331", ("Brickell Ave", "SW 8th St", "Coral Way", "Biscayne Blvd",
                          "Collins Ave", "NE 2nd Ave", "Ponce de Leon Blvd", "SW 27th Ave"),
        (("Treatment 1", "treatment"), ("Treatment 2", "treatment"),
         ("Treatment 3", "treatment"), ("Laser Suite", "laser"), ("Laser Suite 2", "laser"),
         ("Facial Room", "facial"), ("Consult Room", "consult")),
        (("GentleMax Pro", "laser", "Candela GentleMax Pro"),
         ("Splendor X", "laser", "Lumenis Splendor X"), ("M22", "ipl", "Lumenis M22"),
         ("Syndeo", "hydrafacial", "HydraFacial Syndeo"),
         ("SkinPen 1", "microneedling", "SkinPen Precision")),
    ),
    LocationSpec(
        "CHI", "Lumière Gold Coast", "America/Chicago",
        "900 N Michigan Ave, Floor 5, Chicago, IL 60611", "+13125550100",
        "goldcoast@lumiere-aesthetics.example", 1025,
        "Chicago, IL 606", ("N State St", "W Division St", "N Clark St", "W Armitage Ave",
                            "N Lincoln Ave", "W Belmont Ave", "N Halsted St", "W Fullerton Ave"),
        (("Treatment A", "treatment"), ("Treatment B", "treatment"), ("Laser Room", "laser"),
         ("Glow Room", "facial")),
        (("Excel HR", "laser", "Cutera Excel HR"), ("BBL Hero", "ipl", "Sciton BBL HERO"),
         ("HydraFacial Elite", "hydrafacial", "HydraFacial Elite"),
         ("SkinPen 2", "microneedling", "SkinPen Precision")),
    ),
)  # fmt: skip


class StaffSpec(NamedTuple):
    first: str
    last: str
    role: str
    title: str
    qualifications: tuple[str, ...]
    locations: tuple[int, ...]
    weekdays: tuple[int, ...]
    """0 = Monday; worked at ``locations[0]``."""
    start_hour: int
    end_hour: int
    colour: str


_INJECT = ("neuromodulator", "filler")
_ENERGY = ("laser_hair_removal", "ipl")
_SKIN = ("hydrafacial", "chemical_peel", "microneedling")
STAFF = (
    StaffSpec("Olivia", "Bennett", "owner", "", (), (0, 1), (0, 1, 2, 3), 9, 17, "#7b5ea7"),
    StaffSpec("Marcus", "Reed", "manager", "", (), (0,), (0, 1, 2, 3, 4), 9, 17, "#4f7cac"),
    StaffSpec("Priya", "Shah", "manager", "", (), (1,), (1, 2, 3, 4, 5), 9, 17, "#4f9c8f"),
    StaffSpec("Sofia", "Alvarez", "practitioner", "NP",
              (*_INJECT, "microneedling", "chemical_peel"), (0,), (0, 1, 2, 3, 4), 9, 17,
              "#c0607a"),
    StaffSpec("James", "Okafor", "practitioner", "MD", (*_INJECT, *_ENERGY, "microneedling"),
              (0,), (1, 2, 3, 4, 5), 10, 18, "#3f7fbf"),
    StaffSpec("Hannah", "Kim", "practitioner", "RN", ("neuromodulator", *_ENERGY, *_SKIN),
              (0,), (0, 2, 3, 5, 6), 9, 17, "#d08b3e"),
    StaffSpec("Daniel", "Novak", "practitioner", "PA", (*_INJECT, "microneedling", "ipl"),
              (1,), (0, 1, 2, 3, 4), 9, 17, "#5a9e5a"),
    StaffSpec("Grace", "Liu", "practitioner", "RN", ("neuromodulator", *_ENERGY, *_SKIN),
              (1,), (2, 3, 4, 5, 6), 10, 18, "#b65fb0"),
    StaffSpec("Emma", "Walsh", "front_desk", "", (), (0,), (0, 1, 2, 3, 4), 8, 17, "#8a8a8a"),
    StaffSpec("Noah", "Brooks", "front_desk", "", (), (0,), (2, 3, 4, 5, 6), 9, 18, "#8a8a8a"),
    StaffSpec("Ava", "Martin", "front_desk", "", (), (1,), (0, 1, 2, 3, 4), 8, 17, "#8a8a8a"),
    StaffSpec("Liam", "Foster", "front_desk", "", (), (1,), (2, 3, 4, 5, 6), 9, 18, "#8a8a8a"),
)  # fmt: skip


class CategorySpec(NamedTuple):
    code: str
    name: str
    consent_code: str | None


CATEGORIES = (
    CategorySpec("neuromodulator", "Neuromodulators", "neuromodulator"),
    CategorySpec("filler", "Dermal fillers", "filler"),
    CategorySpec("laser_hair_removal", "Laser hair removal", "laser"),
    CategorySpec("ipl", "IPL photofacial", "laser"),
    CategorySpec("hydrafacial", "HydraFacial", None),
    CategorySpec("chemical_peel", "Chemical peels", "chemical_peel"),
    CategorySpec("microneedling", "Microneedling", "microneedling"),
)


class ServiceSpec(NamedTuple):
    category: str
    name: str
    minutes: int
    price: int
    before: int
    after: int
    room: str
    machine: str | None
    weight: int
    """Relative popularity when the demo books appointments."""
    sku: str | None = None
    quantity: int = 0
    """Stock used per treatment, in the product's unit."""


def _group(
    category: str, room: str, machine: str | None, before: int, after: int, *items: tuple
) -> tuple[ServiceSpec, ...]:
    """Services of one category; each item is (name, minutes, price, weight, sku, quantity)."""
    return tuple(
        ServiceSpec(category, name, minutes, price, before, after, room, machine, weight, sku, qty)
        for name, minutes, price, weight, sku, qty in items
    )


SERVICES = (
    *_group(
        "neuromodulator", "treatment", None, 0, 10,
        ("Botox — Forehead lines", 30, 280, 9, "BTX-100", 20),
        ("Botox — Frown lines (glabella)", 30, 280, 10, "BTX-100", 20),
        ("Botox — Crow's feet", 30, 336, 8, "BTX-100", 24),
        ("Botox — Full upper face", 45, 780, 8, "BTX-100", 64),
        ("Botox — Lip flip", 15, 99, 3, "BTX-100", 4),
        ("Botox — Masseter slimming", 30, 650, 2, "BTX-100", 50),
        ("Dysport — Frown lines", 30, 250, 5, "DYS-300", 50),
        ("Dysport — Full upper face", 45, 650, 4, "DYS-300", 150),
        ("Xeomin — Frown lines", 30, 260, 3, "XEO-100", 20),
        ("Xeomin — Full upper face", 45, 700, 2, "XEO-100", 60),
    ),
    *_group(
        "filler", "treatment", None, 0, 15,
        ("Lip filler — Juvéderm Ultra XC (1 syringe)", 60, 750, 6, "JUV-ULTRA", 1),
        ("Lip filler — Restylane Kysse (1 syringe)", 60, 800, 3, "RES-KYSSE", 1),
        ("Cheek filler — Juvéderm Voluma (1 syringe)", 60, 900, 3, "JUV-VOLUMA", 1),
        ("Nasolabial folds — Restylane Defyne", 45, 800, 3, "RES-DEFYNE", 1),
        ("Under-eye (tear trough) — Restylane-L", 60, 850, 2, "RES-L", 1),
        ("Chin filler — Juvéderm Voluma", 45, 900, 1, "JUV-VOLUMA", 1),
    ),
    *_group(
        "laser_hair_removal", "laser", "laser", 5, 10,
        ("Laser hair removal — Underarms", 20, 150, 6, None, 0),
        ("Laser hair removal — Bikini line", 20, 175, 4, None, 0),
        ("Laser hair removal — Brazilian", 30, 250, 5, None, 0),
        ("Laser hair removal — Lower legs", 45, 275, 3, None, 0),
        ("Laser hair removal — Full legs", 60, 450, 2, None, 0),
        ("Laser hair removal — Upper lip", 15, 95, 3, None, 0),
        ("Laser hair removal — Full face", 30, 200, 2, None, 0),
        ("Laser hair removal — Back", 45, 350, 1, None, 0),
    ),
    *_group(
        "ipl", "laser", "ipl", 5, 10,
        ("IPL photofacial — Full face", 45, 400, 4, None, 0),
        ("IPL photofacial — Face and neck", 60, 500, 2, None, 0),
        ("IPL — Chest (décolleté)", 45, 350, 1, None, 0),
        ("IPL — Hands", 30, 200, 1, None, 0),
    ),
    *_group(
        "hydrafacial", "facial", "hydrafacial", 5, 15,
        ("HydraFacial Signature", 30, 199, 7, "HF-KIT", 1),
        ("HydraFacial Deluxe", 45, 259, 5, "HF-KIT", 1),
        ("HydraFacial Platinum", 60, 329, 3, "HF-KIT", 1),
    ),
    *_group(
        "chemical_peel", "facial", None, 0, 10,
        ("Glycolic peel", 30, 150, 3, "PEEL-KIT", 1),
        ("Jessner peel", 30, 200, 2, "PEEL-KIT", 1),
        ("VI Peel", 30, 350, 3, "PEEL-KIT", 1),
        ("TCA peel (medium depth)", 45, 450, 1, "PEEL-KIT", 1),
    ),
    *_group(
        "microneedling", "treatment", "microneedling", 5, 15,
        ("Microneedling (SkinPen) — Face", 60, 350, 4, "SP-CART", 1),
        ("Microneedling — Face and neck", 75, 450, 2, "SP-CART", 1),
        ("Microneedling with PRP", 90, 750, 2, "SP-CART", 1),
    ),
)  # fmt: skip

COLOURS = {
    "neuromodulator": "#9db4d8", "filler": "#e3a7c0", "laser_hair_removal": "#f2c57c",
    "ipl": "#f4a582", "hydrafacial": "#8fd3c7", "chemical_peel": "#c9b3e6",
    "microneedling": "#b5d68c",
}  # fmt: skip


class ProductSpec(NamedTuple):
    sku: str
    name: str
    brand: str
    kind: str
    unit: str
    price: int
    cost_cents: int
    reorder: int
    lot_size: int
    shelf_months: int


def _stock(kind: str, unit: str, shelf_months: int, *items: tuple) -> tuple[ProductSpec, ...]:
    """Products of one kind; each item is (sku, name, brand, price, cost in cents,
    re-order level, lot size)."""
    return tuple(
        ProductSpec(sku, name, brand, kind, unit, price, cost, reorder, lot, shelf_months)
        for sku, name, brand, price, cost, reorder, lot in items
    )


PRODUCTS = (
    *_stock(
        "injectable", "unit", 12,
        ("BTX-100", "Botox Cosmetic 100 U", "Allergan", 0, 650, 200, 1000),
        ("DYS-300", "Dysport 300 U", "Galderma", 0, 230, 600, 3000),
        ("XEO-100", "Xeomin 100 U", "Merz", 0, 560, 100, 600),
    ),
    *_stock(
        "injectable", "syringe", 18,
        ("JUV-ULTRA", "Juvéderm Ultra XC 1 ml", "Allergan", 0, 32000, 4, 20),
        ("JUV-VOLUMA", "Juvéderm Voluma XC 1 ml", "Allergan", 0, 40000, 4, 20),
        ("RES-KYSSE", "Restylane Kysse 1 ml", "Galderma", 0, 34000, 3, 12),
        ("RES-DEFYNE", "Restylane Defyne 1 ml", "Galderma", 0, 33000, 3, 12),
        ("RES-L", "Restylane-L 1 ml", "Galderma", 0, 30000, 3, 12),
    ),
    *_stock(
        "consumable", "each", 24,
        ("HF-KIT", "HydraFacial tip and serum kit", "HydraFacial", 0, 2500, 20, 100),
        ("PEEL-KIT", "Professional peel kit", "VI Aesthetics", 0, 4000, 10, 40),
        ("SP-CART", "SkinPen sterile cartridge", "Crown Aesthetics", 0, 3500, 10, 50),
    ),
    *_stock(
        "retail", "each", 24,
        ("SC-CEF", "C E Ferulic 30 ml", "SkinCeuticals", 182, 9100, 6, 24),
        ("SC-HA", "H.A. Intensifier 30 ml", "SkinCeuticals", 112, 5600, 4, 18),
        ("EMD-46", "UV Clear Broad-Spectrum SPF 46", "EltaMD", 41, 2000, 10, 48),
        ("ALS-RSC", "Restorative Skin Complex", "Alastin", 225, 11000, 3, 12),
        ("ZO-EXF", "Exfoliating Cleanser", "ZO Skin Health", 50, 2400, 6, 24),
        ("REV-INT", "Intellishade TruPhysical SPF 45", "Revision", 84, 4100, 6, 24),
        ("SS-LIP", "Lip Plumping Balm", "SkinMedica", 38, 1800, 8, 36),
    ),
)  # fmt: skip

MEMBERSHIP_PLANS = (
    ("Glow Club", 99, 99, 1000, "Monthly HydraFacial credit and 10 % off services."),
    ("Radiance", 199, 199, 1500, "Monthly credit for any treatment and 15 % off services."),
    ("Injectables VIP", 299, 300, 2000, "Monthly injectables credit and 20 % off services."),
)
PACKAGE_PLANS = (
    ("Underarm laser — 6 sessions", "Laser hair removal — Underarms", 6, 750),
    ("Brazilian laser — 6 sessions", "Laser hair removal — Brazilian", 6, 1250),
    ("HydraFacial Signature — 3 sessions", "HydraFacial Signature", 3, 540),
    ("Microneedling — 3 sessions", "Microneedling (SkinPen) — Face", 3, 900),
    ("IPL photofacial — 3 sessions", "IPL photofacial — Full face", 3, 1050),
)
