"""The calendar's own style rules, on top of the application's style sheet."""

from __future__ import annotations

from medspa_desktop.ui.segments import segment_qss

CALENDAR_QSS = (
    segment_qss(14, bold_checked=True)
    + """
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
)
