"""Log-in by password and PIN, the same answer for unknown users, throttling, re-hashing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from argon2 import Type
from argon2.profiles import Parameters
from sqlalchemy import text

from medspa_desktop.domain.actor import Role
from medspa_desktop.services import credentials
from medspa_desktop.services.auth import (
    LogIn,
    SwitchWithPin,
    confirm_staff_pin,
    lock,
    log_in,
    log_out,
    quick_switch_choices,
    switch_with_pin,
)
from medspa_desktop.services.errors import LoginFailed, LoginThrottled
from medspa_desktop.store.models import Staff

from .helpers import OWNER_PASSWORD, STAFF_PASSWORD, audit_entries, mutations

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def attempt(clinic, username, password):
    with clinic.store.uow() as uow:
        return log_in(LogIn(username, password), uow=uow)


def pin(clinic, staff_id, typed):
    with clinic.store.uow() as uow:
        return switch_with_pin(SwitchWithPin(staff_id, typed), uow=uow)


def failure(call) -> LoginFailed:
    with pytest.raises(LoginFailed) as caught:
        call()
    return caught.value


def test_password_log_in_gives_a_session_with_role_location_and_idle_lock(clinic):
    session = attempt(clinic, "  OLIVIA ", OWNER_PASSWORD)
    assert session.actor.staff_id == clinic.owner.staff_id
    assert session.actor.location_id == clinic.location_id
    assert session.idle_lock_minutes == 10
    entry = audit_entries(clinic.store, action="auth.login")[-1]
    assert (entry.staff_id, entry.outcome, entry.detail) == (
        clinic.owner.staff_id,
        "ok",
        "password",
    )


def test_unknown_user_and_wrong_password_get_exactly_the_same_answer(clinic):
    unknown = failure(lambda: attempt(clinic, "nobody", OWNER_PASSWORD))
    wrong = failure(lambda: attempt(clinic, "olivia", "not the password"))
    assert type(unknown) is type(wrong)
    assert str(unknown) == str(wrong) == unknown.message
    assert "username or password" in unknown.message
    failed = audit_entries(clinic.store, action="auth.login_failed")
    assert [(e.outcome, e.entity_id) for e in failed] == [
        ("failed", ""),
        ("failed", clinic.owner.staff_id),
    ]


def test_nothing_typed_as_a_secret_is_stored_anywhere(clinic):
    failure(lambda: attempt(clinic, "olivia", "typo-secret-123"))
    attempt(clinic, "olivia", OWNER_PASSWORD)
    with clinic.store.engine.connect() as conn:
        tables = [
            r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        ]
        dump = " ".join(
            str(row) for table in tables for row in conn.execute(text(f'SELECT * FROM "{table}"'))
        )
    assert "typo-secret-123" not in dump and OWNER_PASSWORD not in dump


def test_five_failures_pause_the_account_even_for_the_right_password(clinic):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            failure(lambda: attempt(clinic, "olivia", "wrong wrong wrong"))
        with pytest.raises(LoginThrottled) as caught:
            attempt(clinic, "olivia", OWNER_PASSWORD)
        assert caught.value.retry_after_seconds == 60
        assert "Try again in 1 minute" in caught.value.message
        traveller.shift(dt.timedelta(seconds=61))
        assert attempt(clinic, "olivia", OWNER_PASSWORD).actor.role is Role.OWNER
    assert audit_entries(clinic.store, action="auth.login_throttled")[0].outcome == "denied"


def test_the_pause_grows_with_each_further_failure_and_success_resets_it(clinic):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            failure(lambda: attempt(clinic, "olivia", "wrong wrong wrong"))
        traveller.shift(dt.timedelta(minutes=2))
        failure(lambda: attempt(clinic, "olivia", "wrong again"))
        with pytest.raises(LoginThrottled) as caught:
            attempt(clinic, "olivia", OWNER_PASSWORD)
        assert caught.value.retry_after_seconds == 120
        traveller.shift(dt.timedelta(minutes=2, seconds=1))
        attempt(clinic, "olivia", OWNER_PASSWORD)
        for _ in range(4):
            failure(lambda: attempt(clinic, "olivia", "wrong wrong wrong"))
        attempt(clinic, "olivia", OWNER_PASSWORD)


def test_unknown_usernames_are_throttled_the_same_way(clinic):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            failure(lambda: attempt(clinic, "ghost", "whatever it is"))
        with pytest.raises(LoginThrottled) as unknown:
            attempt(clinic, "ghost", "whatever it is")
        for _ in range(5):
            failure(lambda: attempt(clinic, "olivia", "whatever it is"))
        with pytest.raises(LoginThrottled) as known:
            attempt(clinic, "olivia", "whatever it is")
    assert unknown.value.message == known.value.message


def test_throttling_is_per_account(clinic):
    clinic.add_staff(Role.MANAGER, username="marcus")
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            failure(lambda: attempt(clinic, "olivia", "wrong wrong wrong"))
        assert attempt(clinic, "marcus", STAFF_PASSWORD).actor.role is Role.MANAGER


def test_pin_quick_switch(clinic):
    desk = clinic.add_staff(Role.FRONT_DESK, pin="1357")
    clinic.add_staff(Role.PRACTITIONER)  # no PIN: not offered for quick switch
    with clinic.store.uow() as uow:
        choices = quick_switch_choices(uow=uow)
    assert {c.staff_id for c in choices} == {clinic.owner.staff_id, desk.staff_id}
    session = pin(clinic, desk.staff_id, "1357")
    assert (session.actor.staff_id, session.method) == (desk.staff_id, "pin")
    wrong = failure(lambda: pin(clinic, desk.staff_id, "1358"))
    unknown = failure(lambda: pin(clinic, "01900000-0000-7000-8000-000000000000", "1357"))
    assert wrong.message == unknown.message


def test_pin_failures_are_throttled_too(clinic):
    desk = clinic.add_staff(Role.FRONT_DESK, pin="1357")
    with time_machine.travel(START, tick=False):
        for guess in ("0000", "1111", "2222", "3333", "4444"):
            failure(lambda guess=guess: pin(clinic, desk.staff_id, guess))
        with pytest.raises(LoginThrottled):
            pin(clinic, desk.staff_id, "1357")


def test_staff_without_a_pin_cannot_switch_in_with_any_pin(clinic):
    nurse = clinic.add_staff(Role.PRACTITIONER)
    failure(lambda: pin(clinic, nurse.staff_id, "0000"))


def test_outdated_hash_is_replaced_at_log_in_and_the_new_hash_syncs(clinic):
    stronger = Parameters(
        type=Type.ID,
        version=19,
        salt_len=16,
        hash_len=32,
        time_cost=2,
        memory_cost=128,
        parallelism=1,
    )
    with clinic.store.uow() as uow:
        old_hash = uow.session.get(Staff, clinic.owner.staff_id).password_hash
    with credentials.hashing_parameters(stronger):
        attempt(clinic, "olivia", OWNER_PASSWORD)
        with clinic.store.uow() as uow:
            new_hash = uow.session.get(Staff, clinic.owner.staff_id).password_hash
        assert new_hash != old_hash and ",t=2,p=1$" in new_hash
        assert credentials.verify_password(new_hash, OWNER_PASSWORD) == credentials.Verification(
            True, False
        )
        attempt(clinic, "olivia", OWNER_PASSWORD)
    [synced] = mutations(clinic.store, "set_staff_password_hash")
    assert synced.fields == {"password_hash": new_hash}
    assert [e.detail for e in audit_entries(clinic.store, action="auth.credential_rehashed")] == [
        "password"
    ]


def test_log_out_and_lock_are_audited(clinic):
    session = attempt(clinic, "olivia", OWNER_PASSWORD)
    with clinic.store.uow() as uow:
        lock(session, uow=uow)
    with clinic.store.uow() as uow:
        log_out(session, uow=uow)
    actions = [e.action for e in audit_entries(clinic.store, staff_id=clinic.owner.staff_id)]
    assert actions[-2:] == ["auth.lock", "auth.logout"]


def test_a_staff_pin_ends_kiosk_mode_without_logging_anyone_in_and_wrong_pins_count(clinic):
    desk = clinic.add_staff(Role.FRONT_DESK, pin="1357")

    def confirm(typed):
        with clinic.store.uow() as uow:
            return confirm_staff_pin(SwitchWithPin(desk.staff_id, typed), uow=uow)

    with time_machine.travel(START, tick=False):
        before = len(audit_entries(clinic.store))
        assert confirm("1357") == desk.display_name
        assert len(audit_entries(clinic.store)) == before  # no session started, none ended
        wrong = failure(lambda: confirm("1358"))
        assert wrong.message == failure(lambda: pin(clinic, desk.staff_id, "1358")).message
        for guess in ("0000", "1111", "2222"):  # five wrong PINs in all, either way
            failure(lambda guess=guess: confirm(guess))
        with pytest.raises(LoginThrottled):
            confirm("1357")
