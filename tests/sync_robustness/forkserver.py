"""Desktop sync processes at ~1/10 of a process start: a fork server.

``python forkserver.py`` imports the desktop application once, then reads one JSON request
per line on stdin, ``{"data_dir": D, "kill_after": seconds or null, "log": path}``. For each
it forks a child that runs ``medspa sync --data-dir D --json`` (``medspa_desktop.cli.main``,
the very code of the installed command, stdout and stderr appended to ``log``), kills the
child with SIGKILL once ``kill_after`` seconds have passed if it is still running, and answers
one JSON line: ``{"pid", "killed", "exit_code", "seconds"}``.

A forked child is a separate process with its own database connections, HTTP connections
and memory, exactly like ``python -m medspa_desktop.cli sync``; only the interpreter start and
the imports (about a second on a slow machine) are shared. The fork server kills only its own
children, before reaping them, so a killed pid can never be another process's.

``ForkServer`` is the test side of it.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType


def serve() -> None:
    import medspa_desktop.cli as cli

    # What `medspa sync` imports on first use, so each child starts at once.
    import medspa_desktop.store.database
    import medspa_desktop.sync.engine  # noqa: F401

    for line in sys.stdin:
        request = json.loads(line)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            _child(cli, request)
        killed = _kill_after(pid, request["kill_after"])
        _, status = os.waitpid(pid, 0)
        answer = {
            "pid": pid,
            "killed": killed,
            "exit_code": os.waitstatus_to_exitcode(status),
            "seconds": time.monotonic() - started,
        }
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


def _child(cli: ModuleType, request: dict) -> None:
    code = 70
    try:
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        code = cli.main(["sync", "--data-dir", request["data_dir"], "--json"])
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _kill_after(pid: int, seconds: float | None) -> bool:
    if seconds is None:
        return False
    handle = os.pidfd_open(pid)
    try:
        exited, _, _ = select.select([handle], [], [], seconds)
        if exited:
            return False
        os.kill(pid, signal.SIGKILL)
        return True
    finally:
        os.close(handle)


@dataclass(frozen=True)
class Run:
    killed: bool
    exit_code: int
    seconds: float


class ForkServer:
    """The test side: ``run(data_dir, kill_after=...)`` runs one ``medspa sync``."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )

    def run(self, data_dir: Path, *, kill_after: float | None, log: Path) -> Run:
        request = {"data_dir": str(data_dir), "kill_after": kill_after, "log": str(log)}
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, f"the fork server stopped (exit code {self.process.poll()})"
        answer = json.loads(line)
        return Run(answer["killed"], answer["exit_code"], answer["seconds"])

    def close(self) -> None:
        assert self.process.stdin
        self.process.stdin.close()
        self.process.wait(timeout=30)


if __name__ == "__main__":
    serve()
