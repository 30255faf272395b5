"""Test-control endpoints under ``/_fake/`` (JSON in, JSON out, no API key).

``POST /_fake/reset``            forget every object, fault, idempotency key and log entry
``GET  /_fake/state``            snapshot: objects by kind, succeeded charges per PI, request log
``POST /_fake/faults``           add a fault rule (see ``faults``), answers ``{"fault": {...}}``
``DELETE /_fake/faults``         drop all pending rules
``POST /_fake/reader_mode``      ``{"mode": "manual"|"auto"|"never"|"offline", "card_number",
                                 "type", "after", "amount_tip"}``
``POST /_fake/clock``            ``{"advance": seconds}`` or ``{"offset": seconds}``: shift the
                                 fake's clock (``created`` stamps) relative to real time
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from dataclasses import asdict
from typing import Any

from .app import App, Request, Response
from .errors import StripeError

_KINDS = {
    "payment_intent": "payment_intents",
    "charge": "charges",
    "refund": "refunds",
    "payment_method": "payment_methods",
    "terminal.location": "locations",
    "terminal.reader": "readers",
}


def snapshot(app: App) -> dict[str, Any]:
    """Everything the fake holds, grouped by kind (copies; safe to mutate)."""
    with app.store.lock:
        objects = copy.deepcopy(list(app.store.objects.values()))
        log = copy.deepcopy(app.log)
        offset = app.store.clock_offset
    state: dict[str, Any] = {plural: [] for plural in _KINDS.values()}
    for obj in objects:
        state[_KINDS[obj["object"]]].append(obj)
    succeeded = Counter(
        ch["payment_intent"] for ch in state["charges"] if ch["status"] == "succeeded"
    )
    state["succeeded_charges_by_payment_intent"] = dict(succeeded)
    state["requests"] = log
    state["faults"] = app.faults.pending()
    state["reader_mode"] = app.faults.reader.describe()
    state["clock_offset"] = offset
    return state


def handle(app: App, req: Request) -> Response:
    try:
        return Response(200, _route(app, req))
    except (ValueError, TypeError, StripeError) as exc:
        return Response(400, {"error": str(exc)})
    except LookupError as exc:
        return Response(404, {"error": str(exc)})


def _route(app: App, req: Request) -> dict[str, Any]:
    payload = json.loads(req.body) if req.body.strip() else {}
    if not isinstance(payload, dict):
        raise ValueError("the body must be a JSON object")
    action = (req.method, req.path.rstrip("/"))
    if action == ("POST", "/_fake/reset"):
        app.reset()
        return {"ok": True}
    if action == ("GET", "/_fake/state"):
        return snapshot(app)
    if action == ("POST", "/_fake/faults"):
        return {"fault": asdict(app.faults.add(payload))}
    if action == ("DELETE", "/_fake/faults"):
        app.faults.clear()
        return {"ok": True}
    if action == ("POST", "/_fake/reader_mode"):
        return app.set_reader_mode(payload).describe()
    if action == ("POST", "/_fake/clock"):
        return _clock(app, payload)
    raise LookupError(f"no control endpoint {req.method} {req.path}")


def _clock(app: App, payload: dict[str, Any]) -> dict[str, Any]:
    with app.store.lock:
        if "offset" in payload:
            app.store.clock_offset = float(payload["offset"])
        app.store.clock_offset += float(payload.get("advance", 0))
        return {"now": app.store.now(), "offset": app.store.clock_offset}
