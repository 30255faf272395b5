"""Device enrolment."""

from __future__ import annotations

from fastapi import APIRouter, Request

from medspa_desktop.sync.protocol import EnrolRequest, EnrolResponse
from medspa_server.deps import DatabaseDep, HeadersChecked
from medspa_server.enrolment import enrol

router = APIRouter(tags=["enrolment"])


@router.post("/enrol")
def enrol_device(
    body: EnrolRequest, request: Request, database: DatabaseDep, _checked: HeadersChecked
) -> EnrolResponse:
    """Register this device with a one-time enrolment code and return its token.

    The code is used up; a device enrolled before (same id, same organisation) gets a new
    token and keeps its mutation numbering.
    """
    return enrol(database, body, request.url.path)
