"""Reading pull and snapshot pages by hand (sync/pages.py): what the server sends is read
exactly, anything else is refused rather than half-stored."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from medspa_desktop.sync.pages import PulledChange, read_pull, read_snapshot
from medspa_desktop.sync.protocol import Change, PullResponse, SnapshotPage

HLC = "1795692958048:00008:device"


def _change(**overrides: Any) -> dict[str, Any]:
    data = {"id": "c1", "first_name": "Zoë", "tags": ["vip"], "erased_at": None}
    return {"seq": 7, "entity": "client", "entity_id": "c1", "data": data, "hlc": HLC} | overrides


def _pull(*changes: Any, **envelope: Any) -> bytes:
    body = {"changes": list(changes), "cursor": 7, "has_more": False, "server_hlc": HLC}
    return orjson.dumps(body | envelope)


def test_a_pull_page_reads_as_the_protocol_model_reads_it():
    content = _pull(_change(), _change(seq=8, entity_id="c2", deleted=True), has_more=True)

    page = read_pull(content)
    model = PullResponse.model_validate_json(content)

    assert (page.cursor, page.has_more, page.server_hlc) == (7, True, HLC)
    assert [PulledChange(**c.model_dump()) for c in model.changes] == page.changes
    assert page.changes[0].deleted is False and page.changes[1].deleted is True
    assert page.changes[0].data["first_name"] == "Zoë"


def test_a_snapshot_page_reads_as_the_protocol_model_reads_it():
    body = {
        "pin": 90,
        "entity": "client",
        "changes": [_change()],
        "after": 7,
        "entity_done": True,
        "next_entity": None,
        "server_hlc": HLC,
    }
    content = orjson.dumps(body)

    page = read_snapshot(content)
    model = SnapshotPage.model_validate_json(content)

    assert page.changes == [PulledChange(**Change.model_dump(model.changes[0]))]
    assert (page.pin, page.entity, page.after, page.entity_done, page.next_entity) == (
        90,
        "client",
        7,
        True,
        None,
    )


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"[]",
        orjson.dumps({"cursor": 7, "has_more": False, "server_hlc": HLC}),
        _pull(_change(), cursor="seven"),
        _pull(_change(), unknown="field"),
        _pull("a change"),
        _pull({k: v for k, v in _change().items() if k != "hlc"}),
        _pull(_change(extra=1)),
        _pull(_change(seq="7")),
        _pull(_change(seq=True)),
        _pull(_change(entity=None)),
        _pull(_change(data=["not", "an", "object"])),
        _pull(_change(deleted="no")),
    ],
)
def test_anything_but_a_valid_page_is_refused(content):
    with pytest.raises((ValueError, TypeError)):
        read_pull(content)


def test_the_sync_client_reports_an_unreadable_page_and_names_the_problem():
    import httpx

    from medspa_desktop.domain.hlc import HybridLogicalClock
    from medspa_desktop.sync.client import SyncClient
    from medspa_desktop.sync.errors import ServerError

    answer = _pull(_change(deleted="no"))
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=answer))
    with (
        SyncClient("http://server.test", clock=HybridLogicalClock("d"), transport=transport) as c,
        pytest.raises(ServerError) as refused,
    ):
        c.pull(0)

    assert "/v1/pull" in str(refused.value) and "wrong type" in str(refused.value)
    assert "Nothing was changed here" in str(refused.value)
