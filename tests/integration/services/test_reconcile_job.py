"""The nightly reconciliation job: runs at the set local time and at start-up for a
yesterday nobody reconciled, keeps the last result, and logs counts only."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from zoneinfo import ZoneInfo

from medspa_desktop.jobs.reconcile_job import ReconcileJob
from medspa_desktop.payments.simulated import DEMO_READER_ID, SimulatedTerminal
from medspa_desktop.services.reconcile import Reconciliation

NEW_YORK = ZoneInfo("America/New_York")


def _charged(terminal: SimulatedTerminal, amount: int) -> str:
    """Money taken on the (simulated) reader that no payment row records."""
    intent = terminal.create_intent(
        key="walk-in", amount_minor=amount, currency="USD", attempt_id="", description="walk-in"
    )
    terminal.process(key="walk-in:process", reader_id=DEMO_READER_ID, intent_id=intent.id)
    assert terminal.find_intent(intent.id).status == "succeeded"
    return intent.id


def _job(clinic, terminal, results: list[Reconciliation] | None = None, **options) -> ReconcileJob:
    on_result = results.append if results is not None else None
    return ReconcileJob(clinic.store, lambda: terminal, lambda: clinic.owner, on_result, **options)


def test_a_run_keeps_the_result_hands_it_on_and_logs_counts_but_no_card_data(clinic, caplog):
    terminal, results = SimulatedTerminal(tap_seconds=0), []
    intent = _charged(terminal, 12345)
    today = dt.datetime.now(NEW_YORK).date()
    job = _job(clinic, terminal, results)

    with caplog.at_level(logging.INFO, logger="medspa_desktop.jobs.reconcile_job"):
        rec = job.run_now(today)

    assert rec is not None and results == [rec] and job.last == rec == job.result(today)
    assert [d.stripe_id for d in rec.differences] == [intent]
    assert "1 differences" in caplog.text
    for card_data in ("123.45", "12345", "4242", "visa", intent):
        assert card_data not in caplog.text


def test_start_up_reconciles_yesterday_once_and_schedules_the_nightly_run(clinic):
    terminal, done = SimulatedTerminal(tap_seconds=0), threading.Event()
    results: list[Reconciliation] = []
    job = ReconcileJob(
        clinic.store,
        lambda: terminal,
        lambda: clinic.owner,
        lambda rec: (results.append(rec), done.set()),
        at=dt.time(22, 15),
    )
    job.start()
    try:
        assert done.wait(30), "the start-up catch-up did not run"
        next_run = job.next_run_at
    finally:
        job.stop()
    yesterday = dt.datetime.now(NEW_YORK).date() - dt.timedelta(days=1)
    assert [rec.day for rec in results] == [yesterday]
    assert next_run is not None and next_run.astimezone(NEW_YORK).time() == dt.time(22, 15)
    assert _job(clinic, terminal).catch_up() is None  # this device already did yesterday


def test_without_card_payments_set_up_nothing_runs_and_the_log_says_why(clinic, caplog):
    job = _job(clinic, None)
    with caplog.at_level(logging.INFO, logger="medspa_desktop.jobs.reconcile_job"):
        assert job.run_now(dt.date.today()) is None
    assert "Settings → Payments" in caplog.text and job.last is None
