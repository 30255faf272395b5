"""Logging of ``medspa-server serve``: everything to a rotating ``server.log`` in the data
directory; only start-up, shutdown and errors on the console (a busy server's access log
would otherwise flood whatever reads its output)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

LOG_FILE = "server.log"
MAX_BYTES = 5 << 20
BACKUPS = 5


def log_config(data_dir: Path) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for uvicorn and the server, per worker process.

    NOTE: worker processes share the file; when one rotates it, the others keep writing to
    the renamed file until they rotate in turn. Nothing is lost, lines may sit one file off.
    """
    file_handler = {
        "class": "logging.handlers.RotatingFileHandler",
        "filename": str(data_dir / LOG_FILE),
        "maxBytes": MAX_BYTES,
        "backupCount": BACKUPS,
        "encoding": "utf-8",
        "formatter": "plain",
    }
    console = {"class": "logging.StreamHandler", "formatter": "plain", "level": "INFO"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"}
        },
        "handlers": {"file": file_handler, "console": console},
        "loggers": {
            "uvicorn": {"handlers": ["file", "console"], "level": "INFO", "propagate": False},
            "uvicorn.access": {"handlers": ["file"], "level": "INFO", "propagate": False},
            "medspa_server": {"handlers": ["file", "console"], "level": "INFO"},
        },
    }
