"""Settings: locations, idle lock, service menu, rooms and machines, the organisation."""

from __future__ import annotations

import pytest

from medspa_desktop.domain.actor import Role
from medspa_desktop.services.auth import idle_lock_minutes
from medspa_desktop.services.errors import PermissionDenied, ValidationError
from medspa_desktop.services.locations import (
    CreateLocation,
    SetIdleLock,
    UpdateLocation,
    create_location,
    list_locations,
    set_idle_lock_minutes,
    update_location,
)
from medspa_desktop.services.organisation import (
    UpdateOrganisation,
    get_organisation,
    update_organisation,
)
from medspa_desktop.services.resources import (
    CreateMachine,
    CreateRoom,
    UpdateMachine,
    UpdateRoom,
    create_machine,
    create_room,
    list_machines,
    list_rooms,
    update_machine,
    update_room,
)
from medspa_desktop.services.service_menu import (
    CreateService,
    CreateServiceCategory,
    SetQualifiedStaff,
    UpdateService,
    create_service,
    create_service_category,
    get_service_menu,
    set_qualified_staff,
    update_service,
)

from .helpers import OWNER_PASSWORD, audit_entries, last_audit, mutations


def run(clinic, service, cmd, actor):
    with clinic.store.uow() as uow:
        return service(cmd, uow=uow, actor=actor)


def test_idle_lock_defaults_to_ten_minutes_and_a_manager_changes_it(clinic):
    manager = clinic.add_staff(Role.MANAGER)
    with clinic.store.uow() as uow:
        assert idle_lock_minutes(clinic.location_id, uow=uow) == 10
    run(clinic, set_idle_lock_minutes, SetIdleLock(clinic.location_id, 3), manager)
    with clinic.store.uow() as uow:
        assert idle_lock_minutes(clinic.location_id, uow=uow) == 3
    assert clinic.log_in("olivia", OWNER_PASSWORD).idle_lock_minutes == 3
    assert mutations(clinic.store, "update_location_fields")[-1].fields == {"idle_lock_minutes": 3}


@pytest.mark.parametrize("minutes", [0, 61, -5])
def test_idle_lock_outside_one_to_sixty_minutes_is_refused(clinic, minutes):
    with pytest.raises(ValidationError) as caught:
        run(clinic, set_idle_lock_minutes, SetIdleLock(clinic.location_id, minutes), clinic.owner)
    assert set(caught.value.field_errors) == {"idle_lock_minutes"}


@pytest.mark.parametrize("role", [Role.FRONT_DESK, Role.PRACTITIONER])
def test_front_desk_and_practitioners_cannot_change_the_idle_lock(clinic, role):
    with pytest.raises(PermissionDenied):
        run(clinic, set_idle_lock_minutes, SetIdleLock(clinic.location_id, 30), clinic.actor(role))
    assert last_audit(clinic.store).outcome == "denied"


def test_location_settings_are_validated_together_and_stored_normalised(clinic):
    bad = UpdateLocation(
        clinic.location_id,
        time_zone="Eastern",
        tax_rates={"retail": 20_000},
        grid_minutes=7,
        phone="12",
        email="front desk@",
        name=" ",
    )
    with pytest.raises(ValidationError) as caught:
        run(clinic, update_location, bad, clinic.owner)
    assert set(caught.value.field_errors) == {
        "time_zone",
        "tax_rates",
        "grid_minutes",
        "phone",
        "email",
        "name",
    }
    good = UpdateLocation(
        clinic.location_id,
        time_zone="America/Chicago",
        tax_rates={"retail": 825, "service": 0},
        phone="312 555 0142",
    )
    location = run(clinic, update_location, good, clinic.owner)
    assert (location.time_zone, location.phone) == ("America/Chicago", "+13125550142")
    assert location.tax_rates == {"retail": 825, "service": 0}


def test_only_the_owner_adds_a_location(clinic):
    manager = clinic.add_staff(Role.MANAGER)
    cmd = CreateLocation("Uptown", "America/New_York", grid_minutes=10)
    with pytest.raises(PermissionDenied, match="Ask an owner"):
        run(clinic, create_location, cmd, manager)
    created = run(clinic, create_location, cmd, clinic.owner)
    with clinic.store.uow() as uow:
        names = [loc.name for loc in list_locations(uow=uow, actor=manager)]
    assert names == ["Downtown", "Uptown"] and created.grid_minutes == 10
    assert mutations(clinic.store, "create_location")[-1].fields["name"] == "Uptown"


def test_service_menu_category_and_service_with_qualified_staff(clinic):
    manager = clinic.add_staff(Role.MANAGER)
    nurse = clinic.add_staff(Role.PRACTITIONER)
    category = run(
        clinic, create_service_category, CreateServiceCategory("filler", "Fillers"), manager
    )
    service = run(
        clinic,
        create_service,
        CreateService(
            category.id,
            "Lip filler 1 ml",
            45,
            65_000,
            buffer_after_minutes=10,
            required_room_kind="treatment",
        ),
        manager,
    )
    run(clinic, set_qualified_staff, SetQualifiedStaff(service.id, (nurse.staff_id,)), manager)
    run(clinic, update_service, UpdateService(service.id, price_minor=70_000), manager)
    assert last_audit(clinic.store).detail == "changed: price_minor"
    with clinic.store.uow() as uow:
        menu = get_service_menu(uow=uow, actor=clinic.actor(Role.FRONT_DESK))
    [listed] = menu.services
    assert (listed.price_minor, listed.qualified_staff_ids) == (70_000, (nurse.staff_id,))
    assert [c.code for c in menu.categories] == ["filler"]
    assert mutations(clinic.store, "update_service_item_fields")[-1].fields == {
        "price_minor": 70_000
    }


def test_service_values_are_validated_together(clinic):
    category = run(
        clinic, create_service_category, CreateServiceCategory("peel", "Peels"), clinic.owner
    )
    bad = CreateService(
        category.id,
        "",
        0,
        -1,
        colour="red",
        buffer_before_minutes=999,
        required_machine_kind="Laser X",
    )
    with pytest.raises(ValidationError) as caught:
        run(clinic, create_service, bad, clinic.owner)
    assert set(caught.value.field_errors) == {
        "name",
        "duration_minutes",
        "price_minor",
        "colour",
        "buffer_before_minutes",
        "required_machine_kind",
    }
    with pytest.raises(ValidationError, match="exists already"):
        run(clinic, create_service_category, CreateServiceCategory("peel", "Peels 2"), clinic.owner)


def test_rooms_and_machines(clinic):
    manager = clinic.add_staff(Role.MANAGER)
    room = run(clinic, create_room, CreateRoom(clinic.location_id, "Room 1"), manager)
    laser = run(
        clinic,
        create_machine,
        CreateMachine(clinic.location_id, "GentleMax Pro", "laser", serial="GMX-1"),
        manager,
    )
    run(clinic, update_room, UpdateRoom(room.id, kind="laser"), manager)
    run(clinic, update_machine, UpdateMachine(laser.id, active=False), manager)
    desk = clinic.add_staff(Role.FRONT_DESK)
    with clinic.store.uow() as uow:
        rooms = list_rooms(clinic.location_id, uow=uow, actor=desk)
        machines = list_machines(None, uow=uow, actor=desk)
    assert [(r.name, r.kind) for r in rooms] == [("Room 1", "laser")]
    assert [(m.serial, m.active) for m in machines] == [("GMX-1", False)]
    with pytest.raises(PermissionDenied):
        run(clinic, create_room, CreateRoom(clinic.location_id, "Room 2"), desk)
    with pytest.raises(ValidationError):
        run(clinic, create_room, CreateRoom("01900000-0000-7000-8000-000000000000", "X"), manager)


def test_organisation_details_owner_only(clinic):
    manager = clinic.add_staff(Role.MANAGER)
    with pytest.raises(PermissionDenied):
        run(clinic, update_organisation, UpdateOrganisation(name="Renamed"), manager)
    run(
        clinic,
        update_organisation,
        UpdateOrganisation(name=" Lumen Med Spa ", currency="cad"),
        clinic.owner,
    )
    with clinic.store.uow() as uow:
        org = get_organisation(uow=uow, actor=manager)
    assert (org.name, org.currency) == ("Lumen Med Spa", "CAD")
    assert {e.action for e in audit_entries(clinic.store, outcome="ok")} >= {
        "settings.edit_organisation"
    }


def test_qualified_staff_are_set_exactly_and_a_removed_one_can_return(clinic):
    nurse = clinic.add_staff(Role.PRACTITIONER)
    doctor = clinic.add_staff(Role.PRACTITIONER)
    category = run(
        clinic, create_service_category, CreateServiceCategory("ipl", "IPL"), clinic.owner
    )
    service = run(
        clinic, create_service, CreateService(category.id, "IPL face", 30, 30_000), clinic.owner
    )
    both = (nurse.staff_id, doctor.staff_id)
    for staff_ids in (both, (doctor.staff_id,), both):
        cmd = SetQualifiedStaff(service.id, staff_ids)
        assert set(run(clinic, set_qualified_staff, cmd, clinic.owner).qualified_staff_ids) == set(
            staff_ids
        )
    names = [m.name for m in mutations(clinic.store) if m.entity == "service_qualified_staff"]
    assert names == [
        "create_service_qualified_staff",
        "create_service_qualified_staff",
        "update_service_qualified_staff_fields",
        "update_service_qualified_staff_fields",
    ]
    with pytest.raises(ValidationError):
        run(
            clinic,
            set_qualified_staff,
            SetQualifiedStaff(service.id, ("no-such-staff",)),
            clinic.owner,
        )
