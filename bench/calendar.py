"""Calendar benchmark: ``python bench/calendar.py [--quick]`` -> bench/results/calendar.json.

On two real SQLCipher databases: the demo clinic (two years of history) and one with ten
years (the demo generator's ten years, and ten years of bookings at the benchmark's own
location), each with a "Bench Plaza" location of 20 practitioners and 300 appointments a
day for the week measured (bench/calendar_seed.py):

1. Day view (goal <= 50 ms): the calendar service reading the day (``calendar_day``: the
   query and the frozen view) plus the day canvas building and painting it offscreen at
   desktop size (1600x900), median over repeats; the ten-year database within 20 % of the
   demo one.
2. Availability for a week (goal <= 30 ms): ``find_openings`` for one 60-minute service
   across all 20 practitioners over seven days, the store read included; and the engine
   alone on a schedule already read, for reference.
"""

from __future__ import annotations

import sys
from pathlib import Path

# NOTE: run as a script, this file's folder comes first on sys.path, and this file's name
# would then hide the standard library's ``calendar`` (which e-mail parsing imports).
ROOT = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]
sys.path += [str(ROOT), str(ROOT.parent)]

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from calendar_seed import BenchLocation, seed_bench_location  # noqa: E402

from medspa_desktop.domain.actor import Actor, Role  # noqa: E402
from medspa_desktop.domain.availability import find_slots  # noqa: E402
from medspa_desktop.services.calendar import CalendarDay, calendar_day  # noqa: E402
from medspa_desktop.services.demo_clinic import create_demo_clinic  # noqa: E402
from medspa_desktop.services.openings import FindOpenings, find_openings  # noqa: E402
from medspa_desktop.services.schedule_facts import (  # noqa: E402
    get_location,
    load_schedule,
    service_needs,
)
from medspa_desktop.store.database import Store, open_store  # noqa: E402
from medspa_desktop.store.models import ServiceItem  # noqa: E402

RESULTS = ROOT / "results" / "calendar.json"
GOALS = {"day_view_ms": 50.0, "ten_years_over_demo": 1.2, "availability_week_ms": 30.0}


def median_ms(work: Callable[[], object], repeats: int) -> dict[str, float]:
    # Warm caches (statements, fonts, the page cache) as a session in use has them, and
    # collect the garbage building a database left behind, so each database is measured
    # alike whichever comes first.
    for _ in range(3):
        work()
    gc.collect()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": statistics.median(times), "min_ms": min(times), "max_ms": max(times)}


def build(data_dir: Path, years: int, history_days: int) -> tuple[Store, BenchLocation, float]:
    start = time.perf_counter()
    store = open_store(data_dir, demo=True)
    create_demo_clinic(store, seed=1, years=years)
    bench = seed_bench_location(store, dt.date.today() + dt.timedelta(days=3), history_days)
    return store, bench, time.perf_counter() - start


def measure(store: Store, bench: BenchLocation, repeats: int) -> dict[str, Any]:
    actor = Actor(
        staff_id=bench.staff_ids[0],
        org_id=_org(store),
        role=Role.FRONT_DESK,
        device_id=store.device_id,
        location_id=bench.location_id,
        display_name="Bench",
    )
    query = CalendarDay(bench.location_id, bench.day)

    def read_day() -> Any:
        with store.uow() as uow:
            return calendar_day(query, uow=uow, actor=actor)

    view = read_day()
    result: dict[str, Any] = {
        "columns": len(view.columns),
        "appointments": len(view.cards),
        "day_service": median_ms(read_day, repeats),
    }
    paint = day_paint(view, repeats)
    if paint is not None:
        result["day_paint"] = paint
        result["day_view_ms"] = result["day_service"]["median_ms"] + paint["median_ms"]
    week = FindOpenings(
        bench.location_id, (bench.service_id,), bench.day, bench.day + dt.timedelta(days=6)
    )

    def openings() -> Any:
        with store.uow() as uow:
            return find_openings(week, uow=uow, actor=actor)

    result["availability_week"] = median_ms(openings, repeats)
    result["availability_slots"] = len(openings().visits)
    result["availability_engine_only"] = engine_only(store, bench, repeats)
    return result


def engine_only(store: Store, bench: BenchLocation, repeats: int) -> dict[str, float]:
    with store.uow() as uow:
        location = get_location(uow.session, bench.location_id, _org(store))
        last = bench.day + dt.timedelta(days=6)
        schedule = load_schedule(uow.session, location, bench.day, last)
        service = uow.session.get(ServiceItem, bench.service_id)
        assert service is not None
        needs = service_needs(uow.session, service, location.id)
    now = dt.datetime.now(dt.UTC)
    return median_ms(
        lambda: find_slots(schedule, needs, first_day=bench.day, last_day=last, now=now),
        repeats,
    )


def day_paint(view: Any, repeats: int) -> dict[str, float] | None:
    """Build the day canvas for ``view`` and paint it into an image (the calendar UI)."""
    try:
        from medspa_desktop.ui.calendar.bench import paint_day_view
    except ImportError:
        return None
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])
    return median_ms(lambda: paint_day_view(view, 1600, 900), repeats)


def _org(store: Store) -> str:
    org = store.local_setting("org_id")
    assert org, "the demo clinic sets the device's organisation"
    return org


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller databases, fewer repeats")
    parser.add_argument("--repeats", type=int, default=0)
    args = parser.parse_args()
    repeats = args.repeats or (5 if args.quick else 30)
    kinds = {"demo": (2, 30), "ten_years": (2 if args.quick else 10, 365 if args.quick else 3650)}
    out: dict[str, Any] = {
        "generated_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
        "quick": args.quick,
        "repeats": repeats,
        "goals": GOALS,
    }
    with tempfile.TemporaryDirectory() as tmp:
        for kind, (years, history) in kinds.items():
            print(f"[{time.strftime('%H:%M:%S')}] building the {kind} database ...", flush=True)
            store, bench, build_s = build(Path(tmp) / kind, years, history)
            size = sum(f.stat().st_size for f in (Path(tmp) / kind).iterdir() if f.is_file())
            print(f"[{time.strftime('%H:%M:%S')}] measuring {kind} ...", flush=True)
            out[kind] = {"build_s": build_s, "db_mb": round(size / 2**20, 1)}
            out[kind] |= measure(store, bench, repeats)
            store.close()
    out["verdicts"] = verdicts(out)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n")
    for line in summary(out):
        print(line)


def verdicts(out: dict[str, Any]) -> dict[str, Any]:
    demo, ten = out["demo"], out["ten_years"]
    found: dict[str, Any] = {}
    if "day_view_ms" in demo:
        found["day_view_ms"] = {
            "demo": demo["day_view_ms"],
            "ten_years": ten["day_view_ms"],
            "met": max(demo["day_view_ms"], ten["day_view_ms"]) <= GOALS["day_view_ms"],
        }
        ratio = ten["day_view_ms"] / demo["day_view_ms"]
        found["ten_years_over_demo"] = {
            "ratio": ratio,
            "met": ratio <= GOALS["ten_years_over_demo"],
        }
    week = max(demo["availability_week"]["median_ms"], ten["availability_week"]["median_ms"])
    found["availability_week_ms"] = {"worst": week, "met": week <= GOALS["availability_week_ms"]}
    return found


def summary(out: dict[str, Any]) -> list[str]:
    lines = []
    for kind in ("demo", "ten_years"):
        r = out[kind]
        paint = r.get("day_paint", {}).get("median_ms", float("nan"))
        lines.append(
            f"{kind} ({r['db_mb']} MB, {r['columns']} columns, {r['appointments']} appointments): "
            f"day service {r['day_service']['median_ms']:.1f} ms + paint {paint:.1f} ms; "
            f"week availability {r['availability_week']['median_ms']:.1f} ms "
            f"(engine alone {r['availability_engine_only']['median_ms']:.1f} ms, "
            f"{r['availability_slots']} slots)"
        )
    lines.append(json.dumps(out["verdicts"]))
    return lines


if __name__ == "__main__":
    main()
