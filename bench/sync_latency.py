"""Benchmark 5: time from a change on device A to its appearance on device B, both online.

Device B runs in a process of its own (``python bench/sync_latency.py`` with a JSON
configuration on standard input): it holds a long poll (``GET /v1/wait``, with the headers
its ``SyncClient`` sends) and runs ``sync_once`` when the poll returns with a change; after
each sync it prints, as one JSON line, the watched client's notes and when the pull step
committed them (``CLOCK_MONOTONIC``, which every process on the machine shares).

NOTE: the desktop has no long-poll client yet (``SyncClient`` has no ``wait``); B's loop
here is the benchmark's own, doing what the issue asks the worker to do.

Device A, in the benchmark's process, changes the client through the real client service
(which writes the outbox mutation) and runs ``sync_once``; the latency is from just before
the change to B's pull having committed it.
"""

from __future__ import annotations

import json
import queue
import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import httpx  # noqa: E402
from sync_setup import Bench, Clinic, check, cursor_of, device_headers  # noqa: E402
from sync_timing import Timings, patched, percentile  # noqa: E402

from medspa_desktop.domain.hlc import Timestamp  # noqa: E402
from medspa_desktop.services import clients as svc  # noqa: E402
from medspa_desktop.store.database import open_store  # noqa: E402
from medspa_desktop.store.models import Client  # noqa: E402
from medspa_desktop.sync import engine  # noqa: E402
from medspa_desktop.sync.protocol import HEADER_CLOCK  # noqa: E402

WAIT_S = 25


def listen(config: dict[str, Any]) -> None:
    """Device B's loop (child process): long poll, sync, report; until told to stop."""
    store = open_store(Path(config["data_dir"]), demo=True)
    headers = device_headers(store)
    stop_at = time.monotonic() + config["max_s"]
    pulled_at: list[float] = []
    original_pull = engine.pull_all

    def pull_all(run: Any) -> int:
        cursor = original_pull(run)
        pulled_at.append(time.monotonic())
        return cursor

    engine.pull_all = pull_all  # type: ignore[assignment]
    print(json.dumps({"ready": True}), flush=True)
    with httpx.Client(base_url=config["url"], timeout=WAIT_S + 10) as http:
        while time.monotonic() < stop_at:
            clock = Timestamp(time.time_ns() // 1_000_000, 0, store.device_id).encode()
            params = {"since": cursor_of(store), "timeout": min(WAIT_S, config["max_s"])}
            answer = http.get("/v1/wait", params=params, headers={**headers, HEADER_CLOCK: clock})
            woke = time.monotonic()
            answer.raise_for_status()
            if not answer.json()["changed"]:
                continue
            summary = engine.sync_once(store)
            done = time.monotonic()
            with store.session_factory() as session:
                notes = session.get(Client, config["client_id"]).notes
            line = {"notes": notes, "woke": woke, "pulled": pulled_at[-1], "done": done}
            print(json.dumps(line | {"errors": list(summary.errors)}), flush=True)
            if notes == "stop":
                break
    store.engine.dispose()


def change_to_appearance(
    bench: Bench, clinic: Clinic, b_store: Any, changes: int
) -> dict[str, Any]:
    """A changes a client ``changes`` times; B (another process) must show each."""
    with clinic.store.uow() as uow:
        command = svc.CreateClient("Latency", "Probe", phone="+12125550100")
        client_id = svc.create_client(command, uow=uow, actor=clinic.owner).id
    check(engine.sync_once(clinic.store), "A's sync")
    check(engine.sync_once(b_store), "B's sync")
    b_dir = str(b_store.data_dir)
    b_store.engine.dispose()
    config = {"data_dir": b_dir, "url": bench.url, "client_id": client_id, "max_s": 300}
    child = subprocess.Popen(
        [sys.executable, str(HERE / "sync_latency.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin and child.stdout
    child.stdin.write(json.dumps(config))
    child.stdin.close()
    lines: queue.Queue[dict[str, Any]] = queue.Queue()
    threading.Thread(target=_read_lines, args=(child.stdout, lines), daemon=True).start()
    lines.get(timeout=60)  # ready
    time.sleep(0.5)  # B's first long poll is in place
    rng = random.Random(5)
    samples: list[dict[str, float]] = []
    try:
        for n in range(changes + 1):
            value = "stop" if n == changes else f"change {n}"
            steps = Timings()
            start = time.monotonic()
            with clinic.store.uow() as uow:
                update = svc.UpdateClient(client_id, notes=value)
                svc.update_client(update, uow=uow, actor=clinic.owner)
            changed = time.monotonic()
            with patched(steps, (engine, "push_pending", "push")):
                check(engine.sync_once(clinic.store), "A's sync")
            a_done = time.monotonic()
            seen = _wait_for(lines, value)
            if n < changes:
                samples.append(
                    {
                        "latency_s": seen["pulled"] - start,
                        "a_change_s": changed - start,
                        "a_push_s": steps.seconds["push"],
                        "a_sync_s": a_done - changed,
                        "b_woke_after_change_s": seen["woke"] - start,
                        "b_pull_s": seen["pulled"] - seen["woke"],
                        "b_sync_done_s": seen["done"] - start,
                    }
                )
            time.sleep(rng.uniform(0.2, 0.6))
    finally:
        child.wait(timeout=60)
    latencies = [s["latency_s"] for s in samples]
    return {
        "changes": len(samples),
        "p50_s": percentile(latencies, 50),
        "p95_s": percentile(latencies, 95),
        "max_s": max(latencies),
        "median_parts_s": {
            key: percentile([s[key] for s in samples], 50)
            for key in samples[0]
            if key != "latency_s"
        },
        "samples": samples,
    }


def _read_lines(stream: Any, lines: queue.Queue[dict[str, Any]]) -> None:
    for line in stream:
        lines.put(json.loads(line))


def _wait_for(lines: queue.Queue[dict[str, Any]], value: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while True:
        seen = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        if seen.get("errors"):
            raise RuntimeError(f"B's sync failed: {seen['errors']}")
        if seen.get("notes") == value:
            return seen


if __name__ == "__main__":
    listen(json.load(sys.stdin))
