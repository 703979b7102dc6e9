"""A small HTTP server per platform, on 127.0.0.1 and a free port, in a thread.

Each fake checks the protocol as the platform documents it (token flow, signatures, payload
shape and byte limits, error codes, rate limits), answers as the platform would, and records
every request it received (`received`) so a test can read each payload. `fail_next(n, 500)`
makes the next n requests fail with that HTTP status; `expire_tokens()` makes every access
token issued so far expired. `GET /_received` lists what arrived, for a person to look at.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    at: float = field(default_factory=time.time)

    @property
    def json(self):
        try:
            return json.loads(self.body.decode())
        except ValueError:
            return None

    @property
    def form(self) -> dict[str, str]:
        return dict(urllib.parse.parse_qsl(self.body.decode(), keep_blank_values=True))

    def text(self) -> str:
        """Everything the request carried, as one text (for crawls of payloads)."""
        parts = [
            self.path,
            json.dumps(self.query, ensure_ascii=False),
            self.body.decode("utf-8", "replace"),
        ]
        parsed = self.json
        if parsed is not None:
            parts.append(json.dumps(parsed, ensure_ascii=False))
        return "\n".join(parts)


class Answer(Exception):
    """Raised by a handler to answer at once: (status, JSON body)."""

    def __init__(self, status: int, body: dict):
        super().__init__(status)
        self.status = status
        self.body = body


class FakeServer:
    name = "fake"

    def __init__(self, port: int = 0):
        self.received: list[Received] = []
        self.delivered: list[dict] = []  # the messages the platform accepted, as it would show
        self._failures: list[int] = []
        self._lock = threading.Lock()
        self.tokens: dict[str, float] = {}  # token -> expiry (time.time())
        self.on_message = None  # callable(server, message) for `python -m tests.fakes`
        self.delay = 0.0  # seconds each answer takes (a slow platform)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake._serve(self, "GET")

            def do_POST(self):
                fake._serve(self, "POST")

            def log_message(self, *args):  # quiet
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    # -- life --------------------------------------------------------------------------------

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- control -----------------------------------------------------------------------------

    def fail_next(self, n: int = 1, status: int = 500) -> None:
        with self._lock:
            self._failures.extend([status] * n)

    def expire_tokens(self) -> None:
        with self._lock:
            for token in self.tokens:
                self.tokens[token] = 0.0

    def issue_token(self, lives: int = 7200) -> str:
        token = f"tok-{len(self.tokens) + 1}-{int(time.time() * 1000)}"
        with self._lock:
            self.tokens[token] = time.time() + lives
        return token

    def token_state(self, token: str) -> str:
        """ "ok", "expired" or "invalid"."""
        expiry = self.tokens.get(token)
        if expiry is None:
            return "invalid"
        return "ok" if expiry > time.time() else "expired"

    def accept(self, message: dict) -> None:
        with self._lock:
            self.delivered.append(message)
        if self.on_message is not None:
            self.on_message(self, message)

    def recent(self, key, seconds: float) -> int:
        """How many accepted messages with this key arrived in the last `seconds`."""
        now = time.time()
        return sum(1 for m in self.delivered if m.get("_key") == key and now - m["_at"] < seconds)

    # -- serving -----------------------------------------------------------------------------

    def _serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        split = urllib.parse.urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        request = Received(
            method=method,
            path=split.path,
            query=dict(urllib.parse.parse_qsl(split.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in handler.headers.items()},
            body=body,
        )
        if method == "GET" and split.path == "/_received":
            self._reply(handler, 200, {"delivered": self.delivered})
            return
        with self._lock:
            self.received.append(request)
            failure = self._failures.pop(0) if self._failures else None
        if self.delay:
            time.sleep(self.delay)
        if failure is not None:
            self._reply(handler, failure, None)
            return
        try:
            status, answer = 200, self.handle(request)
        except Answer as done:
            status, answer = done.status, done.body
        self._reply(handler, status, answer)

    def _reply(self, handler, status: int, answer) -> None:
        raw = (
            b"<html>error</html>"
            if answer is None
            else json.dumps(answer, ensure_ascii=False).encode()
        )
        handler.send_response(status)
        handler.send_header("Content-Type", "text/html" if answer is None else "application/json")
        handler.send_header("Content-Length", str(len(raw)))
        handler.end_headers()
        handler.wfile.write(raw)

    def handle(self, request: Received) -> dict:
        raise Answer(404, {"errcode": 404, "errmsg": "no such path"})


def utf8_len(text) -> int:
    return len(str(text).encode())


def require(condition: bool, status: int, body: dict) -> None:
    if not condition:
        raise Answer(status, body)
