"""What can go wrong in a sync; ``str(err)`` says what happened and what to do.

``Offline`` and ``ServerError`` are temporary (nothing was lost; sync tries again later). The
others carry the server's ``ErrorBody`` message (``UpgradeRequired``, ``ClockSkew``,
``Revoked``, ``Gap`` ...) or a local problem (``ApplyError``, ``NotEnrolled``).
"""

from __future__ import annotations

from medspa_desktop.sync import protocol as p


class SyncError(Exception):
    """A sync request failed; ``str(err)`` says what happened and what to do."""

    temporary = False
    """True when trying again later may succeed without anyone doing anything."""

    def __init__(self, message: str, *, last_applied: int | None = None) -> None:
        super().__init__(message)
        self.last_applied = last_applied
        """With ``Gap``: the highest of this device's mutation numbers the server holds."""


class Offline(SyncError):
    temporary = True


class ServerError(SyncError):
    temporary = True


class UpgradeRequired(SyncError):
    pass


class ClockSkew(SyncError):
    pass


class Unauthenticated(SyncError):
    pass


class Revoked(SyncError):
    pass


class Forbidden(SyncError):
    pass


class Gap(SyncError):
    pass


class Invalid(SyncError):
    pass


class NotFound(SyncError):
    pass


class EnrolmentCodeRefused(SyncError):
    pass


ERRORS: dict[p.ErrorCode, type[SyncError]] = {
    p.ErrorCode.UPGRADE_REQUIRED: UpgradeRequired,
    p.ErrorCode.CLOCK_SKEW: ClockSkew,
    p.ErrorCode.UNAUTHENTICATED: Unauthenticated,
    p.ErrorCode.REVOKED: Revoked,
    p.ErrorCode.FORBIDDEN: Forbidden,
    p.ErrorCode.GAP: Gap,
    p.ErrorCode.INVALID: Invalid,
    p.ErrorCode.NOT_FOUND: NotFound,
    p.ErrorCode.ENROLMENT_CODE: EnrolmentCodeRefused,
    p.ErrorCode.UNAVAILABLE: ServerError,
}


class ApplyError(SyncError):
    """A pulled page could not be stored here; nothing of it was kept."""


class NotEnrolled(SyncError):
    pass


class EnrolmentRefused(SyncError):
    pass
