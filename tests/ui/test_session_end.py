"""A session a manager ends while its member of staff is logged in locks the screen."""

from __future__ import annotations

from medspa_desktop.domain.actor import Role
from medspa_desktop.services import staff, staff_credentials
from medspa_desktop.ui.session_guard import ACCOUNT_CHANGED, CHECK_INTERVAL_MS

from .conftest import enter, wait_idle


def as_owner(clinic, change) -> None:
    """Run a staff service as the clinic's owner, as a manager on another computer would."""
    with clinic.store.uow() as uow:
        change(uow, clinic.owner_session.actor)


def assert_locked_because_account_changed(window) -> None:
    assert window.locked
    assert window.pages.currentWidget() is window.login
    assert not window.work_holder.isVisible()
    assert window.windowTitle() == "MedSpa Desktop — Locked"
    assert window.login.reason == ACCOUNT_CHANGED
    assert window.login.notice.isVisible()
    assert not window.guard.active


def test_disabling_a_logged_in_practitioner_locks_their_screen_with_the_reason(
    qtbot, window, clinic
):
    sofia = clinic.add_staff("sofia", Role.PRACTITIONER)
    enter(qtbot, window, clinic.log_in("sofia"))
    assert window.guard.active and window.guard.interval_ms == CHECK_INTERVAL_MS

    as_owner(
        clinic,
        lambda uow, owner: staff.disable_staff(staff.DisableStaff(sofia), uow=uow, actor=owner),
    )
    window.guard.start(interval_ms=20)  # the minute, shortened for the test
    qtbot.waitUntil(lambda: window.locked, timeout=5_000)
    wait_idle(qtbot)

    assert_locked_because_account_changed(window)


def test_moving_to_another_section_after_a_role_change_locks_instead(qtbot, window, clinic):
    marcus = clinic.add_staff("marcus", Role.MANAGER)
    enter(qtbot, window, clinic.log_in("marcus"))
    shown_before = window.work.current_key()

    as_owner(
        clinic,
        lambda uow, owner: staff.change_role(
            staff.ChangeRole(marcus, Role.FRONT_DESK), uow=uow, actor=owner
        ),
    )
    window.show_section("settings")
    wait_idle(qtbot)

    assert_locked_because_account_changed(window)
    assert window.work.current_key() == shown_before


def test_a_password_reset_ends_the_session_at_the_next_check(qtbot, window, clinic):
    sofia = clinic.add_staff("sofia", Role.PRACTITIONER)
    enter(qtbot, window, clinic.log_in("sofia"))

    reset = staff_credentials.ResetPassword(sofia, "copper valley lanterns")
    as_owner(
        clinic, lambda uow, owner: staff_credentials.reset_password(reset, uow=uow, actor=owner)
    )
    window.guard.check()
    wait_idle(qtbot)

    assert_locked_because_account_changed(window)


def test_a_session_that_still_holds_moves_between_sections(qtbot, window, clinic):
    enter(qtbot, window, clinic.owner_session)

    window.show_section("settings")
    wait_idle(qtbot)
    window.guard.check()
    wait_idle(qtbot)

    assert not window.locked
    assert window.work.current_key() == "settings"
    assert window.nav.buttons["settings"].isChecked()


def test_an_ordinary_lock_gives_no_reason_and_stops_the_checks(qtbot, window, clinic):
    enter(qtbot, window, clinic.owner_session)

    window.lock()
    wait_idle(qtbot)

    assert window.locked
    assert window.login.reason == ""
    assert not window.guard.active
