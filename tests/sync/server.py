"""A real ``medspa-server`` process on a free loopback port, and its administration commands
(each one a real ``medspa-server`` command in its own process)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

START_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    data_dir: Path
    database_url: str
    url: str = ""
    process: subprocess.Popen | None = None

    def _args(self) -> list[str]:
        args = ["--data-dir", str(self.data_dir)]
        return [*args, "--database-url", self.database_url] if self.database_url else args

    def admin(self, *args: str) -> str:
        """Run ``medspa-server ARGS`` against this server's database; returns its output."""
        done = subprocess.run(
            [sys.executable, "-m", "medspa_server.cli", *args, *self._args()],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def create_org(self, name: str = "Lumen Aesthetics", *, org_id: str | None = None) -> str:
        extra = ["--org-id", org_id] if org_id else []
        return json.loads(self.admin("create-org", "--name", name, "--json", *extra))["org_id"]

    def enrol_code(self, org_id: str) -> str:
        return json.loads(self.admin("enrol-code", "--org", org_id, "--json"))["code"]

    def revoke(self, device_id: str) -> None:
        self.admin("revoke-device", "--device", device_id)

    def start(self) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "medspa_server.cli", "serve", "--port", str(port)]
        self.process = subprocess.Popen(
            [*command, *self._args()], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stdout.read().decode())
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer within {START_TIMEOUT_S} s")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
