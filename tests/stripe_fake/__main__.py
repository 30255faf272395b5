"""``python -m tests.stripe_fake [--host H] [--port N]``: serve until interrupted.

Prints ``STRIPE_FAKE_URL=http://H:N`` and ``STRIPE_FAKE_API_KEY=...`` (flushed) so that a
parent process can read where to point another program's Stripe SDK.
"""

from __future__ import annotations

import argparse
import signal
import sys

from .server import DEFAULT_API_KEY, FakeStripeServer


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.stripe_fake", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)
    server = FakeStripeServer(args.host, args.port)
    print(f"STRIPE_FAKE_URL={server.url}", flush=True)
    print(f"STRIPE_FAKE_API_KEY={DEFAULT_API_KEY}", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
