"""The front desk's own work through the real services, on SQLCipher and on plain SQLite.

Both databases get the same schema from the same migrations; the services run unchanged
(validation, permission check, audit entry, outbox mutation, commit per action) over a
``Store`` whose engine is either the app's SQLCipher engine or a stdlib ``sqlite3`` engine
with the same pragmas. This is what staff feel; ``store.py``'s raw DB-API workload is the
page-level cost of encryption.
"""

from __future__ import annotations

import random
import secrets
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from medspa_desktop.domain.hlc import HybridLogicalClock
from medspa_desktop.domain.ids import new_id
from medspa_desktop.services import clients as svc
from medspa_desktop.services import credentials
from medspa_desktop.services.auth import SetUpClinic, set_up_clinic
from medspa_desktop.store.database import Store
from medspa_desktop.store.engine import IMMEDIATE, PRAGMAS, create_store_engine
from medspa_desktop.store.migrate import upgrade

ACTIONS = 400
"""Clients created, then as many edits, profile openings and searches."""


def plain_engine(path: Path) -> Engine:
    """The app's engine set-up on stdlib sqlite3, without a key."""

    def creator() -> sqlite3.Connection:
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        for pragma in PRAGMAS:
            conn.execute(pragma)
        return conn

    engine = create_engine("sqlite+pysqlite://", creator=creator, poolclass=QueuePool)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def make_store(data_dir: Path, engine: Engine) -> Store:
    upgrade(engine, "head")
    device = new_id()
    return Store(
        data_dir=data_dir,
        engine=engine,
        session_factory=sessionmaker(engine, expire_on_commit=False),
        clock=HybridLogicalClock(device),
        device_id=device,
        db_key=secrets.token_bytes(32),
    )


def front_desk_day(store: Store, rng: random.Random) -> dict[str, float]:
    """Create, edit, open and search clients, one action per transaction as the UI does."""
    with credentials.hashing_parameters(credentials.ASVS_MINIMUM), store.uow() as uow:
        owner = set_up_clinic(
            SetUpClinic("Bench Clinic", "Main", "America/New_York", "owner", "Owner",
                        "a long bench passphrase"),
            uow=uow,
        ).session.actor  # fmt: skip
    ids: list[str] = []

    def call(fn: Callable[..., Any], *args: Any) -> Any:
        with store.uow() as uow:
            return fn(*args, uow=uow, actor=owner)

    def create() -> None:
        for n in range(ACTIONS):
            name, phone = f"Last{rng.randrange(500)}", f"+1212555{n % 10000:04d}"
            cmd = svc.CreateClient(f"First{n}", name, phone=phone, email=f"c{n}@example.com")
            ids.append(call(svc.create_client, cmd).id)

    def edit() -> None:
        for client_id in ids:
            call(svc.update_client, svc.UpdateClient(client_id, notes=f"n{rng.random()}"))

    def open_profiles() -> None:
        for client_id in rng.sample(ids, len(ids)):
            call(svc.get_client_profile, client_id)

    def search() -> None:
        for n in range(ACTIONS):
            call(svc.search_clients, f"Last{n % 500}"[: 2 + n % 5])
            call(svc.list_clients, svc.ListClients(offset=(n % 4) * 100, limit=100))

    phases = {"create": create, "edit": edit, "open": open_profiles, "search": search}
    result: dict[str, float] = {}
    for name, phase in phases.items():
        wall, cpu = time.perf_counter(), time.process_time()
        phase()
        result[f"{name}_s"] = time.perf_counter() - wall
        result[f"{name}_cpu_s"] = time.process_time() - cpu
    result["total_s"] = sum(v for k, v in result.items() if not k.endswith("cpu_s"))
    result["total_cpu_s"] = sum(v for k, v in result.items() if k.endswith("cpu_s"))
    return result


def compare_app_path(repeats: int, scratch: Path) -> dict[str, Any]:
    """Alternates the engines each repeat, so drift in machine load hits both."""
    runs: dict[str, list[dict[str, float]]] = {"sqlcipher": [], "sqlite": []}
    for repeat in range(repeats):
        for name in runs:
            with tempfile.TemporaryDirectory(dir=scratch) as tmp:
                path = Path(tmp) / "clinic.db"
                engine = (
                    create_store_engine(path, secrets.token_bytes(32))
                    if name == "sqlcipher"
                    else plain_engine(path)
                )
                try:
                    runs[name].append(front_desk_day(make_store(Path(tmp), engine),
                                                     random.Random(repeat)))  # fmt: skip
                finally:
                    engine.dispose()
    med = {
        name: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for name, rs in runs.items()
    }
    ratio = {k: med["sqlcipher"][k] / med["sqlite"][k] for k in med["sqlite"]}
    return {"actions_per_phase": ACTIONS, **med, "ratio": ratio, "runs": runs}
