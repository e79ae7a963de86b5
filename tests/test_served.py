"""The tests' web server (conftest.py's `serve`) serves a built site as the host does: byte ranges, which a
video needs to seek, and silence when the browser hangs up before a file is sent, which a browser may do
(a video's range request dropped, a page left). Any other error in a request is still printed."""

from __future__ import annotations

import functools
import socket
import struct
import threading
import urllib.request
from pathlib import Path

from conftest import QuietServer, _Site


class _Watched(QuietServer):
    """The same server, telling the test when a request has failed."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.failed = threading.Event()

    def handle_error(self, request, client_address) -> None:
        super().handle_error(request, client_address)
        self.failed.set()


def test_a_range_is_served_and_a_browser_hanging_up_early_prints_nothing(tmp_path: Path, capfd):
    (tmp_path / "clip.bin").write_bytes(bytes(range(256)) * (128 * 1024))  # 32 MiB: more than a socket holds
    srv = _Watched(("127.0.0.1", 0), functools.partial(_Site, directory=str(tmp_path)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        req = urllib.request.Request(f"http://127.0.0.1:{srv.server_port}/clip.bin", headers={"Range": "bytes=10-19"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            assert resp.status == 206
            assert resp.headers["Content-Range"] == f"bytes 10-19/{32 * 1024 * 1024}"
            assert resp.read() == bytes(range(10, 20))

        with socket.create_connection(("127.0.0.1", srv.server_port), timeout=10) as sock:
            sock.sendall(b"GET /clip.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert sock.recv(64).startswith(b"HTTP/1.0 200")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
        assert srv.failed.wait(10), "the server never met the closed connection: the test proves nothing"
    finally:
        srv.shutdown()
        srv.server_close()
    assert capfd.readouterr().err == ""


def test_any_other_error_in_a_request_is_still_printed(capfd):
    srv = QuietServer(("127.0.0.1", 0), _Site)
    try:
        try:
            raise ValueError("a handler's own bug")
        except ValueError:
            srv.handle_error(None, ("127.0.0.1", 1))
    finally:
        srv.server_close()
    err = capfd.readouterr().err
    assert "ValueError: a handler's own bug" in err
