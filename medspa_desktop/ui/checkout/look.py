"""Checkout's own style rules, on top of the application's style sheet: segmented choices
(tips, tenders) and the large amounts the desk reads from a step away."""

from __future__ import annotations

CHECKOUT_QSS = """
QPushButton[role="segment"] {
    background: #ffffff; color: #1d2939; border: 1px solid #98a2b3; border-radius: 0;
    padding: 6px 12px; margin-left: -1px;
}
QPushButton[role="segment"][edge="first"] {
    border-top-left-radius: 6px; border-bottom-left-radius: 6px; margin-left: 0;
}
QPushButton[role="segment"][edge="last"] {
    border-top-right-radius: 6px; border-bottom-right-radius: 6px;
}
QPushButton[role="segment"]:hover { background: #f0f4f5; }
QPushButton[role="segment"]:checked {
    background: #1f6f78; color: #ffffff; border-color: #1a5f67;
}
QPushButton[role="segment"]:disabled { color: #98a2b3; }
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
