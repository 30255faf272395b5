"""The password policy with its list of common passwords (OWASP ASVS 6.2).

Public API: ``new_password_problem(password, *, username="") -> str | None`` (a message for
staff, or ``None`` when the password may be used). Any thread.

The common-password list is the 30,000 most frequent passwords that ship with the ``zxcvbn``
package (from leaked-password corpora); it loads once, on first use.
"""

from __future__ import annotations

import functools

from medspa_desktop.domain.passwords import password_problem


@functools.cache
def common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.casefold() for word in FREQUENCY_LISTS["passwords"])


def new_password_problem(password: str, *, username: str = "") -> str | None:
    """Why a new password is refused, or ``None``."""
    return password_problem(password, username=username, common=common_passwords())
