"""Small helpers every service shares: "leave unchanged", stamping sync columns, the device's
organisation and location.

Public API:

- ``UNCHANGED`` / ``Unchanged``: default of every optional field of an update command; a
  field left at ``UNCHANGED`` keeps its stored value (``None`` and ``""`` are real values).
- ``changes_of(cmd, names) -> dict``: the fields of ``cmd`` that are not ``UNCHANGED``.
- ``device_org_id(uow)``, ``device_location_id(uow)``: this device's set-up (local settings).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any, Final, Literal

from medspa_desktop.store.models import LocalSetting, Synced
from medspa_desktop.store.uow import UnitOfWork

ORG_ID_SETTING = "org_id"
LOCATION_ID_SETTING = "location_id"


class Unchanged(enum.Enum):
    UNCHANGED = "unchanged"

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Final = Unchanged.UNCHANGED
Keep = Literal[Unchanged.UNCHANGED]
"""Type of ``UNCHANGED`` for annotations: ``first_name: str | Keep = UNCHANGED``."""


def changes_of(cmd: object, names: Iterable[str]) -> dict[str, Any]:
    """``{name: value}`` for every listed field ``cmd`` has and was given a value."""
    values = {name: getattr(cmd, name, UNCHANGED) for name in names}
    return {name: value for name, value in values.items() if value is not UNCHANGED}


def stamp(row: Synced, uow: UnitOfWork) -> None:
    """Mark a synced row as changed here, now (HLC and device)."""
    row.updated_hlc = uow.clock.now()
    row.updated_by = uow.device_id


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def device_org_id(uow: UnitOfWork) -> str | None:
    return _local(uow, ORG_ID_SETTING)


def device_location_id(uow: UnitOfWork) -> str | None:
    return _local(uow, LOCATION_ID_SETTING)


def set_device_setting(uow: UnitOfWork, key: str, value: str) -> None:
    uow.session.merge(LocalSetting(key=key, value=value))


def _local(uow: UnitOfWork, key: str) -> str | None:
    row = uow.session.get(LocalSetting, key)
    return row.value if row else None
