"""Password and PIN policy (ASVS 6.2): length, no composition rules, common passwords."""

from __future__ import annotations

import string

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from medspa_desktop.domain.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    password_problem,
    pin_problem,
)
from medspa_desktop.services.password_policy import common_passwords, new_password_problem

COMMON = frozenset({"password", "iloveyou1"})


def test_short_password_refused_with_how_long_it_must_be():
    problem = password_problem("seven77")
    assert problem is not None and "at least 8 characters" in problem


@pytest.mark.parametrize("length", [MIN_PASSWORD_LENGTH, 64, MAX_PASSWORD_LENGTH])
def test_long_passwords_accepted_up_to_128(length):
    assert password_problem("x" * (length - 1) + "y") is None


def test_over_128_characters_refused():
    assert "at most 128" in (password_problem("z" * 129) or "")


def test_no_composition_rules_lowercase_words_and_spaces_and_unicode_are_fine():
    assert password_problem("just some lowercase words") is None
    assert password_problem("ünïcödé pässwörd ✓") is None


def test_common_password_refused_whatever_the_case():
    assert "commonly used" in (password_problem("PassWord", common=COMMON) or "")


def test_username_as_password_refused():
    assert "username" in (password_problem("Olivia.Owner", username="olivia.owner") or "")


@given(st.text(min_size=MIN_PASSWORD_LENGTH, max_size=MAX_PASSWORD_LENGTH))
def test_any_long_enough_uncommon_password_is_accepted(password):
    assume(password.casefold() not in COMMON and password.casefold() != "olivia")
    assert password_problem(password, username="olivia", common=COMMON) is None


@given(st.text(max_size=MIN_PASSWORD_LENGTH - 1))
def test_any_shorter_password_is_refused(password):
    assert password_problem(password) is not None


def test_real_common_password_list_is_loaded_and_used():
    assert len(common_passwords()) > 10_000
    for word in ("password", "iloveyou", "qwertyuiop", "12345678", "Football"):
        assert new_password_problem(word) is not None, word
    assert new_password_problem("lantern orchard velvet") is None


@given(st.text(alphabet=string.digits, min_size=4, max_size=8))
def test_pins_of_4_to_8_digits_accepted(pin):
    assert pin_problem(pin) is None


@pytest.mark.parametrize("pin", ["", "123", "123456789", "12a4", "12 34", "١٢٣٤", "²²²²"])
def test_other_pins_refused(pin):
    assert pin_problem(pin) == "A PIN is 4 to 8 digits (0-9), nothing else."
