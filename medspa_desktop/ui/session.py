"""What every screen needs: the opened store and who is logged in, plus op helpers.

Views never touch the store themselves: they hand a function of ``(uow, actor)`` to
:meth:`AppSession.query` or :meth:`AppSession.mutate`, which runs it on the database worker
inside a fresh unit of work, as the member of staff who was logged in when it was asked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.permissions import is_allowed
from medspa_desktop.services.auth import StaffSession
from medspa_desktop.services.workplace import Workplace
from medspa_desktop.store.database import Store
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.ops import MutationOp, OpChanges, OpHub, QueryOp, TaskManager

T = TypeVar("T")

ServiceCall = Callable[[UnitOfWork, Actor], T]


class AppSession:
    """The store of this device and the staff session on it. GUI thread."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.staff: StaffSession | None = None
        self.organisation_name = ""
        self.location_name = ""
        self.country = "US"
        """ISO region for reading and showing phone numbers typed without a country code."""
        self.currency = "USD"

    def set_workplace(self, place: Workplace) -> None:
        self.organisation_name = place.organisation
        self.location_name = place.location
        self.country = place.default_country
        self.currency = place.currency

    @property
    def actor(self) -> Actor:
        if self.staff is None:
            raise RuntimeError("Nobody is logged in")
        return self.staff.actor

    @property
    def hub(self) -> OpHub:
        return TaskManager.instance().hub

    def may(self, action: Action) -> bool:
        """Whether the logged-in role may do ``action``: the UI hides what would be refused."""
        return self.staff is not None and is_allowed(self.staff.actor.role, action)

    def work(self, call: ServiceCall[T]) -> Callable[[], T]:
        """``call(uow, actor)`` bound to a fresh unit of work, for running on the worker."""
        store, actor = self.store, self.actor

        def run() -> T:
            with store.uow() as uow:
                return call(uow, actor)

        return run

    def query(self, parent: QWidget | None, call: ServiceCall[T]) -> QueryOp[T]:
        return QueryOp(parent, self.work(call))

    def mutate(
        self,
        parent: QWidget | None,
        call: ServiceCall[T],
        changes: OpChanges | Callable[[T], OpChanges],
    ) -> MutationOp[T]:
        return MutationOp(parent, self.work(call), changes)

    def unit_of_work(self, call: Callable[[UnitOfWork], T]) -> Callable[[], T]:
        """Work that needs no logged-in member of staff (log-in, first-run set-up)."""
        store = self.store

        def run() -> T:
            with store.uow() as uow:
                return call(uow)

        return run
