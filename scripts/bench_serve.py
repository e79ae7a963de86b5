"""Rebuild time under `mkdocs serve` for scripts/bench.py.

Starts `python -m mkdocs serve --dev-addr 127.0.0.1:PORT` (a free port) on a project, waits until
the essay page is served, appends a unique word to one paragraph of the essay's English file, and
polls the page over HTTP every 50 ms until the word appears. The figure is the time from the write
to the first response that contains it (MkDocs' file watcher, its debounce, the rebuild and the
reload). The server always runs in its own process group and is always ended (SIGTERM, then
SIGKILL); the edited file is restored afterwards.

`dirty=True` runs `mkdocs serve --dirty`, as `make serve` does (strict, as mkdocs.yml says: the
archive plugin makes dirty rebuilds exact for bundles and replaces MkDocs' warning about them).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

POLL_S = 0.05


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)
    except ProcessLookupError:
        pass


def measure(root: Path, essay_src: str, essay_url: str, log: Path, *, dirty: bool, timeout_s: float,
            token: str, env: dict | None = None) -> dict:
    """One serve session: {'start_s', 'rebuild_s'} (rebuild_s None if the edit never showed up
    within timeout_s, with 'error' saying so)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{essay_url}"
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"] + (["--dirty"] if dirty else [])
    src = root / "docs" / essay_src
    original = src.read_text(encoding="utf-8")
    result: dict = {"dirty": dirty, "start_s": None, "rebuild_s": None}
    with open(log, "ab") as lf:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=lf, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            while True:
                if proc.poll() is not None:
                    result["error"] = f"mkdocs serve exited with {proc.returncode} before serving (log_tail in the JSON)"
                    return result
                page = _get(url)
                if page is not None and "</html>" in page:
                    break
                if time.perf_counter() - t0 > timeout_s:
                    result["error"] = f"not served after {timeout_s:.0f} s"
                    return result
                time.sleep(0.2)
            result["start_s"] = time.perf_counter() - t0
            time.sleep(1.0)  # let the watcher settle after the first build
            head, sep, rest = original.partition("\n---\n")
            para_end = rest.index("\n\n", rest.index(next(c for c in rest if not c.isspace())))
            edited = head + sep + rest[:para_end] + f" {token}" + rest[para_end:]
            t1 = time.perf_counter()
            src.write_text(edited, encoding="utf-8")
            while True:
                page = _get(url)
                if page is not None and token in page:
                    result["rebuild_s"] = time.perf_counter() - t1
                    break
                if proc.poll() is not None:
                    result["error"] = f"mkdocs serve exited with {proc.returncode} after the edit (log_tail in the JSON)"
                    break
                if time.perf_counter() - t1 > timeout_s:
                    result["error"] = f"the edit did not appear within {timeout_s:.0f} s"
                    break
                time.sleep(POLL_S)
        finally:
            _stop(proc)
            src.write_text(original, encoding="utf-8")
            if "error" in result:  # the log goes with the temporary folder: keep its end with the result
                result["log_tail"] = log.read_text(encoding="utf-8", errors="replace")[-2000:]
    return result
