"""The ``/v1`` routing table: (method, path pattern) -> handler(app, params, *path_ids)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import payments, presenting, refunds, terminal
from .errors import unrecognized_url

Handler = Callable[..., dict[str, Any]]
_ID = "([^/]+)"


def _on_store(fn: Callable[..., dict[str, Any]]) -> Handler:
    def handler(app: Any, params: dict[str, Any], *ids: str) -> dict[str, Any]:
        return fn(app.store, params, *ids)

    handler.__name__ = fn.__name__
    return handler


def _create_reader(app: Any, params: dict[str, Any]) -> dict[str, Any]:
    return terminal.create_reader(app.store, params, online=app.faults.reader.mode != "offline")


def _process_payment_intent(app: Any, params: dict[str, Any], tmr_id: str) -> dict[str, Any]:
    reader = terminal.process_payment_intent(app.store, params, tmr_id)
    app.reader_started(reader["id"], reader["action"]["process_payment_intent"]["payment_intent"])
    return reader


_TABLE: list[tuple[str, str, Handler]] = [
    ("POST", "/v1/payment_intents", _on_store(payments.create)),
    ("GET", "/v1/payment_intents", _on_store(payments.list_all)),
    ("GET", f"/v1/payment_intents/{_ID}", _on_store(payments.retrieve)),
    ("POST", f"/v1/payment_intents/{_ID}", _on_store(payments.update)),
    ("POST", f"/v1/payment_intents/{_ID}/cancel", _on_store(payments.cancel)),
    ("POST", f"/v1/payment_intents/{_ID}/capture", _on_store(payments.capture)),
    ("POST", "/v1/refunds", _on_store(refunds.create)),
    ("GET", "/v1/refunds", _on_store(refunds.list_all)),
    ("GET", f"/v1/refunds/{_ID}", _on_store(refunds.retrieve)),
    ("GET", "/v1/charges", _on_store(refunds.list_charges)),
    ("GET", f"/v1/charges/{_ID}", _on_store(refunds.retrieve_charge)),
    ("GET", f"/v1/payment_methods/{_ID}", _on_store(refunds.retrieve_payment_method)),
    ("POST", "/v1/terminal/locations", _on_store(terminal.create_location)),
    ("GET", "/v1/terminal/locations", _on_store(terminal.list_locations)),
    ("GET", f"/v1/terminal/locations/{_ID}", _on_store(terminal.retrieve_location)),
    ("POST", "/v1/terminal/readers", _create_reader),
    ("GET", "/v1/terminal/readers", _on_store(terminal.list_readers)),
    ("GET", f"/v1/terminal/readers/{_ID}", _on_store(terminal.retrieve_reader)),
    ("POST", f"/v1/terminal/readers/{_ID}/process_payment_intent", _process_payment_intent),
    ("POST", f"/v1/terminal/readers/{_ID}/cancel_action", _on_store(terminal.cancel_action)),
    (
        "POST",
        f"/v1/test_helpers/terminal/readers/{_ID}/present_payment_method",
        _on_store(presenting.present_payment_method),
    ),
]
ROUTES = [(method, re.compile(f"^{pattern}$"), handler) for method, pattern, handler in _TABLE]


def match(method: str, path: str) -> tuple[Handler, tuple[str, ...]]:
    """The handler for a request and the ids captured from its path."""
    for route_method, pattern, handler in ROUTES:
        found = pattern.match(path)
        if found and route_method == method:
            return handler, found.groups()
    raise unrecognized_url(method, path)
