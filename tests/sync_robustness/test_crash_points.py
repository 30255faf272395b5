"""Desktop sync processes killed with SIGKILL at random moments while they push, pull and
fetch their first snapshot, against a real server process (SQLite and PostgreSQL): at every
crash point the device's database opens intact and holds nothing the server does not, and
once sync runs to completion every acknowledged change exists exactly once everywhere.

``MEDSPA_CRASH_POINTS`` sets the crash points per database kind (default 100, so 200 where
PostgreSQL is reachable, as in CI); ``MEDSPA_CRASH_SEED`` the seed of the changes and delays.
Most processes come from the fork server (forkserver.py: the real ``medspa sync`` code in a
process of its own, without paying for an interpreter start per crash); every
``REAL_PROCESS_EVERY``-th is a complete ``python -m medspa_desktop.cli sync``.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sync.server import Server

from medspa_desktop.store.models import OutboxMutation
from medspa_desktop.sync import state
from medspa_server.admin import create_org

from .checks import assert_converged, check_after_crash, server_database, server_view
from .conftest import SMALL_PAGES
from .forkserver import ForkServer
from .world import device, found_clinic, holds_clinic, join, random_changes

pytestmark = pytest.mark.slow

CRASH_POINTS = int(os.environ.get("MEDSPA_CRASH_POINTS", "100"))
SEED = int(os.environ.get("MEDSPA_CRASH_SEED", "20250611"))
REAL_PROCESS_EVERY = 25
HUNG_S = 120
CHANGES_PER_ROUND = 30
WINDOW_S = (0.05, 0.15, 0.6)
"""Smallest, first and largest span after start-up in which a kill falls (uniformly). The span
adapts to the work left: it shrinks when a sync ends before its kill, and when kills land
after the pull caught up; it grows when they land in push or pull."""


@dataclass
class CrashDrill:
    """Runs ``medspa sync`` for a device again and again, killing it at random moments."""

    server: Server
    fork: ForkServer
    logs: Path
    rng: random.Random
    org_id: str = ""
    startup: dict[str, float] = field(default_factory=lambda: {"fork": 0.1, "real": 1.0})
    phases: Counter = field(default_factory=Counter)
    runs: int = 0
    window: float = WINDOW_S[1]

    def __post_init__(self) -> None:
        self.database = server_database(self.server)
        self.env = {**os.environ, **SMALL_PAGES}

    @property
    def points(self) -> int:
        return sum(self.phases.values())

    def sync(self, data_dir: Path, *, kill_after: float | None, real: bool = False) -> dict:
        """One ``medspa sync --json``; its summary, or {} when it was killed."""
        self.runs += 1
        log = self.logs / f"run-{self.runs}.log"
        if kill_after is None:
            kill_after, hung = HUNG_S, True  # a sync that never ends is a failure, not a kill
        else:
            hung = False
        if real:
            killed, code = self._real(data_dir, kill_after, log)
        else:
            run = self.fork.run(data_dir, kill_after=kill_after, log=log)
            killed, code = run.killed, run.exit_code
        output = log.read_text()
        assert not (killed and hung), f"sync of {data_dir.name} hung:\n{output}"
        if killed:
            return {}
        assert code == 0, f"sync of {data_dir.name} failed after a crash:\n{output}"
        summary = json.loads(output.strip().splitlines()[-1])
        assert summary["ok"] and summary["mismatched"] == [], output
        return summary

    def _real(self, data_dir: Path, kill_after: float | None, log: Path) -> tuple[bool, int]:
        command = [sys.executable, "-m", "medspa_desktop.cli", "sync", "--data-dir"]
        with log.open("w") as out:
            process = subprocess.Popen(
                [*command, str(data_dir), "--json"], stdout=out, stderr=out, env=self.env
            )
            try:
                return False, process.wait(timeout=kill_after)
            except subprocess.TimeoutExpired:
                process.kill()  # SIGKILL, to our own child, before it is reaped
                process.wait()
                return True, -9

    def calibrate(self, data_dir: Path) -> None:
        """How long ``medspa sync`` takes to start, from the fork server and as a full
        process: the time a device that is not enrolled takes to say so. Kills are aimed
        past it."""
        for kind in ("fork", "real"):
            log = self.logs / f"calibrate-{kind}.log"
            started = time.monotonic()
            if kind == "real":
                self._real(data_dir, None, log)
            else:
                self.fork.run(data_dir, kill_after=None, log=log)
            self.startup[kind] = time.monotonic() - started
            assert "not enrolled" in log.read_text()

    def kill_once(self, data_dir: Path) -> bool:
        """One sync of this device, killed at a random moment unless it ends first (True)."""
        smallest, _, largest = WINDOW_S
        real = (self.points + 1) % REAL_PROCESS_EVERY == 0
        start = self.startup["real" if real else "fork"]
        delay = start * self.rng.uniform(0.8, 1.1) + self.rng.uniform(0, self.window)
        if self.sync(data_dir, kill_after=delay, real=real):
            self.window = max(smallest, self.window * 0.8)
            return True
        with device(data_dir) as store:  # opening it checks the database's integrity
            check_after_crash(store, self.database, self.org_id)
            phase = self._phase(store)
        self.phases[phase + (" (full process)" if real else "")] += 1
        grow = 0.9 if phase == "verify" else 1.15
        self.window = min(largest, max(smallest, self.window * grow))
        return False

    def _phase(self, store) -> str:
        with store.engine.connect() as conn:
            pending = conn.scalar(
                select(func.count())
                .select_from(OutboxMutation)
                .where(OutboxMutation.status == state.PENDING)
            )
            cursor = state.cursor_of(conn)
        if pending:
            return "push"
        counter = server_view(self.database, store.device_id, self.org_id).counter
        return "pull" if cursor is None or cursor < counter else "verify"

    def until_quiet(self, data_dirs: list[Path]) -> None:
        for _ in range(4):
            summaries = [self.sync(d, kill_after=None) for d in data_dirs]
            if all(s["pushed"] == 0 and s["pulled"] == 0 for s in summaries):
                return
        raise AssertionError("the devices did not stop exchanging changes")


@pytest.mark.timeout(120 + 3 * CRASH_POINTS)
def test_devices_killed_at_random_points_of_push_and_pull_lose_and_double_nothing(
    sync_server, fork_server, tmp_path
):
    rng = random.Random(SEED)
    logs = tmp_path / "logs"
    logs.mkdir()
    drill = CrashDrill(sync_server, fork_server, logs, rng)
    a, b, c = (tmp_path / name for name in ("a", "b", "c"))
    with device(a) as store:
        clinic = found_clinic(store)
        random_changes(store, clinic, rng, 4 * CHANGES_PER_ROUND)
    drill.org_id = clinic.org_id
    create_org(drill.database, "Lumen Aesthetics", org_id=clinic.org_id)
    with device(a) as store:
        join(store, sync_server.url, drill.database, clinic.org_id, "Front desk")
    with device(b):
        pass
    drill.calibrate(b)
    with device(b) as store:
        join(store, sync_server.url, drill.database, clinic.org_id, "Treatment room")
    devices, caught_up = [a, b], set()

    while drill.points < CRASH_POINTS:
        if c not in devices and drill.points >= CRASH_POINTS // 3:
            with device(c) as store:
                join(store, sync_server.url, drill.database, clinic.org_id, "Tablet")
            devices.append(c)  # its first sync while the others keep changing things
        # Staff keep working on devices whose syncs were killed: A uploads the clinic while
        # B takes its first snapshot, then changes keep coming while every sync is killed.
        if len(caught_up) >= 2 or rng.random() < 0.2:
            with device(rng.choice((a, b))) as store:
                if holds_clinic(store, clinic):
                    random_changes(store, clinic, rng, CHANGES_PER_ROUND)
            caught_up.clear()
        for data_dir in rng.sample(devices, len(devices)):
            if drill.kill_once(data_dir):
                caught_up.add(data_dir)

    drill.until_quiet(devices)
    print(f"\ncrash points (seed {SEED}): {dict(drill.phases)}; {drill.runs} sync processes")
    with ExitStack() as opened:
        stores = [opened.enter_context(device(d)) for d in devices]
        assert_converged(stores, drill.database, clinic.org_id)
    drill.database.dispose()
    pushes, pulls = drill.phases["push"], drill.phases["pull"]
    assert pushes >= CRASH_POINTS // 6 and pulls >= CRASH_POINTS // 6, drill.phases
