"""Consent wording: merge fields fill in or fail clearly, the rich-text subset parses into
paragraphs, bullets and bold, and the content hash changes with any byte of what was signed."""

from __future__ import annotations

import datetime as dt

import pytest

from medspa_desktop.domain.consent_record import (
    WORDING_END,
    WORDING_START,
    ConsentState,
    consent_state,
    content_hash,
    expiry,
    hash_line,
    long_date,
    wording_in,
)
from medspa_desktop.domain.consent_text import (
    Block,
    MergeFieldError,
    RichTextError,
    Run,
    merge_fields_in,
    normalise,
    parse_rich_text,
    plain_text,
    render_merge,
    unprintable_characters,
    wording_problem,
)

VALUES = {
    "client_name": "Ada Lovelace",
    "service": "Botox",
    "practitioner": "Dr Lee",
    "date": "12 March 2025",
}
SIGNED_AT = dt.datetime(2025, 3, 12, 14, 5, 9, tzinfo=dt.UTC)
SHA = "a" * 64


def test_merge_fields_are_filled_in_with_the_clients_service_practitioner_and_date():
    body = "I, {client_name}, agree to {service} with {practitioner} on {date}."
    assert render_merge(body, VALUES) == (
        "I, Ada Lovelace, agree to Botox with Dr Lee on 12 March 2025."
    )
    assert merge_fields_in(body + " {client_name}") == (
        "client_name",
        "service",
        "practitioner",
        "date",
    )


def test_an_unknown_merge_field_is_refused_naming_it_and_the_fields_that_exist():
    with pytest.raises(MergeFieldError, match=r"\{client\} is not a merge field") as err:
        render_merge("I, {client}, agree.", VALUES)
    assert "{client_name}" in str(err.value) and "{date}" in str(err.value)
    assert "{client}" in wording_problem("I, {client}, agree.")


def test_a_merge_field_without_a_value_is_refused():
    with pytest.raises(MergeFieldError, match=r"no value for \{practitioner\}"):
        render_merge("With {practitioner}.", {**VALUES, "practitioner": " "})


def test_double_braces_are_literal_braces_and_values_are_not_merged_twice():
    text = render_merge("{{note}} {client_name}", {**VALUES, "client_name": "{date}"})
    assert text == "{note} {date}"


def test_paragraphs_bullets_and_bold_parse_and_print_as_canonical_plain_text():
    blocks = parse_rich_text(
        "I agree to **Botox**\ntoday.\n\nRisks:\n- bruising\n* **rare** ptosis\n\nSigned."
    )
    assert blocks == (
        Block("paragraph", (Run("I agree to "), Run("Botox", bold=True), Run(" today."))),
        Block("paragraph", (Run("Risks:"),)),
        Block("bullet", (Run("bruising"),)),
        Block("bullet", (Run("rare", bold=True), Run(" ptosis"))),
        Block("paragraph", (Run("Signed."),)),
    )
    assert plain_text(blocks) == (
        "I agree to Botox today.\n\nRisks:\n\n• bruising\n• rare ptosis\n\nSigned."
    )


def test_an_unclosed_bold_marker_is_refused():
    with pytest.raises(RichTextError, match="Close the bold"):
        parse_rich_text("I **agree.")
    assert "Close the bold" in wording_problem("I **agree.")


def test_markup_outside_the_subset_is_plain_text():
    (block,) = parse_rich_text("<b>x</b> & <font size=90>y</font>")
    assert block.text == "<b>x</b> & <font size=90>y</font>"


def test_wording_needs_text_and_printable_characters():
    assert wording_problem("  ") == "Write the consent wording."
    assert wording_problem("I agree — at Lumière.") is None
    assert unprintable_characters("Łukasz Łódź") == "Łź"  # ó is in Windows-1252
    assert "Ł" in wording_problem("Łukasz agrees.")


def test_normalise_collapses_every_run_of_whitespace():
    assert normalise("  a\n\nb\t c  ") == "a b c"


def test_the_content_hash_changes_with_one_byte_of_any_signed_part():
    base = content_hash("I agree.", "Ada Lovelace", SIGNED_AT, SHA)
    assert len(base) == 64
    assert content_hash("I agree.\n", " Ada  Lovelace", SIGNED_AT, SHA) == base
    assert content_hash("I agree!", "Ada Lovelace", SIGNED_AT, SHA) != base
    assert content_hash("I agree.", "Ada Lovelacf", SIGNED_AT, SHA) != base
    later = SIGNED_AT + dt.timedelta(seconds=1)
    assert content_hash("I agree.", "Ada Lovelace", later, SHA) != base
    assert content_hash("I agree.", "Ada Lovelace", SIGNED_AT, "b" + SHA[1:]) != base


def test_the_hash_is_the_same_in_any_time_zone_and_refuses_naive_times():
    eastern = SIGNED_AT.astimezone(dt.timezone(dt.timedelta(hours=-5)))
    assert content_hash("x", "y", eastern, SHA) == content_hash("x", "y", SIGNED_AT, SHA)
    with pytest.raises(ValueError, match="time zone"):
        content_hash("x", "y", SIGNED_AT.replace(tzinfo=None), SHA)


def test_the_wording_is_found_between_the_pdf_markers():
    text = f"Title\n{WORDING_START}\nI agree\nto it.\n{WORDING_END}\nName\n{hash_line(SHA)}"
    assert wording_in(text) == "I agree to it."
    assert wording_in("no markers here") is None


def test_expiry_adds_calendar_months_and_none_means_until_withdrawn():
    assert expiry(SIGNED_AT, 12) == SIGNED_AT.replace(year=2026)
    end_of_january = dt.datetime(2024, 1, 31, 9, tzinfo=dt.UTC)
    assert expiry(end_of_january, 1) == dt.datetime(2024, 2, 29, 9, tzinfo=dt.UTC)
    assert expiry(end_of_january, 13) == dt.datetime(2025, 2, 28, 9, tzinfo=dt.UTC)
    assert expiry(SIGNED_AT, None) is None


def test_consent_state_missing_valid_expired_withdrawn():
    now = SIGNED_AT
    state = consent_state
    assert state(signed=False, withdrawn_at=None, expires_at=None, now=now) is ConsentState.MISSING
    later = now + dt.timedelta(days=1)
    assert state(signed=True, withdrawn_at=None, expires_at=later, now=now) is ConsentState.VALID
    assert state(signed=True, withdrawn_at=None, expires_at=now, now=now) is ConsentState.EXPIRED
    withdrawn = state(signed=True, withdrawn_at=now, expires_at=later, now=now)
    assert withdrawn is ConsentState.WITHDRAWN


def test_dates_are_written_in_english_whatever_the_locale():
    assert long_date(dt.date(2025, 3, 2)) == "2 March 2025"
