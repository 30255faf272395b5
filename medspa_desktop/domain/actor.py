"""Who is acting: the logged-in member of staff on this device."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    FRONT_DESK = "front_desk"
    PRACTITIONER = "practitioner"
    MANAGER = "manager"
    OWNER = "owner"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").title()


@dataclass(frozen=True)
class Actor:
    staff_id: str
    org_id: str
    role: Role
    device_id: str
    location_id: str | None = None
    display_name: str = ""
