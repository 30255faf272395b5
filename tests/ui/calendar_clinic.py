"""A clinic ready to book, for the calendar's UI tests (the approach of
``tests/integration/services/scheduling.py``, on the UI tests' ``Clinic``): a laser suite, a
treatment room, one laser; practitioners lee, kim and ray working 9:00-17:00 every day;
Botox (30 min) and laser hair removal (60 min, needs the laser suite and the laser); two
clients, Ada (allergic to lidocaine) and Grace. Made through the real services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from medspa_desktop.domain.actor import Role
from medspa_desktop.services.booking import BookVisit, VisitLeg, book_visit
from medspa_desktop.services.resources import CreateMachine, CreateRoom, create_machine, create_room
from medspa_desktop.services.service_menu import (
    CreateService,
    CreateServiceCategory,
    create_service,
    create_service_category,
)
from medspa_desktop.services.staff import UpdateStaff, update_staff
from medspa_desktop.services.waitlist import AddToWaitlist, add_to_waitlist
from medspa_desktop.services.working_hours import SetWorkingHours, set_working_hours
from medspa_desktop.store.models import Appointment, WaitlistEntry

ZONE = ZoneInfo("America/New_York")
FAR_PAST = dt.date(2020, 1, 6)
QUALIFIED = {"lee": ("neuromodulator",), "kim": ("neuromodulator", "laser_hair_removal"),
             "ray": ("laser_hair_removal",)}  # fmt: skip


@dataclass
class Schedule:
    clinic: object
    staff: dict[str, str]
    botox: str
    laser: str
    ada: str
    grace: str
    day: dt.date

    def at(self, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(self.day, dt.time(hour, minute), ZONE)

    def book(self, start: dt.datetime, service: str, staff: str, client: str | None = None) -> str:
        """Book through the service as the owner; the appointment's id."""
        clinic = self.clinic
        legs = (VisitLeg(service, self.staff[staff]),)
        command = BookVisit(client or self.ada, clinic.location_id, start, legs)
        with clinic.store.uow() as uow:
            done = book_visit(command, uow=uow, actor=clinic.owner_session.actor)
        return done.appointments[0].id

    def stored(self, appointment_id: str) -> Appointment:
        with self.clinic.store.session_factory() as session:
            row = session.get(Appointment, appointment_id)
            assert row is not None
            session.expunge(row)
            return row

    def count(self) -> int:
        with self.clinic.store.session_factory() as session:
            return session.query(Appointment).count()

    def appointments_of(self, client: str) -> list[Appointment]:
        """The client's stored appointments, earliest first."""
        with self.clinic.store.session_factory() as session:
            rows = session.query(Appointment).filter_by(client_id=client).all()
            session.expunge_all()
        return sorted(rows, key=lambda row: row.starts_at)

    def set_status(self, appointment_id: str, status: str) -> None:
        """Write a status as sync would (``conflict`` is only ever set by sync)."""
        with self.clinic.store.session_factory() as session:
            session.get(Appointment, appointment_id).status = status
            session.commit()

    def wait_for(self, client: str, service: str, staff: str | None = None) -> str:
        """Put ``client`` on the waitlist through the service, for the week around the day."""
        week = dt.timedelta(days=7)
        command = AddToWaitlist(
            client, self.clinic.location_id, service, self.day - week, self.day + week,
            staff_id=self.staff[staff] if staff else None,
        )  # fmt: skip
        with self.clinic.store.uow() as uow:
            return add_to_waitlist(command, uow=uow, actor=self.clinic.owner_session.actor).id

    def waitlist_entry(self, entry_id: str) -> WaitlistEntry:
        with self.clinic.store.session_factory() as session:
            row = session.get(WaitlistEntry, entry_id)
            assert row is not None
            session.expunge(row)
            return row


def set_up_schedule(clinic) -> Schedule:
    owner, store, location = clinic.owner_session.actor, clinic.store, clinic.location_id

    def run(call, command):
        with store.uow() as uow:
            return call(command, uow=uow, actor=owner)

    injectables = run(
        create_service_category, CreateServiceCategory("neuromodulator", "Injectables")
    )
    lasers = run(create_service_category, CreateServiceCategory("laser_hair_removal", "Laser"))
    staff = {}
    week = tuple((weekday, 9 * 60, 17 * 60) for weekday in range(7))
    for name, quals in QUALIFIED.items():
        staff_id = clinic.add_staff(name, Role.PRACTITIONER)
        run(update_staff, UpdateStaff(staff_id, display_name=name.title(), qualifications=quals))
        run(set_working_hours, SetWorkingHours(staff_id, location, week, FAR_PAST))
        staff[name] = staff_id
    botox = run(create_service, CreateService(injectables.id, "Botox", 30, 30000, colour="#c98fb1"))
    laser = run(
        create_service,
        CreateService(
            lasers.id, "Laser hair removal", 60, 20000, buffer_before_minutes=5,
            buffer_after_minutes=10, required_room_kind="laser", required_machine_kind="laser",
        ),
    )  # fmt: skip
    run(create_room, CreateRoom(location, "Laser suite", "laser"))
    run(create_room, CreateRoom(location, "Room 1"))
    run(create_machine, CreateMachine(location, "GentleMax", "laser"))
    ada = clinic.add_client("Ada", "Lovelace", allergies="Lidocaine")
    grace = clinic.add_client("Grace", "Hopper")
    day = dt.datetime.now(ZONE).date() + dt.timedelta(days=7)
    return Schedule(clinic, staff, botox.id, laser.id, ada, grace, day)
