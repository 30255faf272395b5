"""Segmented buttons (a row of checkable buttons joined at the edges: calendar views, tips,
tenders): the style rules every screen that has them shares."""

from __future__ import annotations


def segment_qss(padding_x: int, *, bold_checked: bool) -> str:
    """Style rules for ``QPushButton[role="segment"]`` (``edge`` = ``first``/``last``)."""
    weight = " font-weight: 600;" if bold_checked else ""
    return f"""
QPushButton[role="segment"] {{
    background: #ffffff; color: #1d2939; border: 1px solid #98a2b3; border-radius: 0;
    padding: 6px {padding_x}px; margin-left: -1px;
}}
QPushButton[role="segment"][edge="first"] {{
    border-top-left-radius: 6px; border-bottom-left-radius: 6px; margin-left: 0;
}}
QPushButton[role="segment"][edge="last"] {{
    border-top-right-radius: 6px; border-bottom-right-radius: 6px;
}}
QPushButton[role="segment"]:hover {{ background: #f0f4f5; }}
QPushButton[role="segment"]:checked {{
    background: #1f6f78; color: #ffffff; border-color: #1a5f67;{weight}
}}
QPushButton[role="segment"]:disabled {{ color: #98a2b3; }}
"""
