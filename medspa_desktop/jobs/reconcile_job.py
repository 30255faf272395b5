"""The nightly card reconciliation of this device's location against Stripe.

An APScheduler ``BackgroundScheduler`` with one thread runs ``services.reconcile`` for
yesterday and today every day at ``at`` (default 23:30) in the location's time zone; a run
missed while the computer slept happens when it wakes. At start-up it also reconciles
yesterday if this device has not done so yet. The latest result per day stays in memory;
the log gets counts only, never amounts or card details.

Public API: ``ReconcileJob``. ``start()`` and ``stop()`` from one thread (the GUI thread is
fine); ``run_now(day)`` and ``catch_up()`` block on the network, so call them from a worker.
``terminal_factory`` gives the card terminal (``None``: card payments are not set up);
``actor_factory`` the member of staff the runs are audited as (``None``: skip the run);
``on_result`` gets each ``Reconciliation`` on the job's thread and must not block.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from functools import partial
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.card_terminal import CardTerminal, TerminalError
from medspa_desktop.services.errors import ServiceError
from medspa_desktop.services.reconcile import (
    ReconcilePlace,
    Reconciliation,
    reconcile_day,
    reconcile_place,
    was_reconciled,
)
from medspa_desktop.store.database import Store

log = logging.getLogger(__name__)

DEFAULT_AT = dt.time(23, 30)
NIGHTLY_JOB, CATCH_UP_JOB = "reconcile", "reconcile-catch-up"
VIA = "nightly job"
ONE_DAY = dt.timedelta(days=1)

TerminalFactory = Callable[[], CardTerminal | None]
ActorFactory = Callable[[], Actor | None]


class ReconcileJob:
    """One per data folder; ``start()`` once, ``stop()`` once."""

    def __init__(
        self,
        store: Store,
        terminal_factory: TerminalFactory,
        actor_factory: ActorFactory,
        on_result: Callable[[Reconciliation], None] | None = None,
        *,
        at: dt.time = DEFAULT_AT,
        location_id: str | None = None,
    ) -> None:
        self.store = store
        self._terminal_factory = terminal_factory
        self._actor_factory = actor_factory
        self._on_result = on_result
        self._at = at
        self._location_id = location_id
        self._place: ReconcilePlace | None = None
        self._lock = threading.Lock()
        self._results: dict[dt.date, Reconciliation] = {}
        self._last: Reconciliation | None = None
        self._scheduler = BackgroundScheduler(
            executors={"default": {"type": "threadpool", "max_workers": 1}},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=dt.UTC,
        )

    @property
    def last(self) -> Reconciliation | None:
        """The most recent result (any day), or None before the first run."""
        with self._lock:
            return self._last

    def result(self, day: dt.date) -> Reconciliation | None:
        with self._lock:
            return self._results.get(day)

    @property
    def next_run_at(self) -> dt.datetime | None:
        """When the nightly run happens next (UTC); None when not scheduled."""
        job = self._scheduler.get_job(NIGHTLY_JOB)
        return job.next_run_time if job is not None else None

    def start(self) -> None:
        """Schedule the nightly run and the start-up catch-up. Reads the database."""
        place = self._where()
        if place is None:
            log.info("No location is set up on this computer; card reconciliation is off")
            return
        trigger = CronTrigger(
            hour=self._at.hour, minute=self._at.minute, timezone=ZoneInfo(place.time_zone)
        )
        self._scheduler.add_job(self._nightly, trigger, id=NIGHTLY_JOB)
        now = dt.datetime.now(dt.UTC)
        self._scheduler.add_job(self._safely(self.catch_up), next_run_time=now, id=CATCH_UP_JOB)
        self._scheduler.start()

    def stop(self) -> None:
        """Let a running reconciliation end, then stop. Not from the job's own thread."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)

    def catch_up(self) -> Reconciliation | None:
        """Reconcile yesterday unless this device already has; None when nothing ran."""
        place = self._where()
        if place is None:
            return None
        yesterday = place.today() - ONE_DAY
        with self.store.uow() as uow:
            if was_reconciled(place.location_id, yesterday, uow=uow):
                return None
        return self.run_now(yesterday)

    def run_now(self, day: dt.date) -> Reconciliation | None:
        """Reconcile ``day`` on this thread; None when it could not run (the log says why)."""
        place = self._where()
        terminal = self._terminal_factory()
        actor = self._actor_factory()
        if place is None or terminal is None or actor is None:
            log.info("Card reconciliation of %s skipped: %s", day, _missing(place, terminal))
            return None
        with self._lock:
            try:
                with self.store.uow() as uow:
                    rec = reconcile_day(
                        place.location_id, day, uow=uow, actor=actor, terminal=terminal, via=VIA
                    )
            except (TerminalError, ServiceError) as err:
                log.warning("Card reconciliation of %s did not run: %s", day, err)
                return None
            self._results[day] = self._last = rec
        _log_counts(rec)
        if self._on_result is not None:
            self._on_result(rec)
        return rec

    def _nightly(self) -> None:
        place = self._where()
        if place is None:
            return
        today = place.today()
        for day in (today - ONE_DAY, today):
            self._safely(partial(self.run_now, day))()

    def _where(self) -> ReconcilePlace | None:
        if self._place is None:
            try:
                with self.store.uow() as uow:
                    self._place = reconcile_place(uow, self._location_id)
            except ServiceError:
                return None
        return self._place

    @staticmethod
    def _safely(work: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            try:
                work()
            except Exception:
                log.exception("Card reconciliation failed unexpectedly; it runs again tonight")

        return run


def _missing(place: ReconcilePlace | None, terminal: CardTerminal | None) -> str:
    if place is None:
        return "no location is set up on this computer"
    if terminal is None:
        return "card payments are not set up (Settings → Payments)"
    return "nobody to run it as"


def _log_counts(rec: Reconciliation) -> None:
    log.info(
        "Card reconciliation of %s at location %s: %d payments and %d refunds matched, "
        "%d differences",
        rec.day,
        rec.location_id,
        rec.matched,
        rec.refunds_matched,
        len(rec.differences),
    )
