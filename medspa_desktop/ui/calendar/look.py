"""The calendar's own style rules, on top of the application's style sheet."""

from __future__ import annotations

CALENDAR_QSS = """
QPushButton[role="segment"] {
    background: #ffffff; color: #1d2939; border: 1px solid #98a2b3; border-radius: 0;
    padding: 6px 14px; margin-left: -1px;
}
QPushButton[role="segment"][edge="first"] {
    border-top-left-radius: 6px; border-bottom-left-radius: 6px; margin-left: 0;
}
QPushButton[role="segment"][edge="last"] {
    border-top-right-radius: 6px; border-bottom-right-radius: 6px;
}
QPushButton[role="segment"]:hover { background: #f0f4f5; }
QPushButton[role="segment"]:checked {
    background: #1f6f78; color: #ffffff; border-color: #1a5f67; font-weight: 600;
}
QPushButton[role="sign"] { padding: 6px 8px; }
QPushButton[role="sign"]::menu-indicator { image: none; width: 0; }
QPushButton#CalendarMore { font-size: 14pt; font-weight: 600; padding-top: 0; padding-bottom: 2px; }
QFrame#CalendarBoard { background: #ffffff; border: 1px solid #c9d0d7; border-radius: 6px; }
QLabel#CalendarCorner {
    background: #f5f7f8; color: #475467; border-right: 1px solid #c9d0d7;
    border-bottom: 1px solid #c9d0d7;
}
QFrame#AppointmentDetails { background: #ffffff; border: 1px solid #c9d0d7; border-radius: 8px; }
"""
