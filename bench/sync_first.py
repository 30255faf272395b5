"""Benchmark 3: first sync of a new device into a clinic of ~1,000,000 rows, and where the
time goes.

The clinic is set up on a device through the real first-run service and synced, then the
server database gets ``total`` rows straight into ``sync_row`` (sync_seed.py). A new empty
device enrols and runs ``sync_once``: the pinned snapshot page by page, the pull after it,
the reference check and the table comparison with the server. Its steps are timed by
wrapping them in this process. Afterwards a sample of snapshot pages is fetched again piece
by piece: the server's query alone, building the page, JSON, gzip, HTTP, and the device's
parsing, to split the HTTP part of the first sync.
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import httpx
from sqlalchemy import select
from sync_seed import seed
from sync_setup import Bench, check, device_headers
from sync_timing import Timings, patched

from medspa_desktop.domain.hlc import Timestamp
from medspa_desktop.sync import engine, snapshot, verify
from medspa_desktop.sync.client import SyncClient
from medspa_desktop.sync.pages import read_snapshot
from medspa_desktop.sync.protocol import HEADER_CLOCK, MAX_PAGE
from medspa_server.models import SyncRow
from medspa_server.sync import reads
from medspa_server.sync.clock import wall_ms
from medspa_server.wire import json_response

SAMPLE_ENTITIES = ("client", "appointment", "appointment_status_change")
SAMPLE_PAGES = 5


def first_sync(bench: Bench, total: int) -> dict[str, Any]:
    clinic = bench.new_clinic("Big clinic")
    start = time.perf_counter()
    planned = seed(bench, clinic, total)
    seed_s = time.perf_counter() - start
    device = bench.new_device("new-laptop")
    bench.enrol(device, clinic.org_id, "New laptop")
    steps = Timings()
    per_entity: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    with (
        per_entity_apply(per_entity),
        timed_commits(steps),
        patched(
            steps,
            (SyncClient, "snapshot", "snapshot_http"),
            (snapshot, "apply_changes", "snapshot_apply"),
            (engine, "pull_all", "snapshot_and_pull"),
            (engine, "dangling_references", "reference_check"),
            (engine, "verify_and_repair", "verify"),
            (verify, "local_digests", "verify_local_digests"),
            (SyncClient, "verify", "verify_http"),
        ),
    ):
        start = time.perf_counter()
        summary = engine.sync_once(device)
        total_s = time.perf_counter() - start
        failures = []
        if summary.errors:
            # What the app's scheduler does: sync again; the snapshot resumes where it was.
            failures.append({"errors": list(summary.errors), "server_log": bench.log_tail()})
            summary = engine.sync_once(device)
            total_s = time.perf_counter() - start
    check(summary, "the new device's first sync (second attempt)")
    seconds = steps.seconds
    other = total_s - seconds["snapshot_and_pull"] - seconds["reference_check"] - seconds["verify"]
    result: dict[str, Any] = {
        "org_id": clinic.org_id,
        "rows": sum(planned.values()),
        "rows_by_entity": planned,
        "seed_s": round(seed_s, 2),
        "pulled": summary.pulled,
        "mismatched": list(summary.mismatched),
        "failed_attempts": failures,
        "first_sync_s": total_s,
        "rows_per_s": summary.pulled / total_s,
        "snapshot_pages": steps.calls["snapshot_http"],
        "steps_s": {
            "snapshot_http (server + HTTP + JSON parse, on the fetch thread alongside "
            "storing)": seconds["snapshot_http"],
            "snapshot_apply (device store, before commit)": seconds["snapshot_apply"],
            "snapshot commits (SQLCipher encrypts and writes)": seconds["commit"],
            "snapshot waiting for pages (and the page loop)": seconds["snapshot_and_pull"]
            - seconds["snapshot_apply"]
            - seconds["commit"],
            "reference_check": seconds["reference_check"],
            "verify (local digests)": seconds["verify_local_digests"],
            "verify (server digests + HTTP)": seconds["verify_http"],
            "other": other,
        },
        "database_mb": round((device.data_dir / "clinic.db").stat().st_size / 1e6, 1),
        "apply_us_per_row_by_entity": {
            entity: round(secs / rows * 1e6, 1)
            for entity, (secs, rows) in sorted(per_entity.items(), key=lambda i: -i[1][1])
            if rows >= 1000
        },
    }
    result["sample"] = sample_pages(bench, device, clinic.org_id)
    result["sample_extrapolated_s"] = {
        key: round(us * result["rows"] / 1e6, 1)
        for key, us in result["sample"]["per_row_us"].items()
    }
    device.engine.dispose()
    clinic.store.engine.dispose()
    return result


@contextlib.contextmanager
def per_entity_apply(found: dict[str, list[float]]) -> Iterator[None]:
    """Seconds and rows of ``apply_changes`` per entity during the snapshot."""
    original = snapshot.apply_changes

    def timed(conn: Any, changes: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(conn, changes)
        finally:
            entity = changes[0].entity if changes else "-"
            found[entity][0] += time.perf_counter() - start
            found[entity][1] += len(changes)

    snapshot.apply_changes = timed
    try:
        yield
    finally:
        snapshot.apply_changes = original


@contextlib.contextmanager
def timed_commits(steps: Timings) -> Iterator[None]:
    """Time the end of each snapshot page's local write transaction (its COMMIT)."""
    original = snapshot.write_transaction

    @contextlib.contextmanager
    def timed(store: Any, **options: Any) -> Iterator[Any]:
        manager = original(store, **options)
        conn = manager.__enter__()
        try:
            yield conn
        except BaseException:
            if not manager.__exit__(*sys.exc_info()):
                raise
        else:
            with steps.block("commit"):
                manager.__exit__(None, None, None)

    snapshot.write_transaction = timed
    try:
        yield
    finally:
        snapshot.write_transaction = original


def sample_pages(bench: Bench, device: Any, org_id: str) -> dict[str, Any]:
    """Per-row microseconds of each part of serving and reading a snapshot page."""
    headers = device_headers(device)
    parts: dict[str, list[float]] = {
        "server_sql_query": [],
        "server_build_changes": [],
        "server_json_encode": [],
        "http_total_identity": [],
        "http_total_gzip": [],
        "device_json_parse": [],
    }
    sizes: dict[str, list[int]] = {"identity": [], "gzip": []}
    rows_seen = 0
    with bench.database.read() as session, httpx.Client(base_url=bench.url) as http:
        pin, _ = reads.counter(session, org_id)
        for entity in SAMPLE_ENTITIES:
            after = 0
            for _ in range(SAMPLE_PAGES):
                query = (
                    select(*reads._CHANGE_COLUMNS)
                    .where(
                        SyncRow.org_id == org_id,
                        SyncRow.entity == entity,
                        SyncRow.seq > after,
                        SyncRow.seq <= pin,
                    )
                    .order_by(SyncRow.seq)
                    .limit(MAX_PAGE + 1)
                )
                start = time.perf_counter()
                raw = session.execute(query).all()
                query_s = time.perf_counter() - start
                start = time.perf_counter()
                changes = [reads._change(row) for row in raw][:MAX_PAGE]
                if len(changes) < MAX_PAGE:
                    break  # only full pages, so per-row costs compare
                parts["server_build_changes"].append(time.perf_counter() - start)
                parts["server_sql_query"].append(query_s)
                page = {
                    "pin": pin,
                    "entity": entity,
                    "changes": changes,
                    "after": changes[-1]["seq"],
                    "entity_done": False,
                    "next_entity": entity,
                    "server_hlc": "",
                }
                start = time.perf_counter()
                json_response(page)
                parts["server_json_encode"].append(time.perf_counter() - start)
                params = {"entity": entity, "after": after, "pin": pin, "limit": MAX_PAGE}
                for encoding in ("identity", "gzip"):
                    clock = Timestamp(wall_ms(), 0, device.device_id).encode()
                    call_headers = {**headers, HEADER_CLOCK: clock, "Accept-Encoding": encoding}
                    start = time.perf_counter()
                    answer = http.get("/v1/snapshot", params=params, headers=call_headers)
                    body = answer.content
                    parts[f"http_total_{encoding}"].append(time.perf_counter() - start)
                    answer.raise_for_status()
                    sizes[encoding].append(int(answer.headers.get("content-length") or len(body)))
                start = time.perf_counter()
                read_snapshot(body)  # as the device's SyncClient reads a page
                parts["device_json_parse"].append(time.perf_counter() - start)
                rows_seen += len(changes)
                after = changes[-1]["seq"]
    pages = len(parts["server_sql_query"])
    per_page_rows = rows_seen / pages
    return {
        "pages": pages,
        "rows_per_page": per_page_rows,
        "per_row_us": {
            name: round(statistics.median(values) / per_page_rows * 1e6, 2)
            for name, values in parts.items()
        },
        "page_kb": {
            name: round(statistics.median(values) / 1000, 1) for name, values in sizes.items()
        },
    }
