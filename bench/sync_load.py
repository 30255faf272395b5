"""Load driver for benchmark 4, run in its own process: ``python bench/sync_load.py`` with a
JSON configuration on standard input; prints one JSON result.

Each of ``devices`` enrolled devices keeps one keep-alive HTTP/1.1 connection to the server
on loopback and polls with every header the device's ``SyncClient`` sends (protocol and
schema versions, a fresh ``X-Medspa-Clock``, its bearer token, ``Accept-Encoding: gzip``),
one poll after the other, as fast as the server answers. A poll is
``GET /v1/pull?since=<latest>&limit=2000``: what ``sync_once`` sends when nothing changed.
Bounded in time (``warmup_s`` + ``duration_s``) and count (``max_requests``).

With ``reconnect`` every poll opens its own connection, as ``sync_once`` does today.

A bare asyncio client rather than httpx: on a 2-core machine the load driver shares the
cores with the server, and httpx would spend several times the CPU per request.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from typing import Any


def clock_of(device_id: str) -> str:
    return f"{time.time_ns() // 1_000_000:013d}:00000:{device_id}"


class Stats:
    def __init__(self, measure_from: float, measure_to: float, max_requests: int) -> None:
        self.measure_from = measure_from
        self.measure_to = measure_to
        self.max_requests = max_requests
        self.statuses: dict[int, int] = {}
        self.latencies: list[float] = []
        self.sent = 0
        self.checked: list[dict[str, Any]] = []

    def done(self) -> bool:
        return time.monotonic() >= self.measure_to or self.sent >= self.max_requests


async def device(host: str, port: int, config: dict[str, Any], token: str, stats: Stats) -> None:
    """One device polling; with ``reconnect`` each poll opens a connection of its own, as
    ``sync_once`` does today (a new ``SyncClient`` per sync)."""
    reconnect = config.get("reconnect", False)
    reader, writer = await asyncio.open_connection(host, port)
    device_id, path = token.split(":", 1)[0], config["path"]
    fixed = (
        f"Host: {host}:{port}\r\nAccept: */*\r\nAccept-Encoding: gzip, deflate\r\n"
        f"Connection: keep-alive\r\nUser-Agent: python-httpx/0.28.1\r\n"
        f"X-Medspa-Protocol: {config['protocol']}\r\nX-Medspa-Schema: {config['schema']}\r\n"
        f"Authorization: Bearer {token.split(':', 1)[1]}\r\n"
    )
    first = True
    try:
        while not stats.done():
            request = f"GET {path} HTTP/1.1\r\n{fixed}X-Medspa-Clock: {clock_of(device_id)}\r\n\r\n"
            stats.sent += 1
            start = time.monotonic()
            if reconnect and not first:
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(request.encode())
            status_line = await reader.readline()
            status = int(status_line.split()[1])
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            body = await reader.readexactly(length)
            end = time.monotonic()
            if first:
                stats.checked.append({"status": status, "body": json.loads(body)})
                first = False
            if stats.measure_from <= start and end <= stats.measure_to:
                stats.statuses[status] = stats.statuses.get(status, 0) + 1
                stats.latencies.append(end - start)
    finally:
        writer.close()


async def run(config: dict[str, Any]) -> dict[str, Any]:
    begin = time.monotonic()
    measure_from = begin + config["warmup_s"]
    stats = Stats(measure_from, measure_from + config["duration_s"], config["max_requests"])
    cpu = time.process_time()
    await asyncio.gather(
        *(
            device(config["host"], config["port"], config, token, stats)
            for token in config["tokens"]
        )
    )
    window = min(config["duration_s"], time.monotonic() - measure_from)
    answered = sum(stats.statuses.values())
    ok = stats.statuses.get(200, 0)
    latencies = sorted(stats.latencies) or [0.0]
    empty = all(c["status"] == 200 and c["body"].get("changes") == [] for c in stats.checked)
    return {
        "devices": len(config["tokens"]),
        "window_s": round(window, 3),
        "answered": answered,
        "statuses": {str(k): v for k, v in stats.statuses.items()},
        "polls_per_s": ok / window,
        "latency_ms": {
            "p50": round(statistics.median(latencies) * 1000, 2),
            "p95": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 2),
            "p99": round(latencies[int(0.99 * (len(latencies) - 1))] * 1000, 2),
        },
        "every_first_answer_was_empty_200": empty,
        "driver_cpu_s": round(time.process_time() - cpu, 2),
        "driver_wall_s": round(time.monotonic() - begin, 2),
    }


def main() -> None:
    config = json.load(sys.stdin)
    print(json.dumps(asyncio.run(run(config))))


if __name__ == "__main__":
    main()
