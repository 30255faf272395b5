"""The deployed server: ``medspa-server`` commands and ``serve --workers 2`` over loopback
HTTP. Pushes through both processes keep one gap-free sequence per organisation."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from medspa_desktop.domain.ids import new_id

from .helpers import BASE_HEADERS, SyncDevice, appointment_fields, client_fields

pytestmark = pytest.mark.slow
DEVICES = 4
BATCHES = 10


def _cli(data_dir: Path, database_url: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "medspa_server.cli", *args, "--data-dir", str(data_dir),
         "--database-url", database_url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path, database_url):
    """``(base_url, data_dir, database_url)`` of a running ``serve --workers 2``."""
    port = _free_port()
    command = [
        *(sys.executable, "-m", "medspa_server.cli", "serve", "--workers", "2"),
        *("--port", str(port), "--data-dir", str(tmp_path), "--database-url", database_url),
    ]
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, tmp_path / "serve.log")
        yield base, tmp_path, database_url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"medspa-server serve did not answer within 60 s: {log.read_text()}")


def _server_processes(base: str) -> set[int]:
    """Process ids seen by /health over fresh connections (each may reach either worker)."""
    seen: set[int] = set()
    for _ in range(200):
        seen.add(httpx.get(f"{base}/health", headers={"Connection": "close"}).json()["process"])
        if len(seen) == 2:
            break
    return seen


def _enrol(base: str, code: str) -> SyncDevice:
    device_id = new_id()
    body = {"code": code, "device_id": device_id, "device_name": "Desk"}
    reply = httpx.post(f"{base}/v1/enrol", json=body, headers=BASE_HEADERS, timeout=30)
    assert reply.status_code == 200, reply.text
    answer = reply.json()
    # A client that closes every connection, so requests spread over both processes.
    http = httpx.Client(base_url=base, headers={"Connection": "close"}, timeout=60)
    return SyncDevice(http, device_id, answer["org_id"], answer["token"])


def _devices(base: str, data_dir: Path, database_url: str) -> list[SyncDevice]:
    org = json.loads(_cli(data_dir, database_url, "create-org", "--name", "Glow", "--json"))
    devices = [_enrol(base, org["code"])]
    for _ in range(DEVICES - 1):
        code = json.loads(
            _cli(data_dir, database_url, "enrol-code", "--org", org["org_id"], "--json")
        )["code"]
        devices.append(_enrol(base, code))
    return devices


def test_two_server_processes_keep_one_gap_free_sequence(served):
    base, data_dir, database_url = served
    assert len(_server_processes(base)) == 2
    devices = _devices(base, data_dir, database_url)

    def push_batches(device: SyncDevice) -> list[str]:
        ids = []
        for _ in range(BATCHES):
            batch = [device.create("client", client_fields()) for _ in range(2)]
            assert device.push(*batch)["last_applied"] == batch[-1]["mutation_no"]
            ids.extend(m["entity_id"] for m in batch)
        return ids

    with ThreadPoolExecutor(DEVICES) as pool:
        created = [i for ids in pool.map(push_batches, devices) for i in ids]

    changes = devices[0].pull_all()
    assert [c["seq"] for c in changes] == list(range(1, len(created) + 1))
    assert sorted(c["entity_id"] for c in changes) == sorted(created)


def test_simultaneous_overlapping_bookings_through_two_processes_leave_one_booked(served):
    base, data_dir, database_url = served
    devices = _devices(base, data_dir, database_url)
    staff = new_id()

    def book(device: SyncDevice) -> str:
        fields = appointment_fields(
            "2025-03-03T09:00:00+00:00", "2025-03-03T10:00:00+00:00", staff=staff
        )
        return device.push(device.create("appointment", fields))["results"][0]["status"]

    with ThreadPoolExecutor(DEVICES) as pool:
        statuses = list(pool.map(book, devices))

    assert sorted(statuses) == ["applied"] + ["conflict"] * (DEVICES - 1)
    stored = [c["data"]["status"] for c in devices[0].pull_all()]
    assert sorted(stored) == ["booked"] + ["conflict"] * (DEVICES - 1)


def test_revoke_device_command_cuts_a_device_off(served):
    base, data_dir, database_url = served
    device = _devices(base, data_dir, database_url)[0]

    printed = _cli(data_dir, database_url, "revoke-device", "--device", device.id)
    reply = device.http.get("/v1/pull", headers=device.headers())

    assert "can no longer sync" in printed
    assert reply.status_code == 401
    assert reply.json()["code"] == "revoked"


def test_a_wait_on_one_process_wakes_for_a_push_through_the_other(served):
    base, data_dir, database_url = served
    waiter, writer = _devices(base, data_dir, database_url)[:2]

    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(waiter.get, "/v1/wait", since=0, timeout=30)
        time.sleep(0.3)  # let the poll start; the assertion holds either way
        writer.push(writer.create("client", client_fields()))
        answer = waiting.result(timeout=60)

    assert answer == {"latest": 1, "changed": True}
