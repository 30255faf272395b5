"""Request handling apart from the HTTP transport: auth, faults, idempotency, dispatch."""

from __future__ import annotations

import base64
import binascii
import copy
import re
import threading
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from . import presenting, routes
from .errors import StripeError, api_error, auth_error
from .faults import Fault, Faults, ReaderMode
from .formcodec import parse_form
from .idempotency import IdempotencyStore, Stored
from .listing import expand
from .params import as_str_list
from .store import Store, new_id

_KEY_PREFIXES = ("sk_test_", "rk_test_")
_PI_PATH = re.compile(r"^/v1/payment_intents/(pi_[^/]+)")
_LOG_LIMIT = 10_000


@dataclass
class Request:
    method: str
    path: str
    query: str
    body: str
    headers: Mapping[str, str]


@dataclass
class Response:
    status: int
    body: dict[str, Any] | None
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False
    storable: bool = True


def error_response(exc: StripeError, request_id: str) -> Response:
    error = exc.error_dict()
    error["request_log_url"] = f"https://dashboard.stripe.com/test/logs/{request_id}"
    headers = {"WWW-Authenticate": 'Bearer realm="Stripe"'} if exc.status == 401 else {}
    return Response(exc.status, {"error": error}, headers, storable=exc.replayable)


class App:
    """One fake Stripe account: its objects, fault rules, idempotency keys and request log."""

    def __init__(self) -> None:
        self.store = Store()
        self.faults = Faults()
        self.idempotency = IdempotencyStore()
        self.log: list[dict[str, Any]] = []
        self.stopping = threading.Event()
        self._timers: list[threading.Timer] = []

    def reset(self) -> None:
        with self.store.lock:
            for timer in self._timers:
                timer.cancel()
            self._timers.clear()
            self.store.reset()
            self.faults.reset()
            self.idempotency.reset()
            self.log.clear()

    def handle(self, req: Request) -> Response:
        request_id = new_id("req")
        fault = None
        try:
            _authenticate(req.headers.get("Authorization"))
            fault = self.faults.take(req.method, req.path)
            response = self._with_fault(req, fault, request_id)
        except StripeError as exc:
            response = error_response(exc, request_id)
        except Exception as exc:  # a bug in the fake: say so loudly, as a 500
            traceback.print_exc()
            response = error_response(api_error(f"stripe_fake crashed: {exc!r}"), request_id)
        response.headers.setdefault("Request-Id", request_id)
        self._record(req, response, fault)
        return response

    def _with_fault(self, req: Request, fault: Fault | None, request_id: str) -> Response:
        kind = fault.kind if fault else None
        if fault and kind in ("server_error", "stripe_error"):
            raise self._injected_error(req, fault)
        pause = fault.seconds if fault and kind == "delay" and fault.before else 0.0
        response = self._idempotent(req, request_id, pause)
        if kind == "drop_after_commit":
            response.drop = True
        elif fault and kind == "delay" and not fault.before:
            self.stopping.wait(fault.seconds)
        return response

    def _injected_error(self, req: Request, fault: Fault) -> StripeError:
        if fault.kind == "server_error":
            return api_error()
        spec = dict(fault.error)
        found = _PI_PATH.match(req.path)
        with self.store.lock:
            pi = self.store.find(found.group(1)) if found else None
            pi = copy.deepcopy(pi) if pi else None
        status, type_, message = int(spec.pop("status")), spec.pop("type"), spec.pop("message")
        code, param = spec.pop("code", None), spec.pop("param", None)
        return StripeError(
            status,
            type_,
            message,
            code=code,
            param=param,
            replayable=False,
            payment_intent=pi,
            **spec,
        )

    def _idempotent(self, req: Request, request_id: str, pause: float) -> Response:
        """Dispatch under the request's idempotency key; ``pause`` first (key already held)."""
        params = parse_form(req.body if req.method == "POST" else req.query)
        key = req.headers.get("Idempotency-Key")
        if req.method != "POST" or not key:
            self.stopping.wait(pause)
            return self._dispatch(req, params, request_id)
        stored = self.idempotency.begin(key, req.path, params, request_id)
        if stored is not None:
            return _replay(stored, key)
        try:
            self.stopping.wait(pause)
            response = self._dispatch(req, params, request_id)
        except BaseException:
            self.idempotency.abandon(key)
            raise
        if response.storable:
            self.idempotency.finish(key, copy.deepcopy(response))
        else:
            self.idempotency.abandon(key)
        response.headers["Idempotency-Key"] = key
        return response

    def _dispatch(self, req: Request, params: dict[str, Any], request_id: str) -> Response:
        try:
            handler, ids = routes.match(req.method, req.path)
            paths = as_str_list(params, "expand")
            with self.store.lock:
                body = copy.deepcopy(handler(self, params, *ids))
                expand(self.store, body, paths)
            return Response(200, body)
        except StripeError as exc:
            return error_response(exc, request_id)

    def _record(self, req: Request, response: Response, fault: Fault | None) -> None:
        entry = {
            "method": req.method,
            "path": req.path,
            "status": None if response.drop else response.status,
            "idempotency_key": req.headers.get("Idempotency-Key"),
            "replayed": response.headers.get("Idempotent-Replayed") == "true",
            "fault": fault.kind if fault else None,
            "request_id": response.headers.get("Request-Id"),
        }
        with self.store.lock:
            self.log.append(entry)
            del self.log[:-_LOG_LIMIT]

    def reader_started(self, reader_id: str, pi_id: str) -> None:
        """Called (store lock held) once a reader accepted ``process_payment_intent``."""
        mode = self.faults.reader
        if mode.mode != "auto":
            return
        timer = threading.Timer(mode.after, self._auto_present, (reader_id, pi_id, mode))
        timer.daemon = True
        self._timers.append(timer)
        timer.start()

    def _auto_present(self, reader_id: str, pi_id: str, mode: ReaderMode) -> None:
        if self.stopping.is_set() or mode.card is None:
            return
        with self.store.lock:
            reader = self.store.find(reader_id)
            action = reader["action"] if reader else None
            if not action or action["status"] != "in_progress":
                return
            if action["process_payment_intent"]["payment_intent"] != pi_id:
                return
            presenting.present_or_fail(
                self.store, reader, mode.card, mode.method_type, mode.amount_tip
            )

    def set_reader_mode(self, spec: dict[str, Any]) -> ReaderMode:
        mode = self.faults.set_reader_mode(spec)
        with self.store.lock:
            for reader in self.store.all("terminal.reader"):
                reader["status"] = "offline" if mode.mode == "offline" else "online"
        return mode

    def stop(self) -> None:
        self.stopping.set()
        for timer in self._timers:
            timer.cancel()


def _replay(stored: Stored, key: str) -> Response:
    response = copy.deepcopy(stored.response)
    headers = {k: v for k, v in response.headers.items() if k != "Request-Id"}
    headers.update(
        {
            "Idempotent-Replayed": "true",
            "Original-Request": stored.request_id,
            "Idempotency-Key": key,
        }
    )
    return replace(response, headers=headers, drop=False)


def _authenticate(header: str | None) -> None:
    if not header:
        raise auth_error(
            "You did not provide an API key. You need to provide your API key in the "
            "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
            "YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, "
            "or we can help at https://support.stripe.com/."
        )
    scheme, _, credential = header.strip().partition(" ")
    if scheme.lower() == "basic":
        try:
            credential = base64.b64decode(credential).decode().partition(":")[0]
        except (binascii.Error, UnicodeDecodeError):
            credential = ""
    elif scheme.lower() != "bearer":
        credential = ""
    credential = credential.strip()
    if not credential.startswith(_KEY_PREFIXES) or len(credential) <= len("sk_test_"):
        shown = f"{credential[:8]}****{credential[-4:]}" if len(credential) > 12 else credential
        raise auth_error(f"Invalid API Key provided: {shown}")
