"""Messages shown to clinic staff when the server refuses a request: each says what happened
and what to do."""

from __future__ import annotations

UPGRADE_REQUIRED = (
    "This version of MedSpa Desktop is too old for the server. Install the update; your "
    "changes stay on this computer and sync after the update."
)
SERVER_TOO_OLD = (
    "The clinic server runs an older version than this computer. Ask whoever looks after the "
    "server to update it; your changes stay on this computer and sync after the update."
)
UNAUTHENTICATED = (
    "This computer is not enrolled with the clinic server (or its access key is not "
    "recognised). Nothing on it was deleted: ask a manager for an enrolment code and enrol it."
)
REVOKED = (
    "This computer's access to the clinic server was withdrawn. Nothing on it was deleted: "
    "ask a manager to enrol it again to sync its changes."
)


def clock_ahead(minutes: int) -> str:
    unit = "minute" if minutes == 1 else "minutes"
    return (
        f"This computer's clock is {minutes} {unit} ahead of the server. Correct the date, time "
        "and time zone in the system settings, then sync again; nothing was lost."
    )


def changes_ahead(minutes: int) -> str:
    unit = "minute" if minutes == 1 else "minutes"
    return (
        f"Some changes on this computer are stamped {minutes} {unit} ahead of the server's "
        "clock (its clock was fast when they were made). Check the date, time and time zone "
        "in the system settings. The changes are kept here and sync once the server's time "
        f"has caught up, within {minutes} {unit}."
    )
