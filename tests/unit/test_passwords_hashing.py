"""argon2id hashing of passwords and PINs with the production parameters."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from argon2.profiles import Parameters

from medspa_desktop.services import credentials
from medspa_desktop.services.credentials import (
    ASVS_MINIMUM,
    PARAMETERS,
    hash_password,
    hash_pin,
    verify_password,
    verify_pin,
)


def test_production_parameters_are_argon2id_at_or_above_the_asvs_floor():
    assert PARAMETERS.type.name == "ID"
    assert PARAMETERS.memory_cost >= ASVS_MINIMUM.memory_cost == 19 * 1024
    assert PARAMETERS.time_cost >= ASVS_MINIMUM.time_cost == 2
    assert PARAMETERS.parallelism >= 1


def test_hash_is_argon2id_with_the_production_parameters_and_verifies():
    stored = hash_password("lantern orchard velvet")
    assert stored.startswith("$argon2id$v=19$m=65536,t=2,p=1$")
    assert verify_password(stored, "lantern orchard velvet") == credentials.Verification(True)
    assert not verify_password(stored, "lantern orchard velvet ").ok


def test_same_password_hashes_differently_each_time():
    assert hash_password("lantern orchard velvet") != hash_password("lantern orchard velvet")


def test_outdated_parameters_verify_but_ask_for_a_rehash():
    weak = Parameters(
        type=PARAMETERS.type,
        version=19,
        salt_len=16,
        hash_len=32,
        time_cost=1,
        memory_cost=1024,
        parallelism=1,
    )
    old = PasswordHasher.from_parameters(weak).hash("lantern orchard velvet")
    assert verify_password(old, "lantern orchard velvet") == credentials.Verification(True, True)


@pytest.mark.parametrize("stored", ["", "not a hash", "$argon2id$v=19$garbage"])
def test_missing_or_damaged_hash_never_matches(stored):
    assert verify_password(stored, "anything at all") == credentials.Verification(False)


def test_pin_hashes_and_verifies_and_refuses_non_digits():
    stored = hash_pin("4821")
    assert verify_pin(stored, "4821").ok and not verify_pin(stored, "4822").ok
    with pytest.raises(ValueError, match="4 to 8 digits"):
        hash_pin("48a1")


def test_test_hook_restores_production_parameters():
    cheap = Parameters(
        type=PARAMETERS.type,
        version=19,
        salt_len=16,
        hash_len=32,
        time_cost=1,
        memory_cost=64,
        parallelism=1,
    )
    with credentials.hashing_parameters(cheap):
        assert ",t=1,p=1$" in hash_password("lantern orchard velvet")
    assert "$m=65536,t=2,p=1$" in hash_password("lantern orchard velvet")
