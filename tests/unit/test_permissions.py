"""The permission matrix: complete, deny by default, clinical content kept from front desk."""

from __future__ import annotations

from pathlib import Path

import pytest

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Role
from medspa_desktop.domain.permissions import (
    DESCRIPTIONS,
    PERMISSIONS,
    is_allowed,
    refusal_message,
)
from medspa_desktop.domain.permissions_doc import permissions_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"

CLINICAL_CONTENT = {
    Action.CLIENT_VIEW_MEDICAL,
    Action.CHART_VIEW,
    Action.CHART_WRITE,
    Action.CHART_SIGN,
    Action.CHART_ADDENDUM,
    Action.PHOTO_VIEW,
    Action.PHOTO_CAPTURE,
    Action.PHOTO_EXPORT,
    Action.CONSENT_VIEW,
    Action.INTAKE_VIEW,
    Action.INTAKE_REVIEW,
    Action.LOT_RECALL,
    Action.REPORT_CLINICAL,
}
OWNER_ONLY = {
    Action.STAFF_MANAGE_OWNERS,
    Action.CLIENT_ERASE,
    Action.BACKUP_RESTORE,
    Action.CLINIC_DATA_EXPORT,
    Action.ORGANISATION_EDIT,
    Action.PAYMENT_SETTINGS_MANAGE,
    Action.LOCATION_CREATE,
}


def test_every_action_has_a_rule_and_a_description():
    assert set(PERMISSIONS) == set(Action)
    assert set(DESCRIPTIONS) == set(Action)
    assert all(PERMISSIONS[action] for action in Action), "an action nobody may do is dead"


def test_anything_not_in_the_matrix_is_refused():
    assert not is_allowed(Role.OWNER, "reports.make_coffee")  # type: ignore[arg-type]


@pytest.mark.parametrize("action", sorted(CLINICAL_CONTENT))
def test_front_desk_never_gets_clinical_content(action):
    assert not is_allowed(Role.FRONT_DESK, action)


def test_owner_only_actions_are_exactly_these():
    only_owner = {a for a, roles in PERMISSIONS.items() if roles == frozenset({Role.OWNER})}
    assert only_owner == OWNER_ONLY


def test_the_owner_may_do_everything_and_a_manager_nothing_an_owner_may_not():
    for action in Action:
        assert is_allowed(Role.OWNER, action), action
        if is_allowed(Role.MANAGER, action):
            assert is_allowed(Role.OWNER, action)


def test_the_matrix_cannot_be_changed_at_run_time():
    with pytest.raises(TypeError):
        PERMISSIONS[Action.CHART_VIEW] = frozenset(Role)  # type: ignore[index]


def test_refusal_says_what_was_refused_and_whom_to_ask():
    assert refusal_message(Role.FRONT_DESK, Action.CHART_VIEW) == (
        "Front desk staff can't view clinical notes. Ask a practitioner, manager or owner."
    )
    assert refusal_message(Role.MANAGER, Action.STAFF_MANAGE_OWNERS).endswith("Ask an owner.")


def test_committed_permissions_doc_matches_the_matrix():
    assert DOC.read_text(encoding="utf-8") == permissions_markdown(), (
        "docs/permissions.md is stale: run "
        "'python -m medspa_desktop.domain.permissions_doc > docs/permissions.md'"
    )


def test_permissions_doc_has_a_row_per_action_with_the_roles_allowed():
    doc = permissions_markdown()
    assert "| `chart.view` | view clinical notes | - | yes | yes | yes |" in doc
    assert all(f"`{action.value}`" in doc for action in Action)
