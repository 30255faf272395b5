"""Files (photos, signatures, PDFs) of the device's organisation, in chunks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from medspa_desktop.sync.protocol import BLOB_CHUNK_BYTES, BlobStatus, ErrorCode
from medspa_server.blobs import BlobStore
from medspa_server.deps import CurrentDevice
from medspa_server.errors import ApiError

router = APIRouter(tags=["blobs"])
Sha256 = Annotated[str, Path(pattern="^[0-9a-f]{64}$", description="SHA-256 of the file, hex")]
ChunkIndex = Annotated[int, Path(ge=0)]


def get_blob_store(request: Request) -> BlobStore:
    store: BlobStore = request.app.state.blob_store
    return store


BlobStoreDep = Annotated[BlobStore, Depends(get_blob_store)]


@router.get("/blobs/{sha256}")
def blob_status(
    sha256: Sha256, request: Request, device: CurrentDevice, store: BlobStoreDep
) -> BlobStatus:
    """Which chunks of this file the server holds, and whether it is complete (checked)."""
    return store.status(device.org_id, sha256, device_id=device.id, path=request.url.path)


@router.put("/blobs/{sha256}/chunks/{index}")
async def upload_chunk(
    sha256: Sha256,
    index: ChunkIndex,
    size: Annotated[int, Query(ge=0, description="size of the whole file in bytes")],
    request: Request,
    device: CurrentDevice,
    store: BlobStoreDep,
) -> BlobStatus:
    """Store one chunk (raw bytes; every chunk but the last is ``BLOB_CHUNK_BYTES``).

    Resumable: send the chunks ``GET /v1/blobs/{sha256}`` does not list. When the last one
    arrives the whole file is checked against ``sha256``; a damaged file is discarded (422).
    """
    content = await request.body()
    if len(content) > BLOB_CHUNK_BYTES:
        raise ApiError(413, ErrorCode.INVALID, f"A chunk holds at most {BLOB_CHUNK_BYTES} bytes.")
    return await run_in_threadpool(store.put_chunk, device.org_id, sha256, index, size, content)


@router.get(
    "/blobs/{sha256}/chunks/{index}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def download_chunk(
    sha256: Sha256, index: ChunkIndex, request: Request, device: CurrentDevice, store: BlobStoreDep
) -> Response:
    """One chunk of a complete file, as raw bytes."""
    content = store.chunk(device.org_id, sha256, index, device_id=device.id, path=request.url.path)
    return Response(content, media_type="application/octet-stream")
