"""FastAPI application factory."""

from __future__ import annotations

from fastapi import FastAPI

from medspa_server import __version__
from medspa_server.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(title="MedSpa server", version=__version__)
    app.state.settings = settings

    @app.get("/health")
    def health() -> dict[str, str]:
        """Liveness probe for load balancers."""
        return {"status": "ok", "version": __version__}

    return app
