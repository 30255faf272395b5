"""The ``medspa-server`` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from medspa_server import __version__


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="medspa-server", description="MedSpa central server")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = sub.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--data-dir", type=Path, default=Path("./server-data"))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--database-url", default="", help="default: SQLite in --data-dir")
    args = parser.parse_args(argv)

    import uvicorn

    from medspa_server.app import create_app
    from medspa_server.settings import Settings

    args.data_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings(data_dir=args.data_dir, database_url=args.database_url)
    uvicorn.run(create_app(settings), host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
