"""The top of the chart screen: who and what, the chart's state in words, its actions, the
warnings that cannot be missed, and the bar for versions saved on two devices. GUI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from medspa_desktop.services.chart_checks import PreChartWarnings
from medspa_desktop.services.chart_read import ChartView
from medspa_desktop.ui.shortcuts import native
from medspa_desktop.ui.widgets import AlertBanner, ResponsiveBox, button, label

SAVE_KEYS = "Ctrl+S"
ACTIONS_BESIDE_PX = 960
BUTTON_PX = 110
NOTHING_TO_WARN = "No allergies, contraindications, medications or missing forms on record."
SIBLINGS = (
    "This chart was also changed on another device. Keep your version or theirs; the chart "
    "can be signed once there is one."
)


def warnings_text(warnings: PreChartWarnings) -> str:
    lines = []
    if warnings.allergies:
        lines.append(f"Allergies: {warnings.allergies}")
    if warnings.contraindications:
        lines.append("Contraindications: " + ", ".join(warnings.contraindications))
    if warnings.medications:
        lines.append(f"Medications: {warnings.medications}")
    lines += [problem.message for problem in warnings.forms]
    return "\n".join(lines)


def state_text(view: ChartView) -> str:
    if view.status == "signed" and view.signed_at is not None:
        signed = f"Signed by {view.signed_by_name}, {view.signed_at.astimezone():%d %b %Y %H:%M}"
        again = [v for v in view.siblings if v.signed]
        if again:
            # Both signings are kept (ledger); the first stands and its stock counts once.
            when = again[0].at.astimezone()
            signed += f" · signed again on another device {when:%d %b %H:%M}; the first stands"
        return signed
    if view.current is None:
        return "Not saved yet"
    return f"Draft saved {view.current.at.astimezone():%H:%M} by {view.current.author_name}"


class ChartHeader(QWidget):
    """``save``, ``sign``, ``addendum`` and ``close_button`` for the dialog to connect."""

    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        # The actions beside who and what on a landscape screen; under them when upright.
        self.top = ResponsiveBox(ACTIONS_BESIDE_PX)
        self.top.add(self._who(), 1)
        self.top.add(self._actions())
        column.addWidget(self.top)
        self.warnings = AlertBanner("danger")
        column.addWidget(self.warnings)
        self.siblings = AlertBanner("warning", "Changed on two devices", SIBLINGS)
        row = QHBoxLayout()
        row.addStretch(1)
        self.keep_mine = button("Keep mine")
        self.keep_theirs = button("Keep theirs")
        row.addWidget(self.keep_mine)
        row.addWidget(self.keep_theirs)
        box = self.siblings.layout()
        assert isinstance(box, QVBoxLayout)
        box.addLayout(row)
        self.siblings.setVisible(False)
        column.addWidget(self.siblings)
        self.set_actions(save=False, sign=False, addendum=False)

    def _who(self) -> QWidget:
        who = QWidget()
        row = QHBoxLayout(who)
        row.setContentsMargins(0, 0, 0, 0)
        names = QVBoxLayout()
        self.heading = label("Opening the chart…", "title", wrap=True)
        self.what = label("", "hint", wrap=True)
        names.addWidget(self.heading)
        names.addWidget(self.what)
        row.addLayout(names, 1)
        self.state = label("", "state", wrap=True)
        row.addWidget(self.state)
        return who

    def _actions(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        self.save = button("Save draft")
        self.save.setToolTip(f"Save the chart as a draft ({native(SAVE_KEYS)})")
        self.sign = button("Sign…", "primary")
        self.addendum = button("Add addendum…", "primary")
        self.kiosk = button("Consent && intake (kiosk)…")  # "&&": one "&", not a mnemonic
        self.kiosk.setToolTip("Hand the tablet to the client to sign and fill in their forms")
        self.kiosk.setVisible(False)
        self.witness = QCheckBox("Witnessed by me")
        self.witness.setToolTip(
            "Name yourself as the witness on the consent forms the client signs in kiosk mode"
        )
        self.witness.setVisible(False)
        row.addWidget(self.witness)
        self.photos = button("Photos…")
        self.photos.setToolTip("The client's before and after photos; take or add new ones")
        self.photos.setVisible(False)
        self.close_button = button("Close")
        actions = (self.kiosk, self.photos, self.save, self.sign, self.addendum)
        for widget in (*actions, self.close_button):
            widget.setAutoDefault(False)
            widget.setMinimumWidth(BUTTON_PX)
            row.addWidget(widget)
        return bar

    def offer_kiosk(self, offered: bool) -> None:
        """Show "Consent & intake (kiosk)…" and its witness box, or neither."""
        self.kiosk.setVisible(offered)
        self.witness.setVisible(offered)

    def show_warnings(self, warnings: PreChartWarnings) -> None:
        text = warnings_text(warnings)
        self.warnings.set_level("danger" if text else "info")
        title = f"Before you treat {warnings.client_name}" if text else "Nothing to warn of"
        self.warnings.set_message(title, text or NOTHING_TO_WARN)

    def set_actions(self, *, save: bool, sign: bool, addendum: bool) -> None:
        self.save.setVisible(save)
        self.sign.setVisible(sign)
        self.addendum.setVisible(addendum)
