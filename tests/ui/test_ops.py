"""Operations: work off the GUI thread, results back on it, errors shown, changes announced."""

from __future__ import annotations

import logging
import threading

import shiboken6
from PySide6.QtWidgets import QMessageBox, QWidget

from medspa_desktop.services.errors import RuleViolation
from medspa_desktop.ui.ops import (
    GENERIC_FAILURE,
    Changed,
    MutationOp,
    OpChanges,
    QueryOp,
    TaskManager,
)

from .conftest import wait_idle


def boxes(widget: QWidget) -> list[QMessageBox]:
    return [box for box in widget.findChildren(QMessageBox) if box.isVisible()]


def test_database_work_runs_on_one_worker_in_order_and_returns_on_the_gui_thread(qtbot):
    ran: list[tuple[int, str]] = []
    returned: list[tuple[int, bool]] = []
    for number in range(5):
        QueryOp(None, lambda n=number: ran.append((n, threading.current_thread().name))).success(
            lambda _r, n=number: returned.append(
                (n, threading.current_thread() is threading.main_thread())
            )
        ).run()
    wait_idle(qtbot)

    assert [n for n, _ in ran] == [0, 1, 2, 3, 4]
    assert {name.rsplit("_", 1)[0] for _, name in ran} == {"medspa-db"}
    assert returned == [(n, True) for n in range(5)]


def test_a_service_error_is_shown_with_its_own_message(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    message = "This clinic is already set up. Log in with your staff account."

    def refuse():
        raise RuleViolation(message)

    QueryOp(parent, refuse).run()
    wait_idle(qtbot)

    assert [box.text() for box in boxes(parent)] == [message]


def test_an_unexpected_error_shows_a_generic_message_and_logs_no_detail(qtbot, caplog):
    parent = QWidget()
    qtbot.addWidget(parent)

    def crash():
        raise ValueError("Olivia Smith is allergic to lidocaine")

    with caplog.at_level(logging.ERROR):
        QueryOp(parent, crash).run()
        wait_idle(qtbot)

    assert [box.text() for box in boxes(parent)] == [GENERIC_FAILURE]
    assert "ValueError" in caplog.text
    assert "Olivia" not in caplog.text and "lidocaine" not in caplog.text


def test_a_mutation_announces_what_it_changed(qtbot):
    hub = TaskManager.instance().hub
    with qtbot.waitSignal(hub.changed, timeout=5_000) as announced:
        MutationOp(None, lambda: "saved", OpChanges.of(Changed.CLIENTS, client_id="c1")).run()
    wait_idle(qtbot)

    changes = announced.args[0]
    assert changes.touches(Changed.CLIENTS) and not changes.touches(Changed.STAFF)
    assert changes.client_ids == {"c1"}


def test_a_result_for_a_closed_widget_is_dropped(qtbot):
    parent = QWidget()
    delivered = []
    release = threading.Event()
    QueryOp(parent, lambda: release.wait(5)).success(delivered.append).run()
    shiboken6.delete(parent)
    release.set()
    wait_idle(qtbot)

    assert delivered == []
