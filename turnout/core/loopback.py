"""A local HTTP server for the fakes of providers' APIs (SMS, WhatsApp, payments, Alexa's
certificates) and for webhook receivers in tests: ``http://127.0.0.1:<free port>``, served by
daemon threads, started and stopped as a context manager.

The fakes stand where the network is (ARCHITECTURE: "a fake stands only where the network
is"): the adapters under test speak real HTTP to them. A handler reaches its fake as
``self.server.fake``.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that does not write every request to stderr."""

    def log_message(self, format, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # a client that gave up (a timeout test) is expected, not an error


class LoopbackServer:
    """Subclasses set ``handler`` (a ``BaseHTTPRequestHandler`` class)."""

    handler: type[BaseHTTPRequestHandler]
    host = "127.0.0.1"
    thread_name = "loopback-server"

    _server: _Server | None = None

    def start(self):
        self._server = _Server((self.host, 0), self.handler)
        self._server.fake = self
        threading.Thread(
            target=self._server.serve_forever, name=self.thread_name, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start the server first"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"
