"""Demo mode only: which made-up staff to log in as, shown on the log-in screen."""

from __future__ import annotations

from dataclasses import dataclass

from medspa_desktop.domain.actor import Role
from medspa_desktop.services.demo import data
from medspa_desktop.services.demo_clinic import DemoSummary

_ROLE_ORDER = (Role.FRONT_DESK, Role.PRACTITIONER, Role.MANAGER, Role.OWNER)


@dataclass(frozen=True)
class DemoPerson:
    username: str
    display_name: str
    role: Role
    pin: str
    """``""`` when not known (a demo clinic built by an earlier run)."""


@dataclass(frozen=True)
class DemoHints:
    password: str
    """Every demo account's password."""
    people: tuple[DemoPerson, ...]
    """One per role, front desk first."""


def demo_hints(summary: DemoSummary | None) -> DemoHints:
    """One log-in per role. With the summary of a clinic just built, PINs are known too."""
    if summary is not None:
        first: dict[str, DemoPerson] = {}
        for x in summary.logins:
            first.setdefault(x.role, DemoPerson(x.username, x.display_name, Role(x.role), x.pin))
        return DemoHints(summary.password, _in_role_order(first))
    # A demo clinic built earlier: the usernames and shared password are fixed demo content;
    # its PINs were drawn at random and are not stored anywhere in clear.
    specs: dict[str, DemoPerson] = {}
    for spec in data.STAFF:
        person = DemoPerson(spec.first.lower(), f"{spec.first} {spec.last}", Role(spec.role), "")
        specs.setdefault(spec.role, person)
    return DemoHints(data.DEMO_PASSWORD, _in_role_order(specs))


def demo_manager(summary: DemoSummary | None) -> tuple[str, str]:
    """Username and password of a demo manager, for logging in without typing."""
    hints = demo_hints(summary)
    manager = next(p for p in hints.people if p.role is Role.MANAGER)
    return manager.username, hints.password


def _in_role_order(by_role: dict[str, DemoPerson]) -> tuple[DemoPerson, ...]:
    return tuple(by_role[r.value] for r in _ROLE_ORDER if r.value in by_role)
