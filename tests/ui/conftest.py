"""pytest-qt fixtures for the app shell: a set-up clinic, the main window, and a guard that
fails any test leaving background work behind (as napari's conftest does).

The guard is autouse and requests no Qt fixture, so it is set up before ``qtbot`` and torn
down after it: by then qtbot has closed the test's widgets, and anything still running is
a leak that would bleed into the next test.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field

import pytest
from argon2 import Type
from argon2.profiles import Parameters
from PySide6.QtCore import QCoreApplication, QTimer

from medspa_desktop.domain.actor import Role
from medspa_desktop.services import auth, clients, credentials, setup, staff
from medspa_desktop.services.sessions import StaffSession
from medspa_desktop.store.database import Store
from medspa_desktop.ui.ops import TaskManager

CHEAP = Parameters(
    type=Type.ID, version=19, salt_len=16, hash_len=32, time_cost=1, memory_cost=64, parallelism=1
)
OWNER_PASSWORD = "lantern orchard velvet"
STAFF_PASSWORD = "quiet harbour morning"
POOL_THREADS = ("medspa-db", "medspa-net")


@pytest.fixture(autouse=True)
def cheap_hashing():
    """Argon2id is slow on purpose; the UI tests hash with the documented cheap test hook."""
    with credentials.hashing_parameters(CHEAP):
        yield


@pytest.fixture(autouse=True)
def no_background_work(monkeypatch):
    """Fail a test that ends with operations in flight, timers running or stray threads."""
    threads_before = set(threading.enumerate())
    timers: list[weakref.ref[QTimer]] = []
    original_start = QTimer.start

    def tracked_start(self, *args):
        timers.append(weakref.ref(self))
        return original_start(self, *args)

    monkeypatch.setattr(QTimer, "start", tracked_start)
    yield
    problems = []
    manager = TaskManager._instance
    if manager is not None and manager.in_flight:
        problems.append(f"{manager.in_flight} operation(s) still in flight")
        _drain(manager)
    for ref in timers:
        timer = ref()
        try:
            if timer is not None and timer.isActive():
                problems.append(f"a QTimer of {timer.parent()!r} is still running")
                timer.stop()
        except RuntimeError:  # its C++ object is gone: nothing can fire
            continue
    stray = [
        t for t in set(threading.enumerate()) - threads_before
        if t.is_alive() and not t.name.startswith(POOL_THREADS)
    ]  # fmt: skip
    if stray:
        problems.append(f"threads left running: {[t.name for t in stray]}")
    if problems:
        pytest.fail("Background work left running: " + "; ".join(problems))


def _drain(manager: TaskManager) -> None:
    """Let leftover operations finish so one leaky test does not break the next."""
    deadline = threading.Event()
    for _ in range(500):
        QCoreApplication.processEvents()
        if not manager.in_flight:
            return
        deadline.wait(0.01)


@dataclass
class Clinic:
    """A clinic set up through the services, as the first-run wizard would leave it."""

    store: Store
    org_id: str
    location_id: str
    owner_session: StaffSession
    staff_ids: dict[str, str] = field(default_factory=dict)

    def add_staff(self, username: str, role: Role, *, pin: str = "") -> str:
        command = staff.CreateStaff(
            username=username,
            display_name=f"{username.title()} {role.label}",
            role=role,
            password=STAFF_PASSWORD,
            pin=pin,
            location_ids=(self.location_id,),
        )
        with self.store.uow() as uow:
            made = staff.create_staff(command, uow=uow, actor=self.owner_session.actor)
        self.staff_ids[username] = made.id
        return made.id

    def add_client(self, first: str, last: str, **fields) -> str:
        command = clients.CreateClient(first, last, **fields)
        with self.store.uow() as uow:
            profile = clients.create_client(command, uow=uow, actor=self.owner_session.actor)
        return profile.id

    def log_in(self, username: str, password: str = STAFF_PASSWORD) -> StaffSession:
        with self.store.uow() as uow:
            return auth.log_in(auth.LogIn(username, password), uow=uow)


@pytest.fixture
def clinic(store) -> Clinic:
    command = setup.SetUpClinic(
        organisation_name="Lumen Aesthetics",
        location_name="Downtown",
        time_zone="America/New_York",
        owner_username="olivia",
        owner_display_name="Olivia Owner",
        owner_password=OWNER_PASSWORD,
        owner_pin="2468",
    )
    with store.uow() as uow:
        done = setup.set_up_clinic(command, uow=uow)
    return Clinic(store, done.org_id, done.location_id, done.session)


@pytest.fixture
def window(qtbot, clinic):
    """The main window on the log-in screen, at the size of a clinic laptop."""
    from medspa_desktop.ui.main_window import MainWindow
    from medspa_desktop.ui.session import AppSession

    shown = MainWindow(AppSession(clinic.store))
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    wait_idle(qtbot)
    return shown


def wait_idle(qtbot) -> None:
    """Wait until every operation asked for so far has come back to the GUI thread."""
    qtbot.waitUntil(lambda: TaskManager.instance().in_flight == 0, timeout=10_000)


def enter(qtbot, window, session: StaffSession) -> None:
    """Start ``session`` in ``window`` as a log-in would, and wait for the work area."""
    window.start_session(session)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    wait_idle(qtbot)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A small demo clinic built once per session (300 clients); copy it before use."""
    from medspa_desktop.services.demo_clinic import create_demo_clinic
    from medspa_desktop.store.database import open_store

    folder = tmp_path_factory.mktemp("demo-template") / "clinic"
    with credentials.hashing_parameters(CHEAP):
        opened = open_store(folder, demo=True)
        try:
            summary = create_demo_clinic(opened, clients=300)
        finally:
            opened.close()
    return folder, summary


@pytest.fixture
def demo_folder(demo_template, tmp_path):
    """A private copy of the demo clinic folder (database and ``demo.key``)."""
    import shutil

    folder, _ = demo_template
    copy = tmp_path / "demo"
    shutil.copytree(folder, copy)
    return copy
