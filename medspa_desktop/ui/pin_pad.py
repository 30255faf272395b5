"""A large numeric keypad for PINs, usable with a finger on a tablet and with the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from medspa_desktop.domain.passwords import MAX_PIN_LENGTH, MIN_PIN_LENGTH
from medspa_desktop.ui.style import set_role

_KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "Clear", "0", "⌫"]


class PinPad(QWidget):
    """Collects 4 to 8 digits; ``submitted(pin)`` on OK or Enter. The digits show as dots."""

    submitted = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._digits = ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.display = QLabel()
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setMinimumHeight(44)
        self.display.setAccessibleName("PIN entered")
        layout.addWidget(self.display)
        grid = QGridLayout()
        grid.setSpacing(10)
        self.keys = {key: self._key_button(key) for key in _KEYS}
        for index, key in enumerate(_KEYS):
            grid.addWidget(self.keys[key], index // 3, index % 3)
        layout.addLayout(grid)
        self.ok = QPushButton("Unlock")
        set_role(self.ok, "primary")
        self.ok.setMinimumHeight(52)
        self.ok.clicked.connect(self._submit)
        layout.addWidget(self.ok)
        self._refresh()

    @property
    def pin(self) -> str:
        return self._digits

    def clear(self) -> None:
        self._digits = ""
        self._refresh()

    def press(self, key: str) -> None:
        """Act as if ``key`` (a digit, ``Clear`` or ``⌫``) was tapped."""
        if key == "Clear":
            self._digits = ""
        elif key == "⌫":
            self._digits = self._digits[:-1]
        elif key.isdigit() and len(self._digits) < MAX_PIN_LENGTH:
            self._digits += key
        self._refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text and "0" <= text <= "9":
            self.press(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.press("⌫")
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit()
        else:
            super().keyPressEvent(event)

    def _key_button(self, key: str) -> QPushButton:
        widget = QPushButton(key)
        set_role(widget, "key")
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing keeps going to the pad
        widget.setAccessibleName("Delete last digit" if key == "⌫" else key)
        widget.clicked.connect(lambda: self.press(key))
        return widget

    def _submit(self) -> None:
        if len(self._digits) >= MIN_PIN_LENGTH:
            self.submitted.emit(self._digits)

    def _refresh(self) -> None:
        if self._digits:
            self.display.setText(" ".join("●" * len(self._digits)))
            self.display.setStyleSheet("font-size: 20pt; color: #10212b;")
        else:
            self.display.setText("Type your PIN: 4 to 8 digits")
            self.display.setStyleSheet("color: #475467;")
        self.ok.setEnabled(len(self._digits) >= MIN_PIN_LENGTH)
