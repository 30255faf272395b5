"""The chart screen's state line in words: a draft, a signed chart, and a chart signed on two
devices while both were offline (both signings are kept; the first stands)."""

from __future__ import annotations

import datetime as dt

from medspa_desktop.domain.chart_template import TemplateSchema
from medspa_desktop.services.chart_read import ChartVersionView, ChartView
from medspa_desktop.ui.charting.header import state_text

NOON = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)


def _version(version_id: str, at: dt.datetime, *, signed: bool) -> ChartVersionView:
    return ChartVersionView(
        version_id, None, (), "version", {}, "lee", "Lee Park", at, signed, "0" * 64
    )


def _view(status: str, current: ChartVersionView, *siblings: ChartVersionView) -> ChartView:
    return ChartView(
        "chart", "appointment", "client", "lee", "Lee Park", "filler", None,
        TemplateSchema(()), status, NOON if status == "signed" else None, "Lee Park",
        current, siblings, (), {},
    )  # fmt: skip


def test_a_draft_says_when_and_by_whom_it_was_saved():
    local = NOON.astimezone()
    assert state_text(_view("draft", _version("v1", NOON, signed=False))) == (
        f"Draft saved {local:%H:%M} by Lee Park"
    )


def test_a_chart_signed_on_two_devices_says_the_first_signature_stands():
    first = _version("v2", NOON, signed=True)
    later = _version("v3", NOON + dt.timedelta(minutes=5), signed=True)
    missed = _version("v4", NOON, signed=False)

    once = state_text(_view("signed", first, missed))
    twice = state_text(_view("signed", first, missed, later))

    assert once == f"Signed by Lee Park, {NOON.astimezone():%d %b %Y %H:%M}"
    assert twice == (
        f"{once} · signed again on another device "
        f"{later.at.astimezone():%d %b %H:%M}; the first stands"
    )
