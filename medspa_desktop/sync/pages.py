"""Pull and snapshot pages as the device reads them: parsed with ``orjson`` and checked by
hand, not built as 2,000 pydantic objects per page.

Public API: ``read_pull(content) -> PulledPage``, ``read_snapshot(content) -> PulledSnapshot``
(raise ``ValueError`` or ``TypeError`` for an answer that is not a valid page),
``PulledChange`` and ``ChangeRow`` (what ``apply.apply_changes`` takes: a ``PulledChange`` or
a ``protocol.Change``). Pure functions; any thread.

A page's envelope is validated by its ``protocol`` model as before; its changes get the same
checks by hand (every key known, each of the wire type), which took a third of the time of
reading a page, and the interpreter lock from the thread storing the page before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import orjson

from medspa_desktop.sync.protocol import PullResponse, SnapshotPage


class ChangeRow(Protocol):
    """One changed row of a page (``protocol.Change``'s fields)."""

    @property
    def seq(self) -> int: ...
    @property
    def entity(self) -> str: ...
    @property
    def entity_id(self) -> str: ...
    @property
    def data(self) -> dict[str, Any]: ...
    @property
    def deleted(self) -> bool: ...
    @property
    def hlc(self) -> str: ...


@dataclass(frozen=True, slots=True)
class PulledChange:
    seq: int
    entity: str
    entity_id: str
    data: dict[str, Any]
    """The whole row as the server holds it (JSON: times as ISO-8601 UTC text)."""
    deleted: bool
    hlc: str


@dataclass(frozen=True, slots=True)
class PulledPage:
    """A ``protocol.PullResponse``."""

    changes: list[PulledChange]
    cursor: int
    has_more: bool
    server_hlc: str


@dataclass(frozen=True, slots=True)
class PulledSnapshot:
    """A ``protocol.SnapshotPage``."""

    pin: int
    entity: str
    changes: list[PulledChange]
    after: int
    entity_done: bool
    next_entity: str | None
    server_hlc: str


def read_pull(content: bytes) -> PulledPage:
    envelope, changes = _split(content)
    page = PullResponse.model_validate(envelope)
    return PulledPage(changes, page.cursor, page.has_more, page.server_hlc)


def read_snapshot(content: bytes) -> PulledSnapshot:
    envelope, changes = _split(content)
    page = SnapshotPage.model_validate(envelope)
    return PulledSnapshot(
        page.pin,
        page.entity,
        changes,
        page.after,
        page.entity_done,
        page.next_entity,
        page.server_hlc,
    )


def _split(content: bytes) -> tuple[dict[str, Any], list[PulledChange]]:
    """The page without its changes (for its model to validate), and its changes."""
    body = orjson.loads(content)
    if type(body) is not dict or type(body.get("changes")) is not list:
        raise ValueError("not a page: no list of changes")
    return {**body, "changes": []}, [_change(raw) for raw in body["changes"]]


_KEYS = frozenset(PulledChange.__dataclass_fields__)
_REQUIRED = _KEYS - {"deleted"}


def _change(raw: Any) -> PulledChange:
    if type(raw) is not dict or not _REQUIRED <= raw.keys() <= _KEYS:
        raise ValueError(f"a change that is not an object of {sorted(_KEYS)}")
    change = PulledChange(
        raw["seq"],
        raw["entity"],
        raw["entity_id"],
        raw["data"],
        raw.get("deleted", False),
        raw["hlc"],
    )
    if not (
        type(change.seq) is int
        and type(change.entity) is str
        and type(change.entity_id) is str
        and type(change.data) is dict
        and type(change.deleted) is bool
        and type(change.hlc) is str
    ):
        raise TypeError(f"change {change.seq!r} has a value of the wrong type")
    return change
