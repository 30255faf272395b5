"""The photo screens' own style rules: 44 px targets a gloved finger can hit, segmented
filters and tags, and tiles big enough to tell one photo from the next."""

from __future__ import annotations

from medspa_desktop.ui.segments import segment_qss

TOUCH_PX = 44
THUMB_PX = 200
"""The longest side of a thumbnail in the grid (the stored thumbnails are 320 px)."""

PHOTOS_QSS = (
    segment_qss(14, bold_checked=True)
    + f"""
QPushButton {{ min-height: {TOUCH_PX}px; }}
QPushButton[role="segment"] {{ min-height: {TOUCH_PX}px; font-size: 12pt; }}
QLineEdit {{ min-height: {TOUCH_PX - 4}px; font-size: 12pt; }}
QLabel[role="field"] {{ font-size: 12pt; font-weight: 600; color: #344054; }}
QLabel[role="refusal"] {{ font-size: 16pt; font-weight: 600; color: #912018; }}
QListWidget#PhotoGrid {{ background: #f6f8f9; border: 1px solid #dde2e7; border-radius: 8px; }}
QListWidget#PhotoGrid::item {{ border-radius: 8px; padding: 6px; color: #10212b; }}
QListWidget#PhotoGrid::item:selected {{ background: #e6f2f3; border: 2px solid #1f6f78; }}
QListWidget#PhotoGrid::indicator {{ width: 32px; height: 32px; }}
QFrame#PhotoDetail {{ background: #ffffff; border: 1px solid #dde2e7; border-radius: 8px; }}
"""
)
