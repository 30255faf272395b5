"""Password and PIN policy (OWASP ASVS 5.0, section 6.2).

Length is what protects a password, so there are no composition rules (no "one digit, one
capital"): at least 8 characters, anything up to 128 accepted, spaces and any Unicode
allowed and nothing truncated. Passwords on a list of commonly used ones are refused; the
list itself is data (loaded by the services layer) and is passed in here.
"""

from __future__ import annotations

from collections.abc import Container

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 8


def password_problem(
    password: str, *, username: str = "", common: Container[str] = frozenset()
) -> str | None:
    """Why ``password`` is refused, in words for staff, or ``None`` when it is acceptable.

    ``common`` holds lower-case common passwords; the check ignores letter case.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return (
            f"The password is too short: use at least {MIN_PASSWORD_LENGTH} characters. "
            "A few unrelated words make a long password that is easy to remember."
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"The password is too long: use at most {MAX_PASSWORD_LENGTH} characters."
    folded = password.casefold()
    if username and folded == username.casefold():
        return "The password can't be the same as the username. Choose something else."
    if folded in common:
        return (
            "This password is one of the most commonly used passwords and easy to guess. "
            "Choose a different one, for example a few unrelated words."
        )
    return None


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` is refused, or ``None``: a PIN is 4 to 8 digits (0-9)."""
    if not (MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH) or not _ascii_digits(pin):
        return f"A PIN is {MIN_PIN_LENGTH} to {MAX_PIN_LENGTH} digits (0-9), nothing else."
    return None


def _ascii_digits(text: str) -> bool:
    # NOTE: str.isdigit() also accepts superscripts and other scripts' digits.
    return all("0" <= ch <= "9" for ch in text)
