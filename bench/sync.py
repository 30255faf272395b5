"""Sync benchmark: ``python bench/sync.py [--quick]`` -> bench/results/sync.json.

Against a real ``medspa-server`` process over loopback HTTP, once on PostgreSQL (a fresh
database for the run, dropped afterwards; skipped with the reason when unreachable) and
once on the embedded SQLite default, with real SQLCipher device stores running the real
sync engine (``sync_once``):

1. Push of 10,000 mutations end to end (device A's outbox of client creations; the
   engine's push step timed) against inserting the same rows into ``sync_row`` directly
   (goals: >= 5,000 mutations/s; end to end within 3x of direct) -- sync_pushpull.py.
2. Pull and apply of those 10,000 changes on device B (goal >= 25,000 rows/s).
3. First sync of a new device into a clinic of 1,000,000 rows seeded straight into the
   server database (goal <= 60 s), with where the time goes -- sync_first.py, sync_seed.py.
4. No-op polls per second with 50 concurrent devices, 1 and 2 uvicorn workers, load from a
   separate process (goal >= 2,000/s; the best run counts) -- sync_polls.py, sync_load.py.
   Each worker count is run with keep-alive connections and with a connection per poll (what
   ``sync_once`` does today: a new ``SyncClient`` per sync), beside ``/health`` (what the HTTP
   stack alone answers), the in-process database work of one poll, and the server CPU that 50
   devices holding idle long polls cost. ``cpu.parallel_speedup`` says what the machine's
   "2 cores" are worth (two busy processes at once against one).
5. Change on device A to appearance on device B, B holding a long poll (goal <= 1 s p95)
   -- sync_latency.py.

Figures are medians over ``--repeats`` where a repeat is affordable (push and pull); the
first sync and the poll runs are single, bounded runs. ``--quick`` runs everything at a
smaller scale (50,000 rows for the first sync, one repeat, shorter poll runs) as a trial.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from sync_first import first_sync  # noqa: E402
from sync_latency import change_to_appearance  # noqa: E402
from sync_polls import db_work, enrol_devices, poll_load  # noqa: E402
from sync_pushpull import push_and_pull  # noqa: E402
from sync_setup import Bench, postgres_database  # noqa: E402

RESULTS = ROOT / "results" / "sync.json"
GOALS = {
    "push_per_s": 5_000,
    "push_ratio": 3.0,
    "pull_per_s": 25_000,
    "first_sync_s": 60.0,
    "polls_per_s": 2_000,
    "latency_p95_s": 1.0,
}


def scale(quick: bool) -> dict[str, Any]:
    return {
        "mutations": 10_000,
        "repeats": 1 if quick else 3,
        "first_sync_rows": 50_000 if quick else 1_000_000,
        "poll_devices": 50,
        "poll_duration_s": 2.0 if quick else 4.0,
        "poll_warmup_s": 0.5 if quick else 1.0,
        "latency_changes": 10 if quick else 20,
    }


def run_backend(kind: str, url: str, scratch: Path, settings: dict[str, Any]) -> dict[str, Any]:
    bench = Bench(kind, scratch, url)
    bench.start(workers=1)
    result: dict[str, Any] = {}
    try:
        step(kind, "push and pull")
        result["push_pull"] = push_and_pull(bench, settings["mutations"], settings["repeats"])
        step(kind, f"first sync of {settings['first_sync_rows']:,} rows")
        big = first_sync(bench, settings["first_sync_rows"])
        result["first_sync"] = big
        step(kind, "change to appearance")
        clinic = bench.new_clinic("Latency clinic")
        other = bench.joined_device(clinic, "treatment-room")
        result["latency"] = change_to_appearance(bench, clinic, other, settings["latency_changes"])
        step(kind, "no-op polls")
        result["polls"] = polls(bench, big["org_id"], settings)
    finally:
        bench.close()
    return result


def polls(bench: Bench, org_id: str, settings: dict[str, Any]) -> dict[str, Any]:
    tokens = enrol_devices(bench, org_id, settings["poll_devices"])
    timing = {"duration_s": settings["poll_duration_s"], "warmup_s": settings["poll_warmup_s"]}
    runs: dict[str, Any] = {"db_work_per_poll": db_work(bench, org_id, tokens[0])}
    for workers in (1, 2):
        if bench.server.workers != workers:
            bench.restart(workers)
        runs[f"keepalive_{workers}w"] = poll_load(bench, org_id, tokens, **timing)
        runs[f"reconnect_{workers}w"] = poll_load(bench, org_id, tokens, reconnect=True, **timing)
        runs[f"health_{workers}w"] = poll_load(bench, org_id, tokens, path="/health", **timing)
    wait = f"/v1/wait?since={{since}}&timeout={settings['poll_duration_s']}"
    bench.restart(1)
    runs["long_poll_idle_1w"] = poll_load(bench, org_id, tokens, path=wait, **timing)
    best = max(
        (key for key in runs if key.startswith(("keepalive", "reconnect"))),
        key=lambda key: runs[key]["polls_per_s"],
    )
    runs["best"] = {"run": best, "polls_per_s": runs[best]["polls_per_s"]}
    return runs


def _spin(_: int) -> float:
    start = time.perf_counter()
    total = 0
    for n in range(10_000_000):
        total += n
    return time.perf_counter() - start


def cpu_calibration() -> dict[str, float]:
    """How much two busy processes get done at once compared with one: what "2 cores" are
    worth on this machine (2.0 for two real cores)."""
    alone = _spin(0)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        both = pool.map(_spin, [0, 1])
    return {"one_process_s": round(alone, 3), "parallel_speedup": round(2 * alone / max(both), 2)}


def step(kind: str, what: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {kind}: {what} ...", flush=True)


def verdicts(kind: str, result: dict[str, Any]) -> list[dict[str, Any]]:
    pp, first = result["push_pull"], result["first_sync"]
    polls_best, latency = result["polls"]["best"], result["latency"]
    rows = [
        ("push of 10,000 mutations end to end", pp["push_per_s"], ">=", "push_per_s", "/s"),
        ("push end to end / direct INSERT", pp["ratio"], "<=", "push_ratio", "x"),
        ("pull and apply of 10,000 changes", pp["pull_per_s"], ">=", "pull_per_s", " rows/s"),
        (
            f"first sync of {first['rows']:,} rows",
            first["first_sync_s"],
            "<=",
            "first_sync_s",
            " s",
        ),
        (
            "no-op polls, 50 devices (best run)",
            polls_best["polls_per_s"],
            ">=",
            "polls_per_s",
            "/s",
        ),
        ("change on A to appearance on B, p95", latency["p95_s"], "<=", "latency_p95_s", " s"),
    ]
    found = []
    for name, value, sense, goal_key, unit in rows:
        goal = GOALS[goal_key]
        met = value >= goal if sense == ">=" else value <= goal
        found.append(
            {
                "backend": kind,
                "figure": name,
                "value": value,
                "goal": f"{sense} {goal:,}{unit}",
                "met": met,
                "unit": unit,
            }
        )
    return found


def number(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"


def summary(report: dict[str, Any]) -> str:
    lines = [
        f"Sync benchmark ({'quick' if report['quick'] else 'full'}), {report['machine']}; two "
        f"busy processes run {report['cpu']['parallel_speedup']}x one (2.0 = two real cores)"
    ]
    for kind, result in report["backends"].items():
        if "skipped" in result:
            lines.append(f"\n{kind}: skipped ({result['skipped']})")
            continue
        lines.append(f"\n{kind}:")
        for v in report["verdicts"]:
            if v["backend"] == kind:
                status = "met" if v["met"] else "NOT met"
                figure = f"{number(v['value'])}{v['unit']}"
                lines.append(f"  {v['figure']:<42} {figure:>14}  goal {v['goal']}: {status}")
        lines += details(result)
    return "\n".join(lines)


def details(result: dict[str, Any]) -> list[str]:
    pp, first, polls_, lat = (
        result["push_pull"],
        result["first_sync"],
        result["polls"],
        result["latency"],
    )
    lines = [
        f"    push {pp['push_s']:.2f} s (HTTP round trips {pp['push_http_s']:.2f} s, device "
        f"{pp['push_device_s']:.2f} s); the server's push path in-process "
        f"{pp['server_push_in_process_s']:.2f} s; direct INSERT {pp['direct_insert_s']:.2f} s "
        f"(one transaction {pp['direct_insert_one_txn_s']:.2f} s); the server's bulk path "
        f"alone (COPY on PostgreSQL) {pp['direct_bulk_s']:.2f} s, push / bulk "
        f"{pp['ratio_bulk']:.2f}x",
        f"    A's whole sync {pp['a_sync_total_s']:.2f} s, of which pulling its own "
        f"{pp['mutations']:,} changes back {pp['a_echo_pull_s']:.2f} s",
        f"    pull {pp['pull_s']:.2f} s (HTTP + parse {pp['pull_http_s']:.2f} s, apply "
        f"{pp['pull_apply_s']:.2f} s); B's whole sync {pp['b_sync_total_s']:.2f} s",
        f"    first sync: {first['pulled']:,} rows, {first['rows_per_s']:,.0f} rows/s, "
        f"{first['snapshot_pages']} pages, device database {first['database_mb']} MB",
    ]
    lines += [f"      {name}: {seconds:.1f} s" for name, seconds in first["steps_s"].items()]
    lines.append(
        "      apply us/row by entity: "
        + ", ".join(f"{k} {v}" for k, v in first["apply_us_per_row_by_entity"].items())
    )
    sample = first["sample"]
    lines.append(
        "      per row (sampled pages, us): "
        + ", ".join(f"{k} {v}" for k, v in sample["per_row_us"].items())
        + f"; page {sample['page_kb']['identity']} kB, gzip {sample['page_kb']['gzip']} kB"
    )
    for key, run in polls_.items():
        if key in ("best", "db_work_per_poll", "long_poll_idle_1w"):
            continue
        lines.append(
            f"    polls {key}: {run['polls_per_s']:,.0f}/s, p50 {run['latency_ms']['p50']} ms, "
            f"server {run['server_cores_busy']} cores (busiest worker "
            f"{run['busiest_worker_cpu_share']:.0%}), driver {run['driver_cores_busy']} cores, "
            f"statuses {run['statuses']}"
        )
    lines.append(f"    database work of one poll in-process (us): {polls_['db_work_per_poll']}")
    idle = polls_["long_poll_idle_1w"]
    lines.append(
        f"    {idle['devices']} devices holding long polls (/v1/wait, nothing changing): server "
        f"{idle['server_cores_busy']} cores busy"
    )
    parts = ", ".join(f"{k} {v:.3f}" for k, v in lat["median_parts_s"].items())
    lines.append(
        f"    change to appearance: p50 {lat['p50_s']:.3f} s, p95 {lat['p95_s']:.3f} s, "
        f"max {lat['max_s']:.3f} s over {lat['changes']} changes; medians (s): {parts}"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the sync engine and server.")
    parser.add_argument("--quick", action="store_true", help="a smaller trial run")
    parser.add_argument("--repeats", type=int, help="push/pull repeats (default 3, quick 1)")
    parser.add_argument("--rows", type=int, help="rows of the first-sync clinic")
    parser.add_argument("--only", choices=["postgresql", "sqlite"], help="one database only")
    args = parser.parse_args()
    settings = scale(args.quick)
    if args.repeats:
        settings["repeats"] = args.repeats
    if args.rows:
        settings["first_sync_rows"] = args.rows
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    report: dict[str, Any] = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}",
        "quick": args.quick,
        "cpu": cpu_calibration(),
        "settings": settings,
        "goals": GOALS,
        "backends": {},
        "verdicts": [],
    }
    with tempfile.TemporaryDirectory(prefix="sync-bench-") as tmp:
        scratch = Path(tmp)
        if args.only != "sqlite":
            with postgres_database() as (url, note):
                report["postgresql_database"] = note
                if url is None:
                    report["backends"]["postgresql"] = {"skipped": note}
                else:
                    report["backends"]["postgresql"] = run_backend(
                        "postgresql", url, scratch, settings
                    )
        if args.only != "postgresql":
            report["backends"]["sqlite"] = run_backend("sqlite", "", scratch, settings)
    for kind, result in report["backends"].items():
        if "skipped" not in result:
            report["verdicts"] += verdicts(kind, result)
    report["run_s"] = round(time.monotonic() - started, 1)
    RESULTS.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(summary(report))
    print(f"\nRun time {report['run_s']:.0f} s. Wrote {RESULTS.relative_to(ROOT.parent)}")


if __name__ == "__main__":
    main()
