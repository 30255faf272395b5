"""The log-in and lock screen: username and password, or a PIN quick switch.

When locked it shows nothing about any client, only that the screen is locked.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.services import auth
from medspa_desktop.services.errors import ServiceError
from medspa_desktop.ui.demo_hints import DemoHints
from medspa_desktop.ui.login_pin import PinSwitchPanel
from medspa_desktop.ui.ops import QueryOp, show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import AlertBanner, ResponsiveBox, button, button_row, label

STACK_BELOW_PX = 820
"""Narrower than this, the PIN quick switch goes under the password log-in."""


class LoginScreen(QWidget):
    """Emits ``logged_in(StaffSession)`` after a password log-in or a PIN switch."""

    logged_in = Signal(object)

    def __init__(self, session: AppSession, demo: DemoHints | None = None) -> None:
        super().__init__()
        self.setObjectName("Page")
        self._session = session
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame()
        card.setProperty("card", True)
        card.setMaximumWidth(1120)
        body = QVBoxLayout(card)
        body.setContentsMargins(28, 22, 28, 22)
        self.heading = label("", "title")
        self.subheading = label("", "hint", wrap=True)
        body.addWidget(self.heading)
        body.addWidget(self.subheading)
        self.notice = AlertBanner("warning")
        self.notice.setVisible(False)
        body.addWidget(self.notice)
        body.addSpacing(8)
        body.addWidget(self._ways(demo))
        self.error = label("", "fieldError", wrap=True)
        self.error.setVisible(False)
        body.addWidget(self.error)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self.show_login("")

    def _ways(self, demo: DemoHints | None) -> ResponsiveBox:
        """Password and PIN side by side on a landscape screen; the PIN pad under the
        password on an upright tablet, where the two would not fit beside each other."""
        self.ways = ResponsiveBox(STACK_BELOW_PX, spacing=24)
        self.ways.add(self._password_panel(demo), 5, stacked_stretch=0)
        divider = _divider()
        self.ways.add(divider)
        self.ways.reflowed.connect(
            lambda stacked: divider.setFrameShape(
                QFrame.Shape.HLine if stacked else QFrame.Shape.VLine
            )
        )
        self.pin_panel = PinSwitchPanel()
        self.pin_panel.pin_entered.connect(self._pin_entered)
        self.ways.add(self.pin_panel, 7, stacked_stretch=1)
        return self.ways

    @property
    def reason(self) -> str:
        """Why the screen locked, as shown; empty for idle time or the Lock button."""
        return self.notice.text.text() if self.notice.isVisibleTo(self) else ""

    def show_login(self, organisation: str) -> None:
        self.heading.setText(f"Welcome to {organisation}" if organisation else "Log in")
        self.subheading.setText("Log in to start. Staff with a PIN can use quick switch.")
        self.pin_panel.pad.ok.setText("Log in")
        self._prepare()
        self.notice.setVisible(False)

    def show_locked(self, organisation: str, reason: str = "") -> None:
        """The lock screen; ``reason`` says why it locked when it was not idle time or Lock."""
        self.heading.setText("Screen locked")
        self.subheading.setText(
            f"{organisation} is locked to protect client information. Any member of staff "
            "can unlock it with their own password or PIN."
        )
        self.pin_panel.pad.ok.setText("Unlock")
        self._prepare()
        self.notice.set_message("", reason)
        self.notice.setVisible(bool(reason))

    def _prepare(self) -> None:
        self.password.clear()
        self.username.clear()
        self.pin_panel.reset()
        self._show_error("")
        self._set_busy(False)
        self.refresh_choices()
        self.username.setFocus()

    def refresh_choices(self) -> None:
        """Reload who may quick-switch with a PIN (on the database worker)."""
        QueryOp(
            self, self._session.unit_of_work(lambda uow: auth.quick_switch_choices(uow=uow))
        ).success(self.pin_panel.show_choices).run()

    def _password_panel(self, demo: DemoHints | None) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(label("Username and password", "subtitle"))
        form = QFormLayout()
        form.setVerticalSpacing(12)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.username = QLineEdit()
        self.username.setAccessibleName("Username")
        self.username.setInputMethodHints(
            Qt.InputMethodHint.ImhNoAutoUppercase | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.log_in_button = button("Log in", "primary", default=True)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._log_in)
        self.log_in_button.clicked.connect(self._log_in)
        form.addRow("Username", self.username)
        form.addRow("Password", self.password)
        form.addRow(button_row(self.log_in_button))
        column.addLayout(form)
        column.addStretch(1)
        if demo is not None:
            column.addWidget(_demo_box(demo))
        return panel

    def _log_in(self) -> None:
        if not self.username.text().strip() or not self.password.text():
            self._show_error("Type your username and password, then press Log in.")
            return
        command = auth.LogIn(self.username.text(), self.password.text())
        self._attempt(lambda uow: auth.log_in(command, uow=uow))

    def _pin_entered(self, staff_id: str, pin: str) -> None:
        command = auth.SwitchWithPin(staff_id, pin)
        self._attempt(lambda uow: auth.switch_with_pin(command, uow=uow))

    def _attempt(self, call: Callable[..., auth.StaffSession]) -> None:
        self._set_busy(True)
        self._show_error("")
        QueryOp(self, self._session.unit_of_work(call)).success(self._accepted).failure(
            self._refused
        ).run()

    def _accepted(self, staff_session: auth.StaffSession) -> None:
        self._set_busy(False)
        self.password.clear()
        self.pin_panel.pad.clear()
        self.logged_in.emit(staff_session)

    def _refused(self, err: BaseException) -> None:
        self._set_busy(False)
        self.pin_panel.pad.clear()
        self.password.clear()
        if isinstance(err, ServiceError):
            self._show_error(str(err))
        else:
            show_failure(self, err, "Log-in failed")
        focus = self.pin_panel.pad if self.pin_panel.chosen_staff_id() else self.password
        focus.setFocus()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self.log_in_button.setEnabled(not busy)
        self.log_in_button.setText("Checking…" if busy else "Log in")
        self.pin_panel.setEnabled(not busy)


def _divider() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setStyleSheet("color: #dde2e7;")
    return line


def _demo_box(demo: DemoHints) -> QWidget:
    lines = "".join(
        f"<br><b>{html.escape(p.username)}</b> · {html.escape(p.role.label)}"
        + (f" · PIN {html.escape(p.pin)}" if p.pin else "")
        for p in demo.people
    )
    text = f"Usernames:{lines}<br>Password for all: <b>{html.escape(demo.password)}</b>"
    box = AlertBanner("info", "Demo clinic: made-up staff", text)
    box.text.setTextFormat(Qt.TextFormat.RichText)
    return box
