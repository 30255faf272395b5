"""Logging of ``medspa-server serve``: everything to a rotating ``server.log`` in the data
directory; only start-up, shutdown and errors on the console (a busy server's access log
would otherwise flood whatever reads its output)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

LOG_FILE = "server.log"
QUIET_PATHS = ("/v1/pull", "/v1/wait")
"""Successful polls are not written to the access log: 50 devices polling would fill the
log (and spend a tenth of each poll writing it). Refused and failed polls are written."""
MAX_BYTES = 5 << 20
BACKUPS = 5


class QuietPolls(logging.Filter):
    """Drops uvicorn access-log records of answered GET polls (``QUIET_PATHS``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name != "uvicorn.access" or not isinstance(record.args, tuple):
            return True
        # uvicorn's access record: (client, method, path with query, HTTP version, status)
        args = record.args
        if len(args) == 5 and args[1] == "GET" and args[4] == 200:
            path = str(args[2]).split("?", 1)[0]
            return path not in QUIET_PATHS
        return True


def log_config(data_dir: Path) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for uvicorn and the server, per worker process.

    NOTE: worker processes share the file; when one rotates it, the others keep writing to
    the renamed file until they rotate in turn. Nothing is lost, lines may sit one file off.
    """
    file_handler = {
        "class": "logging.handlers.RotatingFileHandler",
        "filters": ["quiet_polls"],
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
        "filters": {"quiet_polls": {"()": QuietPolls}},
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
