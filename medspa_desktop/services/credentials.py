"""Password and PIN hashing with argon2id (OWASP ASVS 5.0, Appendix C).

Public API (any thread; each call takes ~0.1 s on purpose):

- ``hash_password(password) -> str`` and ``hash_pin(pin) -> str``: PHC-format argon2id hashes
  with :data:`PARAMETERS`. Policy checks happen before, in the staff and auth services.
- ``verify_password(stored_hash, password) -> Verification`` and ``verify_pin(...)``:
  ``ok`` when it matches; ``needs_rehash`` when the hash was made with other parameters,
  in which case the caller stores a fresh ``hash_password(password)``.
- ``verify_against_dummy(secret) -> None``: the same work as a real verification, for an
  unknown user, so timing does not tell whether a username exists.
- ``hashing_parameters(params)``: test-only context manager (see its docstring).

Parameters: argon2id, m = 64 MiB, t = 2, p = 1 (ASVS floor: m = 19 MiB, t = 2, p = 1);
about 110 ms per verification on the 2-core reference machine.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import astuple, dataclass

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.profiles import Parameters

from medspa_desktop.domain.passwords import pin_problem

PARAMETERS = Parameters(
    type=Type.ID,
    version=19,
    salt_len=16,
    hash_len=32,
    time_cost=2,
    memory_cost=64 * 1024,
    parallelism=1,
)
"""What every production hash is made with (memory_cost is in KiB)."""

ASVS_MINIMUM = Parameters(
    type=Type.ID,
    version=19,
    salt_len=16,
    hash_len=32,
    time_cost=2,
    memory_cost=19 * 1024,
    parallelism=1,
)
"""OWASP ASVS 5.0 Appendix C floor for argon2id; PARAMETERS must stay at or above it."""

_parameters = PARAMETERS
_hasher = PasswordHasher.from_parameters(PARAMETERS)


@dataclass(frozen=True)
class Verification:
    ok: bool
    needs_rehash: bool = False


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` with the current parameters."""
    return _hasher.hash(password)


def hash_pin(pin: str) -> str:
    """An argon2id hash of a 4–8 digit PIN; raises ``ValueError`` for anything else."""
    problem = pin_problem(pin)
    if problem:
        raise ValueError(problem)
    return _hasher.hash(pin)


def verify_password(stored_hash: str, password: str) -> Verification:
    """Check ``password`` against ``stored_hash``; an empty or unreadable hash never matches.

    An unusable hash still costs one full verification, so it answers no faster.
    """
    if not stored_hash:
        verify_against_dummy(password)
        return Verification(ok=False)
    try:
        _hasher.verify(stored_hash, password)
    except VerifyMismatchError:
        return Verification(ok=False)
    except (InvalidHashError, VerificationError):
        verify_against_dummy(password)
        return Verification(ok=False)
    return Verification(ok=True, needs_rehash=_hasher.check_needs_rehash(stored_hash))


def verify_pin(stored_hash: str, pin: str) -> Verification:
    """Like :func:`verify_password`, for a PIN."""
    return verify_password(stored_hash, pin)


def verify_against_dummy(secret: str) -> None:
    """Spend the work of one verification without any account behind it."""
    with suppress(VerificationError):
        _hasher.verify(_dummy_hash(astuple(_parameters)), secret)


@functools.cache
def _dummy_hash(parameters: tuple[object, ...]) -> str:
    # Keyed by the parameters so the dummy always costs what a real verification costs.
    return _hasher.hash("dummy: no typed secret matches")


@contextmanager
def hashing_parameters(parameters: Parameters) -> Iterator[None]:
    """Tests only: hash and verify with ``parameters`` inside the ``with`` block.

    Argon2id is slow on purpose, so the test suite runs with a cheap parameter set through
    this hook (tests/integration/services/conftest.py). No production code path calls it;
    production hashes always use :data:`PARAMETERS`. Not thread-safe: main thread only.
    """
    global _hasher, _parameters
    previous = _parameters
    _parameters, _hasher = parameters, PasswordHasher.from_parameters(parameters)
    try:
        yield
    finally:
        _parameters, _hasher = previous, PasswordHasher.from_parameters(previous)
