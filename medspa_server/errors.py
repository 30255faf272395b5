"""API errors: every refusal answers with ``ErrorBody``, whose message a person can act on."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError

from medspa_desktop.sync.protocol import ErrorBody, ErrorCode


class ApiError(Exception):
    def __init__(
        self, status: int, code: ErrorCode, message: str, *, last_applied: int | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = ErrorBody(code=code, message=message, last_applied=last_applied)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(DBAPIError, _database_unavailable)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return JSONResponse(exc.body.model_dump(mode="json", exclude_none=True), exc.status)


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
        for error in exc.errors()[:5]
    )
    body = ErrorBody(
        code=ErrorCode.INVALID,
        message=f"The server could not read this request ({problems}). Nothing was saved; "
        "if it keeps happening, update MedSpa Desktop.",
    )
    return JSONResponse(body.model_dump(mode="json", exclude_none=True), 422)


async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    body = ErrorBody(
        code=ErrorCode.UNAVAILABLE,
        message="The clinic server could not use its database just now, so nothing was saved. "
        "Your changes stay on this computer and are sent again automatically.",
    )
    return JSONResponse(body.model_dump(mode="json", exclude_none=True), 503)
