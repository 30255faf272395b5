"""Field rules shared by the services."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medspa_desktop.domain.validation import (
    currency_problem,
    date_of_birth_problem,
    field_errors,
    normalise_username,
    required_text,
    tax_rates_problem,
    time_zone_problem,
    username_problem,
    whole_number_problem,
)

TODAY = dt.date(2026, 3, 15)


@given(st.dates(min_value=dt.date(1906, 3, 16), max_value=TODAY))
def test_plausible_birth_dates_accepted(born):
    assert date_of_birth_problem(born, TODAY) is None


@given(st.dates(min_value=TODAY + dt.timedelta(days=1)))
def test_birth_dates_in_the_future_refused(born):
    assert "future" in (date_of_birth_problem(born, TODAY) or "")


@given(st.dates(max_value=dt.date(1905, 12, 31)))
def test_birth_dates_over_120_years_ago_refused(born):
    assert "120 years" in (date_of_birth_problem(born, TODAY) or "")


def test_no_birth_date_is_fine():
    assert date_of_birth_problem(None, TODAY) is None


@pytest.mark.parametrize("value", ["", "   ", "\t"])
def test_blank_required_text_refused(value):
    assert required_text(value, "first name", max_length=100) == "Enter the first name."


def test_required_text_too_long_refused():
    assert "at most 3" in (required_text("abcd", "code", max_length=3) or "")


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/London", "Australia/Lord_Howe"])
def test_iana_time_zones_accepted(zone):
    assert time_zone_problem(zone) is None


@pytest.mark.parametrize("zone", ["", "EST5", "Mars/Olympus", "../etc/passwd", "america/new_york"])
def test_unknown_time_zones_refused(zone):
    assert time_zone_problem(zone) is not None


def test_tax_rates_in_basis_points():
    assert tax_rates_problem({"retail": 825, "service": 0}) is None
    assert "basis points" in (tax_rates_problem({"retail": 10_001}) or "")
    assert "basis points" in (tax_rates_problem({"retail": -1}) or "")
    assert "basis points" in (tax_rates_problem({"retail": 8.25}) or "")  # type: ignore[dict-item]
    assert "category" in (tax_rates_problem({" ": 100}) or "")


def test_usernames_are_folded_and_limited_to_safe_characters():
    assert normalise_username("  Olivia.Owner ") == "olivia.owner"
    assert username_problem("olivia.owner") is None
    for bad in ("o", "olivia owner", ".olivia", "x" * 65, "olívia"):
        assert username_problem(bad) is not None, bad


def test_whole_numbers_in_range_only():
    assert whole_number_problem(10, "idle lock", low=1, high=60) is None
    for bad in (0, 61, True, 2.5):
        assert whole_number_problem(bad, "idle lock", low=1, high=60), bad  # type: ignore[arg-type]


def test_currency_codes():
    assert currency_problem("USD") is None
    assert currency_problem("usd") and currency_problem("US") and currency_problem("USDX")


def test_field_errors_keeps_only_failures():
    assert field_errors({"a": None, "b": "Enter b.", "c": ""}) == {"b": "Enter b."}
