"""Connecting this device to the clinic's sync server (enrolment), for managers and owners.

Public API: ``EnrolDevice(server_url, code, device_name)`` ->
``enrol_device(cmd, *, store, actor, transport=None) -> DeviceEnrolled``.

NOTE: unlike other services this takes the store, not a unit of work: enrolment talks to the
server between its permission check and its audit entry, and a write transaction must not
stay open across a network call (every other writer on this device would wait for it). Run
it on the network worker, never on the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.errors import RuleViolation, ValidationError
from medspa_desktop.store.database import Store
from medspa_desktop.sync.enrolment import enrol
from medspa_desktop.sync.errors import Offline, SyncError

ENTITY = "device"


@dataclass(frozen=True)
class EnrolDevice:
    server_url: str
    code: str
    device_name: str


@dataclass(frozen=True)
class DeviceEnrolled:
    device_id: str
    server_url: str
    org_is_new: bool
    queued_for_upload: int
    """Records of this clinic queued to upload (the first device of a new organisation)."""


def enrol_device(
    cmd: EnrolDevice,
    *,
    store: Store,
    actor: Actor,
    transport: httpx.BaseTransport | None = None,
) -> DeviceEnrolled:
    """Enrol this device with the server using a one-time code; the server's refusal (a
    wrong or used code, an unreachable server) comes back as ``RuleViolation`` with the
    server's own words."""
    with store.uow() as uow:
        authorize(uow, actor, Action.DEVICE_ENROL, entity=ENTITY)
    url, code, name = _checked(cmd)
    try:
        done = enrol(store, url, code, name, transport=transport)
    except Offline as err:
        _audit(store, actor, "failed", "server unreachable")
        raise RuleViolation(
            f"The server {url} could not be reached, so this computer was not connected. "
            "Check the address (as your administrator gave it) and that this computer is "
            "online, then try again. The code was not used up."
        ) from err
    except SyncError as err:
        _audit(store, actor, "failed", type(err).__name__)
        raise RuleViolation(str(err)) from err
    _audit(store, actor, "ok", f"server {done.server_url}")
    return DeviceEnrolled(done.device_id, done.server_url, done.org_is_new, done.queued_for_upload)


def _checked(cmd: EnrolDevice) -> tuple[str, str, str]:
    url, code, name = cmd.server_url.strip(), cmd.code.strip(), cmd.device_name.strip()
    errors: dict[str, str] = {}
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        errors["server_url"] = (
            "Enter the server's address as your administrator gave it, starting with "
            "https:// (for example https://sync.example-clinic.com)."
        )
    if not code:
        errors["code"] = "Enter the one-time enrolment code from your administrator."
    if not name:
        errors["device_name"] = "Give this computer a name staff will recognise, e.g. Front desk."
    if errors:
        raise ValidationError(errors)
    return url, code, name


def _audit(store: Store, actor: Actor, outcome: str, detail: str) -> None:
    with store.uow() as uow:
        record_audit(
            uow, actor, Action.DEVICE_ENROL, entity=ENTITY, entity_id=store.device_id,
            outcome=outcome, detail=detail,
        )  # fmt: skip
        uow.commit()
