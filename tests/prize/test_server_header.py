"""The production server (gunicorn with gunicorn.conf.py) names no software and no version in
its responses: no ``Server`` header at all. gunicorn runs here on a free port of 127.0.0.1."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_sends_no_server_header():
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (a fixed command)
        [sys.executable, "-m", "gunicorn", "prize.wsgi:application", "--config",
         "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz",  # noqa: S310
                                            timeout=2) as response:
                    headers, body = response.headers, response.read()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert body == b"ok"
    assert headers.get("Server") is None
    assert "gunicorn" not in str(headers).lower()


def test_the_config_leaves_the_version_out_of_the_environ_too():
    import runpy

    from gunicorn import __version__
    from gunicorn.http import wsgi

    saved = wsgi.Response.default_headers, wsgi.SERVER_SOFTWARE
    try:
        runpy.run_path(str(ROOT / "gunicorn.conf.py"))
        assert wsgi.SERVER_SOFTWARE == "gunicorn"
        assert __version__ not in wsgi.SERVER_SOFTWARE
    finally:
        wsgi.Response.default_headers, wsgi.SERVER_SOFTWARE = saved
