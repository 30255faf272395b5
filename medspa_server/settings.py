"""Server settings from the environment (``MEDSPA_SERVER_*``) and the command line."""

from __future__ import annotations

from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from medspa_desktop.sync.protocol import SUPPORTED_PROTOCOLS


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MEDSPA_SERVER_")

    data_dir: Path = Path("./server-data")
    database_url: str = ""
    """Empty means the embedded SQLite file ``<data_dir>/server.db``; production uses
    ``postgresql+psycopg://user@host/db``."""
    wait_check_interval_s: float = 0.1
    """How often a server process reads the sequences of the organisations its long polls
    wait on (one query for all of them)."""
    blob_key: str = ""
    """AES-256-GCM key for stored files (URL-safe base64 of 32 bytes); empty means the key
    file ``<data_dir>/server-blob.key``, created on first use."""
    max_request_bytes: int = 64 << 20
    """Largest request body accepted after gzip decompression."""
    protocols: str = ""
    """Sync protocol versions accepted, comma-separated (``MEDSPA_SERVER_PROTOCOLS=1,2``);
    empty means ``protocol.SUPPORTED_PROTOCOLS``. Lets a test run the server as the next
    release will (current and previous version) before that release exists."""
    booking_page_views: int = 120
    """Online-booking pages one visitor address may load per ``booking_window_s``."""
    booking_submissions: int = 10
    """Online bookings one visitor address may submit per ``booking_window_s``."""
    booking_window_s: int = 600
    """The online-booking rate limits' window, in seconds."""

    @field_validator("protocols")
    @classmethod
    def _versions(cls, text: str) -> str:
        parts = [part.strip() for part in text.split(",") if part.strip()]
        if not all(part.isdigit() for part in parts):
            raise ValueError(f"protocols must be whole numbers separated by commas, not {text!r}")
        return ",".join(parts)

    def accepted_protocols(self) -> frozenset[int]:
        """The protocol versions this server answers; older and newer ones are refused."""
        if not self.protocols:
            return SUPPORTED_PROTOCOLS
        return frozenset(int(part) for part in self.protocols.split(","))

    def resolved_database_url(self) -> str:
        if not self.database_url:
            return f"sqlite:///{(self.data_dir / 'server.db').resolve()}"
        if self.database_url.startswith(("postgresql://", "postgres://")):
            # psycopg 3 is the driver we ship; a plain URL would make SQLAlchemy look for
            # psycopg2, which is not installed.
            return "postgresql+psycopg://" + self.database_url.split("://", 1)[1]
        return self.database_url
