"""Kiosk mode's style: a client with reading glasses holds the tablet, so the wording is
large with generous line spacing, and every button is big enough for a thumb."""

from __future__ import annotations

BUTTON_PX = 64
"""The height of every button the client taps."""
WORDING_PT = 17
PAD_MIN_PX = 220
"""The signature box is at least this tall, as wide as the screen."""

KIOSK_QSS = f"""
QWidget#Kiosk {{ background: #f6f8f9; }}
QLabel {{ font-size: 15pt; color: #10212b; }}
QLabel[role="welcome"] {{ font-size: 34pt; font-weight: 700; }}
QLabel[role="formTitle"] {{ font-size: 24pt; font-weight: 700; }}
QLabel[role="lead"] {{ font-size: 17pt; color: #344054; }}
QLabel[role="question"] {{ font-size: 17pt; font-weight: 600; }}
QLabel[role="step"] {{ font-size: 13pt; color: #475467; }}
QLabel[role="hint"] {{ font-size: 13pt; color: #475467; }}
QLabel[role="fieldError"] {{ font-size: 14pt; color: #b42318; font-weight: 600; }}
QLabel[role="wording"] {{ font-size: {WORDING_PT}pt; color: #10212b; background: #ffffff; }}
QScrollArea#Wording {{ background: #ffffff; border: 1px solid #dde2e7; border-radius: 10px; }}
QPushButton {{ min-height: {BUTTON_PX}px; font-size: 17pt; padding: 0 28px; }}
QPushButton[role="answer"] {{
    min-height: {BUTTON_PX}px; min-width: 160px; font-size: 17pt; background: #ffffff;
    color: #1d2939; border: 2px solid #98a2b3; border-radius: 10px;
}}
QPushButton[role="answer"]:checked {{ background: #1f6f78; color: #ffffff; border-color: #1a5f67; }}
QPushButton[role="staff"] {{ min-height: 36px; font-size: 11pt; padding: 0 14px; }}
QPushButton[role="key"] {{ min-height: {BUTTON_PX}px; font-size: 20pt; padding: 0; }}
QLineEdit, QDateEdit {{ min-height: 56px; font-size: 17pt; padding: 0 10px; }}
QPlainTextEdit {{ font-size: 16pt; }}
QListWidget {{ font-size: 15pt; }}
"""
