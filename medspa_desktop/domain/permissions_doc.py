"""Render the permission matrix as Markdown for ``docs/permissions.md``.

Regenerate the committed file after changing the matrix::

    python -m medspa_desktop.domain.permissions_doc > docs/permissions.md

A unit test fails while the committed file and the matrix disagree.
"""

from __future__ import annotations

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Role
from medspa_desktop.domain.permissions import DESCRIPTIONS, is_allowed

_HEADER = """\
# Permissions

Generated from `medspa_desktop/domain/permissions.py` by
`python -m medspa_desktop.domain.permissions_doc > docs/permissions.md`; do not edit by hand.

Every service checks this matrix before it does anything; anything not listed is refused.
A refusal is recorded in the audit log. "yes" means the role may do the action.

Beyond the matrix: a client's allergies and medical flags are shown to every role, because
the front desk books treatments and must see them; medications and medical history need
`client.view_medical`. Only an owner may change an owner's account, and the last active
owner can be neither disabled nor demoted.
"""


def permissions_markdown() -> str:
    """The whole matrix as Markdown tables, one per area, one row per action."""
    areas: dict[str, list[Action]] = {}
    for action in Action:
        areas.setdefault(action.value.split(".", 1)[0], []).append(action)
    lines = [_HEADER]
    for area, actions in areas.items():
        lines += [f"## {area.replace('_', ' ').capitalize()}", "", _table_head()]
        lines += [_row(action) for action in actions]
        lines.append("")
    return "\n".join(lines)


def _table_head() -> str:
    labels = " | ".join(role.label for role in Role)
    return f"| Action | What it allows | {labels} |\n|---|---|" + "---|" * len(Role)


def _row(action: Action) -> str:
    cells = " | ".join("yes" if is_allowed(role, action) else "-" for role in Role)
    return f"| `{action.value}` | {DESCRIPTIONS[action]} | {cells} |"


if __name__ == "__main__":
    print(permissions_markdown(), end="")
