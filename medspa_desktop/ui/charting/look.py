"""Charting's own style rules on top of the application's: controls a gloved finger can
hit (44 px at least), segmented choices, and the warnings that cannot be missed."""

from __future__ import annotations

from medspa_desktop.ui.segments import segment_qss

TOUCH_PX = 44
"""The smallest height of anything tapped on the chart, on a desktop too."""

CHARTING_QSS = (
    segment_qss(16, bold_checked=True)
    + f"""
QPushButton {{ min-height: {TOUCH_PX}px; }}
QPushButton[role="segment"] {{ min-height: {TOUCH_PX}px; font-size: 12pt; }}
QPushButton[role="lot"] {{
    text-align: left; padding: 6px 14px; background: #ffffff; border: 1px solid #98a2b3;
    border-radius: 6px;
}}
QPushButton[role="lot"]:checked {{ background: #e6f2f3; border: 2px solid #1f6f78; }}
QLineEdit, QComboBox {{ min-height: {TOUCH_PX - 4}px; font-size: 12pt; }}
QPlainTextEdit {{ font-size: 12pt; }}
QLabel[role="section"] {{ font-size: 15pt; font-weight: 700; color: #10212b; }}
QLabel[role="field"] {{ font-size: 12pt; font-weight: 600; color: #344054; }}
QLabel[role="unit"] {{ font-size: 12pt; color: #475467; }}
QLabel[role="total"] {{ font-size: 14pt; font-weight: 700; color: #10212b; }}
QLabel[role="state"] {{ font-size: 12pt; font-weight: 700; color: #067647; }}
QLabel[role="refusal"] {{ font-size: 16pt; font-weight: 600; color: #912018; }}
QFrame#ChartSection {{ background: #ffffff; border: 1px solid #dde2e7; border-radius: 8px; }}
QFrame#PointEditor {{ background: #f6f8f9; border: 1px solid #dde2e7; border-radius: 8px; }}
"""
)
