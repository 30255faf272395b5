"""Store benchmark: ``python bench/store.py`` (``make bench``) -> bench/results/store.json.

1. The same workload on SQLCipher (opened as the app opens it) and on plain SQLite (stdlib
   ``sqlite3``, same pragmas), at two levels, each with median seconds and the ratio
   (goal: SQLCipher / SQLite <= 1.25):
   a. raw DB-API: 20,000 rows inserted in batches, then point, range and aggregate queries:
      the page-level cost of encryption (every written page is encrypted and HMAC'd);
   b. the app's path (``store_app.py``): the real client services create, edit, open and
      search clients, one audited transaction per action, as the front desk does.
2. Type-ahead client search over 100,000 clients: p50/p95 of a realistic query mix, each
   keystroke of a name, a "first last" pair, an e-mail or a phone number
   (goal: p95 <= 15 ms).
3. Cold open of the demo clinic: ``open_store`` with a new engine (key, cipher_integrity_check,
   quick_check, schema check). The OS file cache is warm; nothing else is.

Every figure is the median over ``--repeats`` runs. Prints a summary and writes the JSON.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from sqlalchemy import insert  # noqa: E402
from store_app import compare_app_path  # noqa: E402

from medspa_desktop.domain.ids import new_id  # noqa: E402
from medspa_desktop.store.database import open_store  # noqa: E402
from medspa_desktop.store.engine import PRAGMAS, connect_raw  # noqa: E402
from medspa_desktop.store.models import Client  # noqa: E402
from medspa_desktop.store.search import search_clients  # noqa: E402

RESULTS = ROOT / "results" / "store.json"
GOAL_RATIO = 1.25
GOAL_P95_MS = 15.0
FIRST = [
    "Olivia", "Emma", "Charlotte", "Amelia", "Sophia", "Mia", "Isabella", "Ava", "Evelyn", "Luna",
    "Harper", "Sofia", "Camila", "Eleanor", "Elizabeth", "Violet", "Scarlett", "Emily", "Hazel",
    "Lily", "Gianna", "Aurora", "Penelope", "Aria", "Nora", "Chloe", "Ellie", "Mila", "Avery",
    "Layla", "Abigail", "Ella", "Isla", "Eliana", "Nova", "Madison", "Zoe", "Ivy", "Grace",
    "Willow", "Zoë", "Renée", "Siobhan", "Priya", "Mei", "Aisha", "Fatima", "Yuki", "Ingrid",
    "Marisol", "James", "Liam", "Noah", "Oliver", "Elijah", "Mateo", "Lucas", "Levi", "Leo",
    "Ezra", "Luca", "Asher", "Henry", "Jack", "Ethan", "Daniel", "Michael", "Samuel",
]  # fmt: skip
LAST = [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
    "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "O'Brien", "Müller", "Kowalski",
    "Okafor", "Patel", "Kim", "Chen", "Rossi", "Dubois", "Johansson",
]  # fmt: skip
DOMAINS = ["gmail.com"] * 5 + ["yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "aol.com"]
NOTES = [
    "Prefers afternoon appointments",
    "Sensitive skin; patch test first",
    "Referred by a friend",
    "Nervous about needles, offer numbing cream",
    "Bride in June, plan peel schedule",
    "Allergic to lidocaine — see allergies",
]


def medians(runs: list[dict[str, float]]) -> dict[str, Any]:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]} | {"runs": runs}


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def timed_phase(name: str, fn: Callable[[], object]) -> dict[str, float]:
    """Wall-clock seconds (what staff feel) and CPU seconds (the encryption work alone,
    without the disk's fsync time, which varies a lot from run to run)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return {f"{name}_s": time.perf_counter() - wall, f"{name}_cpu_s": time.process_time() - cpu}


# --- 1. SQLCipher versus plain SQLite -------------------------------------------------------

WORKLOAD_ROWS = 20_000
BATCH = 200


def workload(conn: Any, rng: random.Random) -> dict[str, float]:
    """Calendar-like rows: batched inserts, then point, range and aggregate queries."""
    conn.execute(
        "CREATE TABLE appointment (id TEXT PRIMARY KEY, client_id TEXT, staff_id TEXT, "
        "starts_at TEXT, status TEXT, price INTEGER, notes TEXT)"
    )
    conn.execute("CREATE INDEX ix_staff_start ON appointment (staff_id, starts_at)")
    conn.execute("CREATE INDEX ix_client ON appointment (client_id)")
    rows = [
        (new_id(), f"c{rng.randrange(5000)}", f"s{rng.randrange(12)}",
         f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(8, 19):02d}:00",
         rng.choice(["booked", "completed", "no_show"]), rng.randrange(5000, 90000),
         rng.choice(NOTES))
        for _ in range(WORKLOAD_ROWS)
    ]  # fmt: skip

    def inserts() -> None:
        for i in range(0, len(rows), BATCH):
            conn.execute("BEGIN")
            conn.executemany(
                "INSERT INTO appointment VALUES (?, ?, ?, ?, ?, ?, ?)", rows[i : i + BATCH]
            )
            conn.execute("COMMIT")

    def queries() -> None:
        for row in rng.sample(rows, 2000):
            conn.execute("SELECT * FROM appointment WHERE id = ?", (row[0],)).fetchall()
        for _ in range(500):
            day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            conn.execute(
                "SELECT * FROM appointment WHERE staff_id = ? AND starts_at BETWEEN ? AND ? "
                "ORDER BY starts_at", (f"s{rng.randrange(12)}", day, day + "T23:59")
            ).fetchall()  # fmt: skip
        for month in range(1, 13):
            conn.execute(
                "SELECT status, sum(price), count(*) FROM appointment WHERE starts_at LIKE ? "
                "GROUP BY status", (f"2024-{month:02d}%",)
            ).fetchall()  # fmt: skip

    return timed_phase("insert", inserts) | timed_phase("query", queries)


def open_plain(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


def compare_engines(repeats: int) -> dict[str, Any]:
    """Runs alternate between the two engines so that drift in machine load hits both."""
    key = secrets.token_bytes(32)
    openers = {"sqlcipher": lambda path: connect_raw(path, key), "sqlite": open_plain}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in openers}
    for _ in range(repeats):
        for name, opener in openers.items():
            with tempfile.TemporaryDirectory(dir=ROOT / "results") as tmp:
                conn = opener(Path(tmp) / "bench.db")
                try:
                    result = workload(conn, random.Random(7))
                finally:
                    conn.close()
            totals = {
                "total_s": result["insert_s"] + result["query_s"],
                "total_cpu_s": result["insert_cpu_s"] + result["query_cpu_s"],
            }
            runs[name].append(result | totals)
    cipher, plain = medians(runs["sqlcipher"]), medians(runs["sqlite"])
    ratio = {k: cipher[k] / plain[k] for k in runs["sqlite"][0]}
    return {
        "rows": WORKLOAD_ROWS,
        "sqlcipher": cipher,
        "sqlite": plain,
        "ratio": ratio,
        "goal_ratio": GOAL_RATIO,
        "meets_goal": ratio["total_s"] <= GOAL_RATIO,
    }


def app_path(repeats: int) -> dict[str, Any]:
    result = compare_app_path(repeats, ROOT / "results")
    return result | {
        "goal_ratio": GOAL_RATIO,
        "meets_goal": result["ratio"]["total_s"] <= GOAL_RATIO,
    }


# --- 2. Type-ahead search over 100,000 clients ----------------------------------------------


def fake_client(rng: random.Random, n: int) -> dict[str, Any]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    if rng.random() < 0.1:
        last = f"{last}-{rng.choice(LAST)}"
    local = f"{first}.{last}".lower().replace("'", "") + (str(n % 97) if rng.random() < 0.5 else "")
    phone = f"+1{rng.randint(200, 989)}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
    return {
        "id": new_id(), "org_id": "org", "first_name": first, "last_name": last,
        "email": f"{local}@{rng.choice(DOMAINS)}", "phone": phone,
        "notes": rng.choice(NOTES) if rng.random() < 0.2 else "",
    }  # fmt: skip


def typeahead(client: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every keystroke a receptionist makes while looking this client up, by kind."""
    first, last, email = client["first_name"], client["last_name"], client["email"]
    national = client["phone"][2:]
    for n in range(1, len(first) + 1):
        yield "first name", first[:n]
    for n in range(1, len(last) + 1):
        yield "first + last", f"{first[:3]} {last[:n]}"
    for n in range(1, len(last) + 1):
        yield "last name", last[:n]
    for n in range(3, len(email) + 1, 3):
        yield "e-mail", email[:n]
    for typed in (
        national[:3],
        f"({national[:3]}) {national[3:5]}",
        national[:7],
        f"{national[:3]}-{national[3:6]}-{national[6:]}",
        national[-4:],
    ):
        yield "phone", typed  # fmt: skip


def search_latency(clients: int, repeats: int) -> dict[str, Any]:
    rng = random.Random(11)
    people = [fake_client(rng, n) for n in range(clients)]
    with tempfile.TemporaryDirectory(dir=ROOT / "results") as tmp:
        store = open_store(Path(tmp) / "data", key=secrets.token_bytes(32))
        try:
            load_s = timed(lambda: bulk_insert(store, people))
            queries = [q for person in rng.sample(people, 150) for q in typeahead(person)]
            passes = [search_pass(store, queries) for _ in range(repeats)]
        finally:
            store.close()
    p95 = statistics.median(p["p95_ms"] for p in passes)
    return {
        "clients": clients,
        "load_s": load_s,
        "queries_per_pass": len(queries),
        "p50_ms": statistics.median(p["p50_ms"] for p in passes),
        "p95_ms": p95,
        "max_ms": statistics.median(p["max_ms"] for p in passes),
        "p95_ms_by_kind": passes[len(passes) // 2]["by_kind"],
        "goal_p95_ms": GOAL_P95_MS,
        "meets_goal": p95 <= GOAL_P95_MS,
    }


def bulk_insert(store: Any, people: list[dict[str, Any]]) -> None:
    with store.engine.begin() as conn:
        for i in range(0, len(people), 5000):
            conn.execute(insert(Client), people[i : i + 5000])


def search_pass(store: Any, queries: list[tuple[str, str]]) -> dict[str, Any]:
    times: dict[str, list[float]] = defaultdict(list)
    with store.session_factory() as session:
        for kind, typed in queries:
            start = time.perf_counter()
            search_clients(session, typed)
            times[kind].append((time.perf_counter() - start) * 1000)
    every = sorted(t for ts in times.values() for t in ts)
    return {
        "p50_ms": percentile(every, 50),
        "p95_ms": percentile(every, 95),
        "max_ms": every[-1],
        "by_kind": {kind: round(percentile(sorted(ts), 95), 3) for kind, ts in times.items()},
    }


def percentile(ordered: list[float], pct: float) -> float:
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


# --- 3. Cold open of the demo clinic --------------------------------------------------------


def cold_open(repeats: int) -> dict[str, Any]:
    try:
        from medspa_desktop.services.demo_clinic import create_demo_clinic
    except ImportError as err:
        return {"skipped": f"demo generator not available: {err}"}
    with tempfile.TemporaryDirectory(dir=ROOT / "results") as tmp:
        data_dir = Path(tmp) / "demo"
        store = open_store(data_dir, demo=True)
        build_s = timed(lambda: create_demo_clinic(store, seed=1))
        store.close()
        size_mb = (data_dir / "clinic.db").stat().st_size / 1e6

        def once() -> dict[str, float]:
            start = time.perf_counter()
            opened = open_store(data_dir, demo=True)
            elapsed = time.perf_counter() - start
            opened.engine.dispose()
            return {"open_s": elapsed}

        result = medians([once() for _ in range(repeats)])
    return {"demo_build_s": build_s, "db_mb": round(size_mb, 1)} | result


# --- Report ---------------------------------------------------------------------------------


def summary(report: dict[str, Any]) -> str:
    w, s, c = report["workload"], report["search"], report["cold_open"]
    a = report["app_path"]
    lines = [
        f"SQLCipher vs SQLite, {w['rows']:,} rows (median of {report['repeats']}):",
        *(
            f"  {phase:<7} {w['sqlcipher'][k]:6.3f} s vs {w['sqlite'][k]:6.3f} s, ratio "
            f"{w['ratio'][k]:.2f} (CPU only: {w['ratio'][k.replace('_s', '_cpu_s')]:.2f})"
            for phase, k in (("insert", "insert_s"), ("query", "query_s"), ("total", "total_s"))
        ),
        f"  goal ratio <= {GOAL_RATIO}: {'met' if w['meets_goal'] else 'NOT met'}",
        f"The app's path, {a['actions_per_phase']} client creations, edits, openings and "
        "searches through the services:",
        f"  {a['sqlcipher']['total_s']:.2f} s vs {a['sqlite']['total_s']:.2f} s, ratio "
        f"{a['ratio']['total_s']:.2f} (CPU only {a['ratio']['total_cpu_s']:.2f}); "
        f"goal ratio <= {GOAL_RATIO}: {'met' if a['meets_goal'] else 'NOT met'}",
        f"Client search, {s['clients']:,} clients, {s['queries_per_pass']:,} type-ahead queries:",
        f"  p50 {s['p50_ms']:.2f} ms, p95 {s['p95_ms']:.2f} ms, max {s['max_ms']:.2f} ms "
        f"(goal p95 <= {GOAL_P95_MS} ms: {'met' if s['meets_goal'] else 'NOT met'})",
        "  p95 by kind: " + ", ".join(f"{k} {v:.2f} ms" for k, v in s["p95_ms_by_kind"].items()),
    ]
    if "skipped" in c:
        lines.append(f"Cold open of the demo clinic: skipped ({c['skipped']})")
    else:
        lines.append(
            f"Cold open of the demo clinic ({c['db_mb']} MB): {c['open_s'] * 1000:.0f} ms median"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the encrypted store.")
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    import sqlcipher3.dbapi2 as sqlcipher

    report = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "sqlite": sqlite3.sqlite_version,
            "sqlcipher_sqlite": sqlcipher.sqlite_version,
        },
        "repeats": args.repeats,
        "workload": compare_engines(args.repeats),
        "app_path": app_path(args.repeats),
        "search": search_latency(args.clients, args.repeats),
        "cold_open": cold_open(args.repeats),
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(summary(report))
    print(f"Wrote {RESULTS.relative_to(ROOT.parent)}")


if __name__ == "__main__":
    main()
