"""Set-up for the sync benchmark: server databases, real server processes, devices, clinics.

- ``postgres_database()``: a fresh PostgreSQL database for the run (dropped afterwards), or
  None with the reason when none is reachable.
- ``ServerProcess``: ``medspa-server serve`` in its own process on a free loopback port, as
  the tests start it (tests/sync/server.py), with 1 or more uvicorn workers.
- ``Bench``: one server database (SQLite or PostgreSQL) with the in-process handle the
  benchmark uses for administration, seeding and direct inserts.
- ``new_clinic`` / ``new_device``: real SQLCipher device stores (demo-mode key and token
  files, so no keyring is needed and another process can open them), a clinic set up through
  the real first-run service, enrolled with one-time codes and synced.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
from argon2 import Type
from argon2.profiles import Parameters
from psycopg import sql

from medspa_desktop.domain.actor import Actor
from medspa_desktop.services import credentials
from medspa_desktop.services.auth import SetUpClinic, set_up_clinic
from medspa_desktop.store import keys
from medspa_desktop.store.database import Store, open_store
from medspa_desktop.sync import protocol as p
from medspa_desktop.sync import state
from medspa_desktop.sync.engine import sync_once
from medspa_desktop.sync.enrolment import enrol
from medspa_server.admin import create_org, issue_enrol_code
from medspa_server.db import Database
from medspa_server.migrate import migrate

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
START_TIMEOUT_S = 60
CHEAP = Parameters(
    type=Type.ID, version=19, salt_len=16, hash_len=32, time_cost=1, memory_cost=64, parallelism=1
)
"""Argon2 parameters for the owner's password (as the tests hash): set-up cost is not timed."""


@contextlib.contextmanager
def postgres_database() -> Iterator[tuple[str | None, str]]:
    """``(SQLAlchemy URL, note)`` of a fresh database, dropped afterwards; URL None when
    PostgreSQL is unreachable (the note says why)."""
    admin_url = os.environ.get("MEDSPA_TEST_POSTGRES_URL", DEFAULT_POSTGRES)
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as err:
        yield None, f"PostgreSQL at {admin_url} is not reachable: {err}".strip()
        return
    name = f"medspa_sync_bench_{secrets.token_hex(4)}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        base = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        try:
            yield f"{base}/{name}", f"fresh database {name} on {admin_url.rsplit('/', 1)[0]}"
        finally:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            admin.execute(drop.format(sql.Identifier(name)))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerProcess:
    """``medspa-server serve`` on loopback; ``database_url`` empty means its SQLite file."""

    data_dir: Path
    database_url: str
    workers: int = 1
    url: str = ""
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "medspa_server.cli", "serve", "--port", str(self.port)]
        command += ["--workers", str(self.workers), "--data-dir", str(self.data_dir)]
        if self.database_url:
            command += ["--database-url", self.database_url]
        log = (self.data_dir / "serve.out").open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        deadline = time.monotonic() + START_TIMEOUT_S
        seen: set[int] = set()
        while len(seen) < self.workers:
            try:
                answer = httpx.get(f"{self.url}/health", timeout=1)
                if answer.status_code == 200:
                    seen.add(answer.json()["process"])
                    continue
            except httpx.TransportError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError((self.data_dir / "serve.out").read_text()[-3000:])
            if time.monotonic() > deadline:
                if seen:
                    return  # the kernel keeps handing connections to the same worker
                raise RuntimeError(f"the server did not answer within {START_TIMEOUT_S} s")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Clinic:
    store: Store
    org_id: str
    location_id: str
    owner: Actor


@dataclass
class Bench:
    """One server database kind: its server process and an in-process handle."""

    kind: str
    """``sqlite`` or ``postgresql``."""
    scratch: Path
    database_url: str = ""
    server: ServerProcess = field(init=False)
    database: Database = field(init=False)

    def __post_init__(self) -> None:
        server_dir = self.scratch / f"server-{self.kind}"
        server_dir.mkdir(parents=True, exist_ok=True)
        self.server = ServerProcess(server_dir, self.database_url)
        url = self.database_url or f"sqlite:///{(server_dir / 'server.db').resolve()}"
        self.database = Database(url)
        migrate(self.database)
        self._devices = 0

    @property
    def url(self) -> str:
        return self.server.url

    def start(self, workers: int = 1) -> None:
        self.server.workers = workers
        self.server.start()

    def restart(self, workers: int) -> None:
        self.server.stop()
        self.start(workers)

    def close(self) -> None:
        self.server.stop()
        self.database.dispose()

    def log_tail(self, lines: int = 40) -> list[str]:
        """The end of the server's console output and log file (errors, tracebacks)."""
        found = []
        for name in ("serve.out", "server.log"):
            path = self.server.data_dir / name
            if path.exists():
                text = path.read_text(errors="replace").splitlines()
                found += [f"{name}: {line}" for line in text if "uvicorn.access" not in line]
        return found[-lines:]

    def code(self, org_id: str) -> str:
        return issue_enrol_code(self.database, org_id).code

    def new_device(self, name: str) -> Store:
        """A fresh, empty, encrypted device store of its own (own device id)."""
        self._devices += 1
        return open_store(self.scratch / f"{self.kind}-{self._devices:03d}-{name}", demo=True)

    def enrol(self, store: Store, org_id: str, name: str) -> None:
        enrol(store, self.url, self.code(org_id), name)

    def new_clinic(self, name: str = "Bench Clinic") -> Clinic:
        """A clinic set up offline through the real first-run service, its organisation
        created on the server with the same id, the device enrolled and synced."""
        store = self.new_device("front-desk")
        command = SetUpClinic(
            organisation_name=name,
            location_name="Downtown",
            time_zone="America/New_York",
            owner_username="olivia",
            owner_display_name="Olivia Owner",
            owner_password="lantern orchard velvet",
        )
        with credentials.hashing_parameters(CHEAP), store.uow() as uow:
            done = set_up_clinic(command, uow=uow)
        create_org(self.database, name, org_id=done.org_id)
        self.enrol(store, done.org_id, "Front desk")
        check(sync_once(store), "the clinic's first sync")
        return Clinic(store, done.org_id, done.location_id, done.session.actor)

    def joined_device(self, clinic: Clinic, name: str) -> Store:
        """A new, empty device of ``clinic``, enrolled and synced (its first sync done)."""
        store = self.new_device(name)
        self.enrol(store, clinic.org_id, name)
        check(sync_once(store), f"{name}'s first sync")
        return store


def check(summary: object, what: str) -> None:
    errors = getattr(summary, "errors", ())
    if errors:
        raise RuntimeError(f"{what} failed: {'; '.join(errors)}")


def device_headers(store: Store) -> dict[str, str]:
    """Every header the device's ``SyncClient`` sends, with its token (clock added per call)."""
    token = keys.device_token(store.data_dir, demo=store.demo)
    return {
        p.HEADER_PROTOCOL: str(p.PROTOCOL_VERSION),
        p.HEADER_SCHEMA: str(p.PAYLOAD_SCHEMA_VERSION),
        "Authorization": f"Bearer {token}",
    }


def cursor_of(store: Store) -> int:
    with store.engine.connect() as conn:
        return state.cursor_of(conn) or 0
