"""Unit of work: owns one session; rolls back unless ``commit()`` is called."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from sqlalchemy.orm import Session, sessionmaker

from medspa_desktop.domain.hlc import HybridLogicalClock
from medspa_desktop.store.models import SyncState


class UnitOfWork:
    """``with store.uow() as uow: ...; uow.commit()``. One thread at a time."""

    session: Session

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        clock: HybridLogicalClock,
        device_id: str,
        audit_key: bytes,
    ) -> None:
        self._session_factory = session_factory
        self.clock = clock
        self.device_id = device_id
        self.audit_key = audit_key
        """HMAC key of the audit chain (derived from the database key)."""
        self.tails: dict[object, Any] = {}
        """What this transaction last appended to this device's audit chain and outbox, so
        the next append need not read it back; emptied whenever the transaction ends (the
        write lock is held until then, so nobody else can append meanwhile)."""

    def __enter__(self) -> Self:
        self.session = self._session_factory()
        self.tails.clear()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.tails.clear()
        self.session.rollback()
        self.session.close()

    def keep_state(self, key: str, value: str) -> None:
        """Set a ``sync_state`` value in this transaction; the row is looked up once per
        transaction, not at every change (every audit entry and mutation sets two)."""
        row = self.tails.get(("state", key))
        if row is None:
            self.tails[("state", key)] = self.session.merge(SyncState(key=key, value=value))
        else:
            row.value = value

    def commit(self) -> None:
        self.tails.clear()
        self.session.commit()

    def rollback(self) -> None:
        self.tails.clear()
        self.session.rollback()
