"""Benchmark 4: no-op sync polls per second with 50 concurrent devices.

``enrol_devices`` enrols the devices over HTTP with one-time codes (the device's own
``SyncClient.enrol``), ``poll_load`` runs the load driver (sync_load.py) in a process of its
own against the running server and adds the CPU the server processes used meanwhile.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sync_setup import Bench

from medspa_desktop.domain.hlc import HybridLogicalClock
from medspa_desktop.domain.ids import new_id
from medspa_desktop.sync import protocol as p
from medspa_desktop.sync.client import SyncClient
from medspa_server.deps import device_of_token
from medspa_server.sync.reads import counter

HERE = Path(__file__).resolve().parent
TICKS = os.sysconf("SC_CLK_TCK")


def enrol_devices(bench: Bench, org_id: str, count: int) -> list[str]:
    """``device_id:token`` of ``count`` newly enrolled devices of ``org_id``."""
    tokens = []
    for n in range(count):
        device_id = new_id()
        request = p.EnrolRequest(
            code=bench.code(org_id), device_id=device_id, device_name=f"Poller {n}"
        )
        with SyncClient(bench.url, clock=HybridLogicalClock(device_id)) as client:
            tokens.append(f"{device_id}:{client.enrol(request).token}")
    return tokens


def latest_seq(bench: Bench, org_id: str) -> int:
    with bench.database.read() as session:
        return counter(session, org_id)[0]


def poll_load(
    bench: Bench,
    org_id: str,
    tokens: list[str],
    *,
    duration_s: float,
    warmup_s: float,
    reconnect: bool = False,
    path: str = "",
) -> dict[str, Any]:
    """Polls answered per second; ``path`` replaces the no-op pull (``/health``: what the
    HTTP stack alone can answer; ``/v1/wait?since={since}...``: devices holding long polls,
    where only the server's CPU tells)."""
    since = latest_seq(bench, org_id)
    config = {
        "host": "127.0.0.1",
        "port": bench.server.port,
        "path": (path or "/v1/pull?since={since}&limit=" + str(p.MAX_PAGE)).format(since=since),
        "reconnect": reconnect,
        "protocol": p.PROTOCOL_VERSION,
        "schema": p.PAYLOAD_SCHEMA_VERSION,
        "tokens": tokens,
        "duration_s": duration_s,
        "warmup_s": warmup_s,
        "max_requests": 500_000,
    }
    server_pids = process_tree(bench.server.process.pid if bench.server.process else 0)
    cpu_before = cpu_seconds(server_pids)
    workers_before = [cpu_seconds([pid]) for pid in server_pids]
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(HERE / "sync_load.py")],
        input=json.dumps(config),
        capture_output=True,
        text=True,
        timeout=duration_s + warmup_s + 120,
    )
    elapsed = time.monotonic() - start
    if done.returncode != 0:
        raise RuntimeError(f"the load driver failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    server_cpu = cpu_seconds(server_pids) - cpu_before
    per_worker = [
        cpu_seconds([pid]) - b for pid, b in zip(server_pids, workers_before, strict=True)
    ]
    result["workers"] = bench.server.workers
    result["busiest_worker_cpu_share"] = round(max(per_worker) / max(sum(per_worker), 1e-9), 2)
    result["server_cpu_s"] = round(server_cpu, 2)
    result["server_cores_busy"] = round(server_cpu / elapsed, 2)
    result["driver_cores_busy"] = round(result["driver_cpu_s"] / elapsed, 2)
    return result


def process_tree(root: int) -> list[int]:
    """``root`` and its descendants (uvicorn's supervisor and its worker processes)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    tree, frontier = [root], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree += children
        frontier += children
    return tree


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / TICKS


def db_work(bench: Bench, org_id: str, token: str, calls: int = 1000) -> dict[str, float]:
    """Microseconds per call of the database work of a no-op poll, in this process: the one
    look-up (``device_of_token``: the device by its token, with its organisation's
    sequence) that the server's no-op path does (noop_pull.py)."""
    secret = token.split(":", 1)[1]
    database = bench.database

    def lookup() -> None:
        device_of_token(database, secret)

    result = {}
    for name, work in (("device_lookup_us", lookup),):
        for _ in range(50):
            work()
        start = time.perf_counter()
        for _ in range(calls):
            work()
        result[name] = round((time.perf_counter() - start) / calls * 1e6)
    return result
