"""Errors a service raises; each message is fit to show to staff as it is.

Public API:

- ``ServiceError(message)``: base class; ``str(err)`` and ``err.message`` say what happened
  and what to do.
- ``PermissionDenied(message, *, action, role)``: the role may not do this (already audited).
- ``NotFound(message)``: the record does not exist (or was deleted).
- ``ValidationError(field_errors, message=...)``: every problem with the input at once,
  ``field_errors`` maps a command field name to its message.
- ``RuleViolation(message)``: a clinic rule forbids it (for example disabling the last owner).
- ``LoginFailed(message)``: the log-in was refused; the same text for an unknown user and a
  wrong password.
- ``LoginThrottled(message, *, retry_after_seconds)``: too many failures; try again later.
"""

from __future__ import annotations

from collections.abc import Mapping


class ServiceError(Exception):
    """Base of every error a service raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PermissionDenied(ServiceError):
    def __init__(self, message: str, *, action: str, role: str) -> None:
        super().__init__(message)
        self.action = action
        self.role = role


class NotFound(ServiceError):
    pass


class ValidationError(ServiceError):
    def __init__(self, field_errors: Mapping[str, str], message: str = "") -> None:
        self.field_errors = dict(field_errors)
        super().__init__(message or _summary(self.field_errors))


class RuleViolation(ServiceError):
    pass


class LoginFailed(ServiceError):
    pass


class LoginThrottled(ServiceError):
    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


def _summary(field_errors: Mapping[str, str]) -> str:
    if len(field_errors) == 1:
        return next(iter(field_errors.values()))
    return f"{len(field_errors)} fields need attention: " + " ".join(field_errors.values())
