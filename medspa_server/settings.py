"""Server settings from the environment (``MEDSPA_SERVER_*``) and the command line."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MEDSPA_SERVER_")

    data_dir: Path = Path("./server-data")
    database_url: str = ""
    """Empty means the embedded SQLite file ``<data_dir>/server.db``."""

    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'server.db').resolve()}"
