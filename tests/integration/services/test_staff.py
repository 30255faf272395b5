"""Staff accounts: owner-only promotions, the last owner, disabling, roles, credentials."""

from __future__ import annotations

import pytest

from medspa_desktop.domain.actor import Role
from medspa_desktop.services.auth import session_still_valid
from medspa_desktop.services.errors import (
    LoginFailed,
    PermissionDenied,
    RuleViolation,
    ValidationError,
)
from medspa_desktop.services.locations import CreateLocation, create_location
from medspa_desktop.services.staff import (
    ChangeRole,
    CreateStaff,
    DisableStaff,
    EnableStaff,
    SetStaffLocations,
    UpdateStaff,
    change_role,
    create_staff,
    disable_staff,
    enable_staff,
    list_staff,
    set_staff_locations,
    update_staff,
)
from medspa_desktop.services.staff_credentials import (
    ChangeOwnPassword,
    ResetPassword,
    SetPin,
    change_own_password,
    reset_password,
    set_pin,
)

from .helpers import OWNER_PASSWORD, STAFF_PASSWORD, audit_entries, last_audit, mutations


def run(clinic, service, cmd, actor):
    with clinic.store.uow() as uow:
        return service(cmd, uow=uow, actor=actor)


def new_staff(username, role=Role.FRONT_DESK, password=STAFF_PASSWORD, **extra):
    return CreateStaff(username, f"Name of {username}", role, password, **extra)


def still_valid(clinic, session) -> bool:
    with clinic.store.uow() as uow:
        return session_still_valid(session, uow=uow)


def test_manager_adds_front_desk_staff_who_can_then_log_in(clinic):
    manager = clinic.add_staff(Role.MANAGER)
    created = run(clinic, create_staff, new_staff("Emma.Walsh", email="EMMA@Example.COM"), manager)
    assert (created.username, created.role, created.email) == (
        "emma.walsh",
        Role.FRONT_DESK,
        "EMMA@example.com",
    )
    assert clinic.log_in("emma.walsh", STAFF_PASSWORD).actor.role is Role.FRONT_DESK
    [mutation] = mutations(clinic.store, "create_staff")[-1:]
    assert mutation.fields["username"] == "emma.walsh" and "password" not in mutation.fields


def test_username_must_be_unique_and_password_follow_the_policy(clinic):
    run(clinic, create_staff, new_staff("emma"), clinic.owner)
    with pytest.raises(ValidationError) as caught:
        run(clinic, create_staff, new_staff("EMMA", password="emma"), clinic.owner)
    assert set(caught.value.field_errors) == {"username", "password"}
    with pytest.raises(ValidationError) as common:
        run(clinic, create_staff, new_staff("ava", password="iloveyou"), clinic.owner)
    assert "commonly used" in common.value.field_errors["password"]


def test_only_an_owner_can_create_an_owner(clinic):
    manager = clinic.add_staff(Role.MANAGER)
    with pytest.raises(PermissionDenied, match="Ask an owner"):
        run(clinic, create_staff, new_staff("boss", Role.OWNER), manager)
    refusal = last_audit(clinic.store)
    assert (refusal.action, refusal.outcome, refusal.staff_id) == (
        "staff.create",
        "denied",
        manager.staff_id,
    )
    assert (
        run(clinic, create_staff, new_staff("partner", Role.OWNER), clinic.owner).role is Role.OWNER
    )


def test_manager_cannot_promote_anyone_to_owner_or_touch_an_owner(clinic):
    manager = clinic.add_staff(Role.MANAGER)
    desk = clinic.add_staff(Role.FRONT_DESK)
    owner_id = clinic.owner.staff_id
    refused = [
        (change_role, ChangeRole(desk.staff_id, Role.OWNER)),
        (change_role, ChangeRole(manager.staff_id, Role.OWNER)),
        (change_role, ChangeRole(owner_id, Role.FRONT_DESK)),
        (disable_staff, DisableStaff(owner_id)),
        (update_staff, UpdateStaff(owner_id, display_name="Not the owner")),
        (reset_password, ResetPassword(owner_id, "manager picked this")),
        (set_pin, SetPin(owner_id, "1111")),
    ]
    for service, cmd in refused:
        with pytest.raises(PermissionDenied):
            run(clinic, service, cmd, manager)
    assert len(audit_entries(clinic.store, outcome="denied", staff_id=manager.staff_id)) == 7
    assert clinic.log_in("olivia", OWNER_PASSWORD).actor.role is Role.OWNER


def test_the_last_active_owner_can_be_neither_disabled_nor_demoted(clinic):
    with pytest.raises(RuleViolation, match="only active owner"):
        run(clinic, change_role, ChangeRole(clinic.owner.staff_id, Role.MANAGER), clinic.owner)
    assert last_audit(clinic.store).outcome == "denied"
    second = run(clinic, create_staff, new_staff("partner", Role.OWNER), clinic.owner)
    partner = clinic.log_in("partner", STAFF_PASSWORD).actor
    run(clinic, change_role, ChangeRole(clinic.owner.staff_id, Role.MANAGER), partner)
    with pytest.raises(RuleViolation):
        run(clinic, change_role, ChangeRole(second.id, Role.MANAGER), partner)


def test_nobody_disables_themselves(clinic):
    manager = clinic.add_staff(Role.MANAGER)
    with pytest.raises(RuleViolation, match="your own account"):
        run(clinic, disable_staff, DisableStaff(manager.staff_id), manager)


def test_disabling_ends_sessions_and_blocks_log_in_until_enabled(clinic):
    desk = clinic.add_staff(Role.FRONT_DESK, username="emma")
    session = clinic.log_in("emma", STAFF_PASSWORD)
    assert still_valid(clinic, session)
    summary = run(clinic, disable_staff, DisableStaff(desk.staff_id), clinic.owner)
    assert not summary.active and not still_valid(clinic, session)
    with pytest.raises(LoginFailed, match="disabled"):
        clinic.log_in("emma", STAFF_PASSWORD)
    assert mutations(clinic.store, "disable_staff")[-1].fields["active"] is False
    run(clinic, enable_staff, EnableStaff(desk.staff_id), clinic.owner)
    assert still_valid(clinic, clinic.log_in("emma", STAFF_PASSWORD))
    assert not still_valid(clinic, session)


def test_role_change_is_audited_and_ends_the_old_session(clinic):
    desk = clinic.add_staff(Role.FRONT_DESK, username="emma")
    session = clinic.log_in("emma", STAFF_PASSWORD)
    run(clinic, change_role, ChangeRole(desk.staff_id, Role.PRACTITIONER), clinic.owner)
    entry = last_audit(clinic.store)
    assert (entry.action, entry.entity_id, entry.detail) == (
        "staff.change_role",
        desk.staff_id,
        "front_desk -> practitioner",
    )
    assert not still_valid(clinic, session)
    assert clinic.log_in("emma", STAFF_PASSWORD).actor.role is Role.PRACTITIONER
    assert mutations(clinic.store, "change_staff_role")[-1].fields["role"] == "practitioner"


def test_password_reset_ends_sessions_and_the_new_password_works(clinic):
    desk = clinic.add_staff(Role.FRONT_DESK, username="emma")
    session = clinic.log_in("emma", STAFF_PASSWORD)
    with pytest.raises(ValidationError):
        run(clinic, reset_password, ResetPassword(desk.staff_id, "password1"), clinic.owner)
    run(clinic, reset_password, ResetPassword(desk.staff_id, "copper kettle sunrise"), clinic.owner)
    assert not still_valid(clinic, session)
    assert clinic.log_in("emma", "copper kettle sunrise")
    assert "copper kettle sunrise" not in str([e.detail for e in audit_entries(clinic.store)])


def test_staff_change_their_own_password_only_with_the_current_one(clinic):
    desk = clinic.add_staff(Role.FRONT_DESK, username="emma")
    with pytest.raises(ValidationError) as caught:
        run(clinic, change_own_password, ChangeOwnPassword("guess", "copper kettle"), desk)
    assert set(caught.value.field_errors) == {"current_password"}
    run(clinic, change_own_password, ChangeOwnPassword(STAFF_PASSWORD, "copper kettle"), desk)
    with pytest.raises(LoginFailed):
        clinic.log_in("emma", STAFF_PASSWORD)
    clinic.log_in("emma", "copper kettle")


def test_set_and_remove_a_pin(clinic):
    desk = clinic.add_staff(Role.FRONT_DESK)
    assert run(clinic, set_pin, SetPin(desk.staff_id, "9876"), clinic.owner).has_pin
    with pytest.raises(ValidationError):
        run(clinic, set_pin, SetPin(desk.staff_id, "98"), clinic.owner)
    assert not run(clinic, set_pin, SetPin(desk.staff_id, ""), clinic.owner).has_pin


def test_update_queues_only_the_changed_fields(clinic):
    desk = clinic.add_staff(Role.PRACTITIONER)
    cmd = UpdateStaff(desk.staff_id, title=" RN ", qualifications=("filler", " filler", "laser"))
    summary = run(clinic, update_staff, cmd, clinic.owner)
    assert (summary.title, summary.qualifications) == ("RN", ("filler", "laser"))
    assert mutations(clinic.store, "update_staff_fields")[-1].fields == {
        "qualifications": ["filler", "laser"],
        "title": "RN",
    }
    before = len(mutations(clinic.store))
    run(clinic, update_staff, cmd, clinic.owner)
    assert len(mutations(clinic.store)) == before


def test_staff_locations_are_set_exactly_and_can_be_restored(clinic):
    second = run(
        clinic, create_location, CreateLocation("Uptown", "America/New_York"), clinic.owner
    )
    desk = clinic.add_staff(Role.FRONT_DESK)
    both = (clinic.location_id, second.id)
    summary = run(clinic, set_staff_locations, SetStaffLocations(desk.staff_id, both), clinic.owner)
    assert set(summary.location_ids) == set(both)
    only = SetStaffLocations(desk.staff_id, (second.id,))
    assert run(clinic, set_staff_locations, only, clinic.owner).location_ids == (second.id,)
    again = run(clinic, set_staff_locations, SetStaffLocations(desk.staff_id, both), clinic.owner)
    assert set(again.location_ids) == set(both)
    names = [m.name for m in mutations(clinic.store) if m.entity == "staff_location"]
    assert names[-3:] == [
        "create_staff_location",
        "delete_staff_location",
        "restore_staff_location",
    ]


def test_list_staff_for_managers_includes_disabled_accounts(clinic):
    desk = clinic.add_staff(Role.FRONT_DESK)
    run(clinic, disable_staff, DisableStaff(desk.staff_id), clinic.owner)
    with clinic.store.uow() as uow:
        listed = {s.id: s.active for s in list_staff(uow=uow, actor=clinic.owner)}
    assert listed == {clinic.owner.staff_id: True, desk.staff_id: False}
