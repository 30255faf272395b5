"""A clinic ready to book: a laser room, a treatment room, one laser, three practitioners
working 9:00-17:00 every day, Botox (30 min) and laser hair removal (60 min, 5 min set-up
and 10 min clean-down, needs the laser room and a laser). Made through the real services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from medspa_desktop.domain.actor import Actor, Role
from medspa_desktop.services.clients import CreateClient, create_client
from medspa_desktop.services.resources import (
    CreateMachine,
    CreateRoom,
    create_machine,
    create_room,
)
from medspa_desktop.services.service_menu import (
    CreateService,
    CreateServiceCategory,
    create_service,
    create_service_category,
)
from medspa_desktop.services.staff import UpdateStaff, update_staff
from medspa_desktop.services.working_hours import SetWorkingHours, set_working_hours

ZONE = ZoneInfo("America/New_York")
FAR_PAST = dt.date(2020, 1, 6)


@dataclass
class Booked:
    """Ids of what ``set_up_schedule`` made."""

    clinic: object
    desk: Actor
    manager: Actor
    lee: Actor
    kim: Actor
    ray: Actor
    botox: str
    laser: str
    laser_room: str
    treatment_room: str
    laser_machine: str
    client: str
    other_client: str
    day: dt.date

    def at(self, hour: int, minute: int = 0, *, days: int = 0) -> dt.datetime:
        """That local time on the test day (a week ahead), as an aware datetime."""
        local = dt.datetime.combine(self.day + dt.timedelta(days=days), dt.time(hour, minute))
        return local.replace(tzinfo=ZONE)


def set_up_schedule(clinic) -> Booked:
    owner, store, location = clinic.owner, clinic.store, clinic.location_id
    with store.uow() as uow:
        injectables = create_service_category(
            CreateServiceCategory("neuromodulator", "Injectables"), uow=uow, actor=owner
        ).id
    with store.uow() as uow:
        lasers = create_service_category(
            CreateServiceCategory("laser_hair_removal", "Laser"), uow=uow, actor=owner
        ).id
    people = {}
    qualified = {
        "lee": ("neuromodulator",),
        "kim": ("neuromodulator", "laser_hair_removal"),
        "ray": ("laser_hair_removal",),
    }
    for name, quals in qualified.items():
        actor = clinic.add_staff(Role.PRACTITIONER, username=name)
        with store.uow() as uow:
            update_staff(UpdateStaff(actor.staff_id, qualifications=quals), uow=uow, actor=owner)
        with store.uow() as uow:
            week = tuple((weekday, 9 * 60, 17 * 60) for weekday in range(7))
            set_working_hours(
                SetWorkingHours(actor.staff_id, location, week, FAR_PAST), uow=uow, actor=owner
            )
        people[name] = actor
    with store.uow() as uow:
        botox = create_service(
            CreateService(injectables, "Botox", 30, 30000, colour="#c98fb1"), uow=uow, actor=owner
        ).id
    with store.uow() as uow:
        laser = create_service(
            CreateService(
                lasers,
                "Laser hair removal",
                60,
                20000,
                buffer_before_minutes=5,
                buffer_after_minutes=10,
                required_room_kind="laser",
                required_machine_kind="laser",
            ),
            uow=uow,
            actor=owner,
        ).id
    with store.uow() as uow:
        laser_room = create_room(
            CreateRoom(location, "Laser suite", "laser"), uow=uow, actor=owner
        ).id
    with store.uow() as uow:
        treatment_room = create_room(CreateRoom(location, "Room 1"), uow=uow, actor=owner).id
    with store.uow() as uow:
        machine = create_machine(
            CreateMachine(location, "GentleMax", "laser"), uow=uow, actor=owner
        ).id
    with store.uow() as uow:
        client = create_client(
            CreateClient("Ada", "Lovelace", allergies="Lidocaine"), uow=uow, actor=owner
        ).id
    with store.uow() as uow:
        other = create_client(CreateClient("Grace", "Hopper"), uow=uow, actor=owner).id
    day = dt.datetime.now(ZONE).date() + dt.timedelta(days=7)
    return Booked(
        clinic,
        clinic.add_staff(Role.FRONT_DESK),
        clinic.add_staff(Role.MANAGER),
        people["lee"],
        people["kim"],
        people["ray"],
        botox,
        laser,
        laser_room,
        treatment_room,
        machine,
        client,
        other,
        day,
    )
