"""Operations: run service calls off the GUI thread and bring the results back on it.

Modelled on Anki's ``aqt.operations`` (``QueryOp`` / ``CollectionOp``) and ``taskman``:
a widget asks for an operation, the work runs on a worker, and ``success`` or ``failure``
runs later on the GUI thread. Database work goes to ONE single-thread pool, so operations
on the clinic database run in the order they were asked for and a query always sees the
mutations asked for before it; network work goes to a separate pool so a slow server
never holds up the front desk.

A :class:`MutationOp` announces what it changed through :attr:`OpHub.changed` (Anki's
``OpChanges`` and ``operation_did_execute``); each view refreshes only what it shows.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from medspa_desktop.services.errors import ServiceError
from medspa_desktop.store.errors import StoreError

log = logging.getLogger(__name__)

T = TypeVar("T")

GENERIC_FAILURE = (
    "Something went wrong and the action was not completed. Nothing was lost: try again, "
    "and if it keeps happening, restart MedSpa Desktop and tell your manager."
)


class Changed(StrEnum):
    """What a mutation can touch; views subscribe to the kinds they show."""

    ORGANISATION = "organisation"
    LOCATIONS = "locations"
    STAFF = "staff"
    CLIENTS = "clients"
    SERVICE_MENU = "service_menu"
    RESOURCES = "resources"
    APPOINTMENTS = "appointments"
    WAITLIST = "waitlist"
    TICKETS = "tickets"
    FORMS = "forms"
    """Chart templates, consent forms and intake questionnaires."""


@dataclass(frozen=True)
class OpChanges:
    """What one mutation changed; ``client_ids`` narrows a client change to those rows."""

    kinds: frozenset[Changed] = frozenset()
    client_ids: frozenset[str] = frozenset()
    initiator: object | None = field(default=None, compare=False)

    @classmethod
    def of(cls, *kinds: Changed, client_id: str | None = None) -> OpChanges:
        return cls(frozenset(kinds), frozenset({client_id} if client_id else ()))

    def touches(self, *kinds: Changed) -> bool:
        return any(kind in self.kinds for kind in kinds)


class OpHub(QObject):
    """Application-wide signal; ``changed(OpChanges)`` fires on the GUI thread."""

    changed = Signal(object)


class _Relay(QObject):
    """Carries a closure from a worker thread to the GUI thread (queued connection)."""

    deliver = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, closure: Callable[[], None]) -> None:
        closure()


class TaskManager:
    """The two worker pools and the count of operations in flight. GUI thread only."""

    _instance: TaskManager | None = None

    def __init__(self) -> None:
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="medspa-db")
        self._net = ThreadPoolExecutor(max_workers=4, thread_name_prefix="medspa-net")
        self._relay = _Relay()
        self._lock = threading.Lock()
        self._in_flight = 0
        self.hub = OpHub()

    @classmethod
    def instance(cls) -> TaskManager:
        """The process-wide task manager, made on first use (on the GUI thread)."""
        if cls._instance is None:
            cls._instance = TaskManager()
        return cls._instance

    @property
    def in_flight(self) -> int:
        with self._lock:
            return self._in_flight

    def submit(
        self,
        work: Callable[[], T],
        on_done: Callable[[T | None, BaseException | None], None],
        *,
        network: bool = False,
    ) -> None:
        """Run ``work`` on a worker; ``on_done(result, error)`` runs later on the GUI thread."""
        with self._lock:
            self._in_flight += 1
        pool = self._net if network else self._db
        pool.submit(self._run, work, on_done)

    def _run(self, work: Callable[[], T], on_done: Callable[..., None]) -> None:
        try:
            result, error = work(), None
        except BaseException as err:  # handed to the GUI thread, which decides what to show
            result, error = None, err
        self._relay.deliver.emit(lambda: self._finish(on_done, result, error))

    def _finish(self, on_done: Callable[..., None], result: Any, error: Any) -> None:
        try:
            on_done(result, error)
        finally:
            with self._lock:
                self._in_flight -= 1

    def shutdown(self) -> None:
        """Wait for queued work to end; used at exit after the last operation was asked for."""
        self._db.shutdown(wait=True)
        self._net.shutdown(wait=True)
        TaskManager._instance = None


def log_unexpected(err: BaseException, context: str) -> None:
    """Log an unexpected error by type and stack only.

    NOTE: the exception's message and the source lines are left out on purpose: database
    errors quote the parameters of the failing statement, which may be a client's name or
    clinical text. File, line and function are enough to find the fault.
    """
    frames = traceback.extract_tb(err.__traceback__)
    stack = "\n".join(f"  {f.filename}:{f.lineno} in {f.name}" for f in frames)
    log.error("%s failed with %s\n%s", context, type(err).__name__, stack)


def show_failure(
    parent: QWidget | None, err: BaseException, title: str = "Not done"
) -> QMessageBox:
    """Tell the member of staff what happened: a service's or store's own message as is.

    Anything else gets a generic message (the operation has logged it already). The box
    opens without blocking: no nested event loop inside an operation's callback.
    """
    known = isinstance(err, ServiceError | StoreError)
    message = str(err) if known else GENERIC_FAILURE
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class QueryOp(Generic[T]):
    """Read-only work on a worker: ``QueryOp(parent, work).success(fn).run()``.

    ``success`` runs on the GUI thread, only while ``parent`` still exists. Without a
    ``failure`` handler an error is shown in a message box over ``parent``.
    """

    network = False

    def __init__(self, parent: QWidget | None, work: Callable[[], T]) -> None:
        self._parent = parent
        self._work = work
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._progress_label: str | None = None

    def success(self, handler: Callable[[T], None]) -> QueryOp[T]:
        self._success = handler
        return self

    def failure(self, handler: Callable[[BaseException], None]) -> QueryOp[T]:
        self._failure = handler
        return self

    def with_progress(self, label: str) -> QueryOp[T]:
        """Show a busy dialog with ``label`` if the work takes longer than half a second."""
        self._progress_label = label
        return self

    def run(self) -> None:
        """Start the work. GUI thread only."""
        progress = self._make_progress()
        manager = TaskManager.instance()

        def done(result: T | None, error: BaseException | None) -> None:
            if progress is not None:
                progress.reset()
                progress.deleteLater()
            alive = self._parent is None or shiboken6.isValid(self._parent)
            if error is not None:
                self._handle_failure(error, alive=alive)
                return
            self._announce(manager, result)  # type: ignore[arg-type]
            if alive and self._success is not None:
                self._success(result)  # type: ignore[arg-type]

        manager.submit(self._work, done, network=self.network)

    def _announce(self, manager: TaskManager, result: T) -> None:
        """Queries change nothing; mutations tell every view what they changed."""

    def _handle_failure(self, error: BaseException, *, alive: bool) -> None:
        if not isinstance(error, ServiceError | StoreError):
            log_unexpected(error, type(self).__name__)
        if not alive:
            return
        if self._failure is not None:
            self._failure(error)
        else:
            show_failure(self._parent, error)

    def _make_progress(self) -> QProgressDialog | None:
        if self._progress_label is None:
            return None
        dialog = QProgressDialog(self._progress_label, "", 0, 0, self._parent)
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)
        dialog.setWindowTitle("Please wait")
        return dialog


class MutationOp(QueryOp[T]):
    """Work that changes data; on success announces ``changes`` through the hub.

    ``changes`` is an :class:`OpChanges`, or a function of the result that returns one
    (for a new row whose id is only known afterwards).
    """

    def __init__(
        self,
        parent: QWidget | None,
        work: Callable[[], T],
        changes: OpChanges | Callable[[T], OpChanges],
    ) -> None:
        super().__init__(parent, work)
        self._changes = changes

    def _announce(self, manager: TaskManager, result: T) -> None:
        # NOTE: announced even when the asking widget is gone: the data changed regardless.
        changes = self._changes(result) if callable(self._changes) else self._changes
        manager.hub.changed.emit(
            OpChanges(changes.kinds, changes.client_ids, initiator=self._parent)
        )


class NetworkOp(QueryOp[T]):
    """Work that talks to the network: runs on the network pool, never blocks the database."""

    network = True
