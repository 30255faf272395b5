"""FastAPI application factory: the sync API under ``/v1``, OpenAPI at ``/docs``."""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import anyio.to_thread
from fastapi import APIRouter, FastAPI
from starlette.middleware.gzip import GZipMiddleware

from medspa_server import __version__
from medspa_server.blob_key import load_blob_key
from medspa_server.blobs import BlobStore
from medspa_server.booking.pages import router as booking_pages
from medspa_server.db import WORKER_THREADS, Database
from medspa_server.errors import install_error_handlers
from medspa_server.feeds import router as calendar_feeds
from medspa_server.gzip_request import GzipRequestMiddleware
from medspa_server.noop_pull import NoOpPulls
from medspa_server.routers import blobs, enrol, pull, push, snapshot, verify, wait
from medspa_server.settings import Settings
from medspa_server.sync.watch import Watcher

GZIP_OVER_BYTES = 1000
GZIP_LEVEL = 1
"""Fastest gzip: a 2,000-row pull page (1.5 MB of JSON) packs to 146 KB in 8 ms, where
Starlette's default level 9 takes 79 ms for 111 KB; at level 9 a first sync of a million
rows spent 40 s of server CPU compressing."""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The server application on ``settings`` (default: from ``MEDSPA_SERVER_*``).

    The database must already be migrated (``medspa-server migrate``; ``serve`` does it).
    """
    settings = settings or Settings()
    database = Database(settings.resolved_database_url())
    app = FastAPI(
        title="MedSpa server",
        version=__version__,
        description="Sync API of MedSpa Desktop: enrolment, push, pull, first sync, blobs.",
        lifespan=_closing(database),
    )
    app.state.settings = settings
    app.state.database = database
    app.state.blob_store = BlobStore(database, load_blob_key(settings))
    app.state.watcher = Watcher(database, settings.wait_check_interval_s)
    install_error_handlers(app)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_OVER_BYTES, compresslevel=GZIP_LEVEL)
    app.add_middleware(GzipRequestMiddleware, max_bytes=settings.max_request_bytes)
    app.add_middleware(NoOpPulls, database=database, settings=settings)
    api = APIRouter(prefix="/v1")
    for module in (enrol, push, pull, snapshot, wait, verify, blobs):
        api.include_router(module.router)
    app.include_router(api)
    app.include_router(booking_pages)
    app.include_router(calendar_feeds)

    @app.get("/health", tags=["operations"])
    def health() -> dict[str, str | int]:
        """Liveness probe for load balancers; ``process`` tells the server processes apart."""
        return {"status": "ok", "version": __version__, "process": os.getpid()}

    return app


def _closing(database: Database) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
        # Everything loaded at start-up lives as long as the process: frozen, the cyclic
        # collector stops walking it again in every full collection (which a push of
        # 10,000 changes ran several times, a fifth of its time on the server).
        gc.collect()
        gc.freeze()
        yield
        database.dispose()

    return lifespan


def create_app_from_environment() -> FastAPI:
    """Factory for ``uvicorn --factory`` (each worker process builds its own app)."""
    return create_app(Settings())
