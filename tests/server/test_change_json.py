"""Pull and snapshot pages carry each row's stored JSON with the sync columns appended, never
parsed on the server (sync/reads.py): what a device reads must be ``{**stored, **stamps}``."""

from __future__ import annotations

import json
from collections import namedtuple

import orjson
import pytest

from medspa_desktop.sync.protocol import Change
from medspa_server.sync.reads import _change

StoredRow = namedtuple("StoredRow", "seq entity entity_id org_id data deleted hlc updated_by")
STAMPS = {
    "id": "0190aaaa-0000-7000-8000-0000000000c1",
    "org_id": "0190aaaa-0000-7000-8000-0000000000a1",
    "deleted": True,
    "updated_hlc": "0001764140000000:00003:0190aaaa-0000-7000-8000-0000000000d1",
    "updated_by": "0190aaaa-0000-7000-8000-0000000000d1",
}


@pytest.mark.parametrize(
    "stored",
    [
        "{}",
        "{ }",
        '{"first_name": "Zoë", "tags": ["vip"], "notes": "a \\"quoted\\" }brace{"}',
        '{"org_id": "0190aaaa-0000-7000-8000-0000000000a1", "deleted": false, "n": 1}\n',
        json.dumps({"nested": {"a": [1, 2, {"b": None}]}, "flag": False}),
    ],
)
def test_a_change_reads_as_the_stored_row_with_the_sync_columns_over_it(stored):
    row = StoredRow(
        seq=7,
        entity="client",
        entity_id=STAMPS["id"],
        org_id=STAMPS["org_id"],
        data=stored,
        deleted=True,
        hlc=STAMPS["updated_hlc"],
        updated_by=STAMPS["updated_by"],
    )

    change = Change.model_validate_json(orjson.dumps(_change(row)))

    assert change.data == {**json.loads(stored), **STAMPS}
    assert (change.seq, change.entity, change.entity_id) == (7, "client", STAMPS["id"])
    assert change.deleted is True and change.hlc == STAMPS["updated_hlc"]


def test_a_stored_value_that_is_not_an_object_is_refused_not_sent():
    row = StoredRow(7, "client", "x", "o", "[1, 2]", False, "h", "d")
    with pytest.raises(ValueError, match="no JSON object"):
        _change(row)
