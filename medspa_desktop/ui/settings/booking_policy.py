"""Settings → Locations → Booking policy: online booking, notice, horizon, fees, policy text."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from medspa_desktop.services import booking_policy as bp
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.session import AppSession, ServiceCall
from medspa_desktop.ui.settings.common import RecordDialog


def money_text(minor: int) -> str:
    return f"{Decimal(minor) / 100:.2f}"


def money_minor(text: str) -> int:
    """``"25"`` or ``"25.00"`` → 2500; ``ValueError`` with a message for staff otherwise."""
    try:
        value = Decimal(text.strip() or "0") * 100
    except InvalidOperation:
        raise ValueError("Type an amount such as 25 or 25.00") from None
    if value != value.to_integral_value() or value < 0:
        raise ValueError("Use a positive amount with at most two decimals.")
    return int(value)


def _spin(low: int, high: int, value: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


class BookingPolicyDialog(RecordDialog):
    """A location's booking rules (manager or owner); online booking follows after a sync."""

    def __init__(
        self, parent: QWidget, session: AppSession, name: str, policy: bp.BookingPolicy
    ) -> None:
        super().__init__(
            parent, session, f"Booking policy: {name}", OpChanges.of(Changed.LOCATIONS)
        )
        self.policy = policy
        self.online = QComboBox()
        for mode, text in bp.ONLINE_MODES.items():
            self.online.addItem(text, mode)
        self.online.setCurrentIndex(self.online.findData(policy.online_booking))
        self.field("Online booking", "online_booking", self.online)
        self.notice = _spin(0, 14 * 24 * 60, policy.min_notice_minutes, " minutes from now")
        self.field("Online bookings start at least", "min_notice_minutes", self.notice)
        self.horizon = _spin(1, 730, policy.booking_horizon_days, " days ahead")
        self.field("Online bookings up to", "booking_horizon_days", self.horizon)
        self.late = _spin(0, 14 * 24, policy.late_cancel_hours, " hours of the start")
        self.field("A cancellation is late within", "late_cancel_hours", self.late)
        self.late_fee = QLineEdit(money_text(policy.late_cancel_fee_minor))
        self.field("Late cancellation fee", "late_cancel_fee_minor", self.late_fee)
        self.no_show_fee = QLineEdit(money_text(policy.no_show_fee_minor))
        self.field("No-show fee", "no_show_fee_minor", self.no_show_fee)
        self.text = QPlainTextEdit(policy.cancellation_policy)
        self.text.setPlaceholderText("What online bookers agree to, e.g. 24 hours' notice …")
        self.text.setTabChangesFocus(True)
        self.field("Cancellation policy", "cancellation_policy", self.text)

    def values(self) -> dict[str, Any] | None:
        fees, problems = {}, {}
        for name, edit in (
            ("late_cancel_fee_minor", self.late_fee),
            ("no_show_fee_minor", self.no_show_fee),
        ):
            try:
                fees[name] = money_minor(edit.text())
            except ValueError as err:
                problems[name] = str(err)
        if problems:
            self.show_errors(problems)
            return None
        return {
            "online_booking": self.online.currentData(),
            "min_notice_minutes": self.notice.value(),
            "booking_horizon_days": self.horizon.value(),
            "late_cancel_hours": self.late.value(),
            "cancellation_policy": self.text.toPlainText(),
            **fees,
        }

    def call(self) -> ServiceCall[Any] | None:
        values = self.values()
        if values is None:
            return None
        cmd = bp.SetBookingPolicy(self.policy.location_id, **values)
        return lambda uow, actor: bp.set_booking_policy(cmd, uow=uow, actor=actor)
