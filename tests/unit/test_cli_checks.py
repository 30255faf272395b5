"""`medspa run` tells a new user which system package is missing instead of crashing."""

from __future__ import annotations

import ctypes.util

from medspa_desktop import cli


def test_missing_x11_libraries_are_named_by_the_package_to_install(monkeypatch):
    monkeypatch.setattr(cli.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    absent = {"xcb-icccm", "xcb-cursor"}
    monkeypatch.setattr(
        ctypes.util, "find_library", lambda name: None if name in absent else f"lib{name}.so"
    )
    assert cli.missing_window_packages() == ["libxcb-cursor0", "libxcb-icccm4"]


def test_no_x11_check_where_qt_is_told_to_draw_elsewhere(monkeypatch):
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    assert cli.missing_window_packages() == []
