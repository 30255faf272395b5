"""What the demo's history generators know about the clinic's set-up."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from medspa_desktop.services.demo import data


@dataclass(frozen=True)
class Treatment:
    id: str
    spec: data.ServiceSpec
    category_id: str

    @property
    def price_minor(self) -> int:
        return self.spec.price * 100


@dataclass
class Person:
    id: str
    spec: data.StaffSpec
    pin: str
    place: int
    treatments: list[Treatment] = field(default_factory=list)


@dataclass
class Place:
    id: str
    spec: data.LocationSpec
    tz: ZoneInfo
    rooms: dict[str, list[str]] = field(default_factory=dict)
    machines: dict[str, list[str]] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)

    @property
    def tax_rates(self) -> dict[str, int]:
        """Basis points per tax category, as stored on the location."""
        return {"service": 0, "retail": self.spec.retail_tax_bp, "gift_card": 0, "membership": 0}

    def staff(self, role: str) -> list[Person]:
        return [p for p in self.people if p.spec.role == role]


@dataclass(frozen=True)
class Plan:
    id: str
    name: str
    price_minor: int
    credit_minor: int
    discount_bp: int


@dataclass
class Clinic:
    """What the history generators need to know about the set-up."""

    org_id: str
    places: list[Place]
    people: list[Person]
    treatments: list[Treatment]
    products: dict[str, tuple[str, data.ProductSpec]]
    plans: list[Plan]
