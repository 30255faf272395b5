"""Checkout's own style rules, on top of the application's style sheet: segmented choices
(tips, tenders) and the large amounts the desk reads from a step away."""

from __future__ import annotations

from medspa_desktop.ui.segments import segment_qss

CHECKOUT_QSS = (
    segment_qss(12, bold_checked=False)
    + """
QPushButton[role="sign"] { padding: 2px 4px; font-size: 15pt; font-weight: 700; }
QLabel[role="amount"] { font-weight: 600; }
QLabel[role="total"] { font-size: 13pt; font-weight: 700; color: #10212b; }
QLabel[role="balance"] { font-size: 20pt; font-weight: 700; color: #10212b; }
QLabel[role="balance"][settled="true"] { color: #067647; }
QLabel[role="change"] { font-size: 22pt; font-weight: 700; color: #10414a; }
QLabel[role="paid"] { font-size: 24pt; font-weight: 700; color: #067647; }
QLineEdit[role="tender"] { font-size: 15pt; font-weight: 600; }
QFrame#TicketSums { background: #ffffff; border: 1px solid #dde2e7; border-radius: 8px; }
QFrame#Tenders { background: #ffffff; border: 1px solid #dde2e7; border-radius: 8px; }
"""
)
