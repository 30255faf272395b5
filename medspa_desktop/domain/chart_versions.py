"""A chart's versions as a graph: which are heads, and which heads are siblings to reconcile.

Every save is a new version naming the version it was edited from (``parent_id``). Two
devices editing the same version offline both name it, so after they sync the chart has two
heads: sibling versions, shown to the practitioner, who reconciles them into a version that
names one as its parent and the others in ``merged_ids``. A head is a ``version`` (not an
addendum) that no other version names as parent or merged. Pure; any thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

VERSION, ADDENDUM = "version", "addendum"


@dataclass(frozen=True)
class VersionNode:
    id: str
    parent_id: str | None
    merged_ids: tuple[str, ...]
    kind: str
    at: dt.datetime
    signed: bool = False


def heads(nodes: Iterable[VersionNode]) -> list[VersionNode]:
    """Versions nothing was edited from, oldest first (ties by id)."""
    versions = [n for n in nodes if n.kind == VERSION]
    superseded = {n.parent_id for n in versions} | {m for n in versions for m in n.merged_ids}
    return sorted((n for n in versions if n.id not in superseded), key=lambda n: (n.at, n.id))


def current_and_siblings(
    nodes: Iterable[VersionNode], preferred_id: str | None
) -> tuple[VersionNode | None, list[VersionNode]]:
    """The version a chart shows and the other heads.

    A signed version is shown first; then ``preferred_id`` (the chart's ``current_version_id``)
    when it is still a head; otherwise the newest head.
    """
    tops = heads(nodes)
    if not tops:
        return None, []
    signed = [n for n in tops if n.signed]
    pool = signed or tops
    preferred = [n for n in pool if n.id == preferred_id]
    shown = preferred[0] if preferred else (pool[0] if signed else pool[-1])
    return shown, [n for n in tops if n.id != shown.id]
