"""A location's booking policy: who may change it, what is refused, what syncs."""

from __future__ import annotations

import pytest

from medspa_desktop.domain.actor import Role
from medspa_desktop.services.booking_policy import (
    SetBookingPolicy,
    get_booking_policy,
    set_booking_policy,
)
from medspa_desktop.services.errors import PermissionDenied, ValidationError

from .helpers import mutations


def _set(clinic, actor, **values):
    with clinic.store.uow() as uow:
        cmd = SetBookingPolicy(clinic.location_id, **values)
        return set_booking_policy(cmd, uow=uow, actor=actor)


def test_a_manager_turns_online_booking_on_with_a_policy_and_it_syncs(clinic):
    manager = clinic.actor(Role.MANAGER)
    policy = _set(
        clinic,
        manager,
        online_booking="requested",
        cancellation_policy="24 hours' notice, please.",
        no_show_fee_minor=5000,
    )
    assert (policy.online_booking, policy.no_show_fee_minor) == ("requested", 5000)
    (sent,) = [m for m in mutations(clinic.store, "update_location_fields")]
    assert sent.fields["online_booking"] == "requested"
    desk = clinic.actor(Role.FRONT_DESK)
    with clinic.store.uow() as uow:
        assert get_booking_policy(clinic.location_id, uow=uow, actor=desk) == policy


def test_the_front_desk_cannot_change_the_policy(clinic):
    with pytest.raises(PermissionDenied):
        _set(clinic, clinic.actor(Role.FRONT_DESK), online_booking="booked")


def test_bad_values_are_refused_all_at_once(clinic):
    with pytest.raises(ValidationError) as refused:
        _set(
            clinic,
            clinic.owner,
            online_booking="sometimes",
            min_notice_minutes=-5,
            no_show_fee_minor=True,
        )
    assert set(refused.value.field_errors) == {
        "online_booking",
        "min_notice_minutes",
        "no_show_fee_minor",
    }
    with pytest.raises(ValidationError) as no_text:
        _set(clinic, clinic.owner, online_booking="booked", cancellation_policy="  ")
    assert "cancellation_policy" in no_text.value.field_errors
