"""Several app hosts, proven together (issue 22 point 2; docs/DEPLOYMENT.md).

    .venv/bin/python bench/multihost.py \\
        --database-url postgres://postgres@127.0.0.1:5432/consult_hosts \\
        --redis-url redis://127.0.0.1:6379/12

Starts, on this machine: the S3 server (moto's server mode) and a fake SMTP server, two app
hosts (gunicorn, one worker each, each with its own MEDIA_ROOT as separate machines would have)
sharing the PostgreSQL database, Redis and the bucket, and a small proxy in front of them. Then
it checks, through the proxy, what must hold with several hosts:

- a file uploaded through one host downloads through the other;
- a session made on one host is valid on the other;
- a rate limit (the receipt lookup) and the login lockout count once across both;
- the outbox is drained once though both hosts run the sender at the same time;
- a cache entry dropped on one host (a category renamed in admin) is gone on the other.

The proxy sends a request to the host its `X-Upstream` header names (0 or 1), else to each in
turn; the checks name the host so that every step crosses from one to the other. The database
is created if missing, migrated and seeded with the demo (`seed_demo`, safe to repeat); the Redis
database is emptied and each run uses its own SECRET_KEY, so nothing carries over from an earlier
run. Give it a database and a Redis database of its own: never production's.
`--without redis` (or `storage`) runs the hosts without that shared service: the checks that
depend on it must then fail. Exit status 0 when every check passed.
"""

from __future__ import annotations

import argparse
import http.client
import http.server
import io
import itertools
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from tests import s3  # noqa: E402
from tests.fakes.smtp import FakeSMTP  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PASSWORD = "demo-pass-2026"  # seed_demo's
ROOT_USER, ROOT_PASSWORD = "hosts-root", "hosts-root-pass-2026"
TRACK_LIMIT, LOGIN_LIMIT = 4, 3
MAILS = 40


# -- the proxy ---------------------------------------------------------------------------------


class Proxy(http.server.ThreadingHTTPServer):
    """A few lines of reverse proxy: the host named by X-Upstream, else each in turn."""

    daemon_threads = True

    def __init__(self, upstreams: list[int]):
        self.upstreams, self.turn = upstreams, itertools.cycle(range(len(upstreams)))
        self.served = [0] * len(upstreams)
        super().__init__(("127.0.0.1", 0), _ProxyHandler)

    def pick(self, asked: str | None) -> int:
        return int(asked) if asked in {"0", "1"} else next(self.turn)


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Proxy

    def log_message(self, format, *args):  # no client addresses in any log
        pass

    def _forward(self):
        index = self.server.pick(self.headers.get("X-Upstream"))
        self.server.served[index] += 1
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in {"connection"}}
        headers["X-Forwarded-For"] = self.client_address[0]
        headers["X-Forwarded-Proto"] = "http"
        upstream = http.client.HTTPConnection("127.0.0.1", self.server.upstreams[index], timeout=60)
        upstream.request(self.command, self.path, body=body, headers=headers)
        answer = upstream.getresponse()
        content = answer.read()
        self.send_response(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in {"connection", "transfer-encoding", "content-length"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)
        upstream.close()

    do_GET = do_POST = do_HEAD = _forward


# -- the installation --------------------------------------------------------------------------


class Cluster:
    """Two hosts, the proxy and the shared services; `with Cluster(...) as c:`."""

    def __init__(self, *, database_url: str, redis_url: str, without: set[str], log=print):
        self.database_url, self.redis_url = database_url, redis_url
        self.without, self.log = without, log
        self.stack = ExitStack()
        self.tmp = Path(self.stack.enter_context(tempfile.TemporaryDirectory(prefix="hosts-")))
        self.hosts: list[subprocess.Popen] = []

    def __enter__(self) -> Cluster:
        try:
            self._start()
        except BaseException:
            self.stack.close()
            raise
        return self

    def __exit__(self, *exc):
        self.stack.close()

    def _start(self) -> None:
        server, self.s3_endpoint = s3.start_server()
        self.stack.callback(server.stop)
        self.bucket = s3.new_bucket(self.s3_endpoint)
        self.smtp = FakeSMTP()
        self.smtp.start()
        self.stack.callback(self.smtp.stop)
        self.secret_key = secrets.token_urlsafe(48)
        self.ports = [s3.free_port(), s3.free_port()]
        _create_database(self.database_url)
        if "redis" not in self.without:
            import redis

            redis.Redis.from_url(self.redis_url).flushdb()  # nothing cached by an earlier run
        started = time.monotonic()
        for index in (0, 1):
            self._serve(index)  # they start while the database is migrated and seeded
        self.shell(0, _SETUP)
        self.log(f"database ready in {time.monotonic() - started:.1f} s")
        self.proxy = Proxy(self.ports)
        threading.Thread(target=self.proxy.serve_forever, daemon=True).start()
        self.stack.callback(self.proxy.shutdown)
        self.url = f"http://127.0.0.1:{self.proxy.server_address[1]}"
        for index in (0, 1):
            _wait_for(f"http://127.0.0.1:{self.ports[index]}/accounts/login/")
        self.log(f"hosts answering after {time.monotonic() - started:.1f} s")

    def env(self, index: int) -> dict[str, str]:
        """The environment of host `index`: only GUNICORN_BIND and MEDIA_ROOT differ."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "consult.settings",
            "SECRET_KEY": self.secret_key,
            "DEBUG": "0",
            "STATIC_MANIFEST": "0",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": "" if "redis" in self.without else self.redis_url,
            "CACHE_URL": "",
            "STORAGE_URL": ""
            if "storage" in self.without
            else s3.storage_url(self.s3_endpoint, self.bucket),
            "MEDIA_ROOT": str(self.tmp / f"media-{index}"),
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp.port}",
            "TRUSTED_PROXIES": "127.0.0.1",
            "RATELIMIT_TRACK_LIMIT": str(TRACK_LIMIT),
            "LOGIN_FAILURE_LIMIT": str(LOGIN_LIMIT),
            "OUTBOX_BATCH": "3",
            "ERASURE_JOURNAL": str(self.tmp / "erasures.jsonl"),
            "CHANNEL_SECRET_KEY": "",
            "GUNICORN_BIND": f"127.0.0.1:{self.ports[index]}",
            "WEB_CONCURRENCY": "1",
            "LOG_LEVEL": "WARNING",
        }
        env.pop("DATABASE_REPLICA_URL", None)
        return env

    def manage(self, index: int, *args: str) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(index),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def shell(self, index: int, code: str) -> object:
        """Run Python in a Django shell of host `index`; the JSON it prints last."""
        lines = self.manage(index, "shell", "-c", code).strip().splitlines()
        return json.loads(lines[-1]) if lines else None

    def sql(self, query: str, params=None) -> list[tuple]:
        """Read the shared database directly (no Django start-up: seconds on a busy machine)."""
        import psycopg

        with psycopg.connect(self.database_url) as connection:
            return connection.execute(query, params).fetchall()

    def _serve(self, index: int) -> None:
        log = open(self.tmp / f"host-{index}.log", "w")  # noqa: SIM115 (closed by the stack)
        self.stack.callback(log.close)
        host = subprocess.Popen(
            [GUNICORN, "consult.wsgi", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env(index),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.hosts.append(host)
        self.stack.callback(_stop, host)

    def client(self) -> Browser:
        return Browser(self.url)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def _create_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise SystemExit(f"database name {name!r}: use lower-case letters, digits and _")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not found:
            connection.execute(f'CREATE DATABASE "{name}"')


def _wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=10).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


# Migrated and seeded (both safe to repeat), a superuser for Django admin (the category
# rename), e-mail addresses for the demo users (the outbox check).
_SETUP = f"""
import json, os
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("seed_demo", stdout=open(os.devnull, "w"))
from django.contrib.auth import get_user_model
User = get_user_model()
root, _ = User.objects.get_or_create(username="{ROOT_USER}")
root.is_staff = root.is_superuser = True
root.set_password("{ROOT_PASSWORD}")
root.save()
for name in ["employee", "employee_rep", "unit_collector", "dept_head", "supervisor"]:
    User.objects.filter(username=name).update(email=name + "@hosts.invalid")
# Mail for the outbox check, sent by neither host yet.
from consult.audit import notify
from consult.models import Enterprise, MessageKind
demo = Enterprise.objects.get(code="demo")
people = list(User.objects.filter(email__endswith="@hosts.invalid"))
for i in range({MAILS}):
    notify(enterprise=demo, recipients=[people[i % len(people)]], subject="待办",
           kind=MessageKind.STEP, facts={{"number": "2026-%04d" % (i + 1)}})
print(json.dumps("ok"))
"""


# -- a browser through the proxy ---------------------------------------------------------------


class Browser:
    """A requests session through the proxy that names the host of each request."""

    def __init__(self, url: str):
        self.url, self.session = url, requests.Session()

    def get(self, host: int, path: str, **kwargs) -> requests.Response:
        return self.session.get(
            self.url + path, headers={"X-Upstream": str(host)}, allow_redirects=False, **kwargs
        )

    def post(self, host: int, path: str, data: dict, page: str = "", **kwargs):
        """POST the form at `path` (its page read first unless given) with its CSRF token."""
        page = page or self.get(host, path).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        data = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        return self.session.post(
            self.url + path,
            data=data,
            headers={"X-Upstream": str(host), "Referer": self.url + path},
            allow_redirects=False,
            **kwargs,
        )

    def login(self, host: int, username: str, password: str = PASSWORD) -> requests.Response:
        return self.post(host, "/accounts/login/", {"username": username, "password": password})


# -- the checks --------------------------------------------------------------------------------


def check_upload_on_one_download_on_the_other(c: Cluster) -> str:
    employee = c.client()
    assert employee.login(0, "employee").status_code == 302, "employee could not log in"
    page = employee.get(0, "/e/demo/grievances/new/").text
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    png = _png()
    answer = employee.post(
        0,
        "/e/demo/grievances/new/",
        {"kind": "grievance", "content": "多主机附件", "disclosure": "named", "token": token},
        page=page,
        files={"attachments": ("照片.png", png, "image/png")},
    )
    assert answer.status_code == 302, f"submission through host 0 answered {answer.status_code}"
    detail = employee.get(1, answer.headers["Location"]).text
    link = re.search(r'href="(/e/demo/grievances/\d+/attachments/\d+/)"', detail).group(1)
    download = employee.get(1, link)
    assert download.status_code == 200, f"download through host 1 answered {download.status_code}"
    from PIL import Image

    assert Image.open(io.BytesIO(download.content)).size == (8, 8)
    return f"uploaded through host 0, {len(download.content)} bytes downloaded through host 1"


def check_session_from_one_host_on_the_other(c: Cluster) -> str:
    chair = c.client()
    assert chair.login(1, "union_chair").status_code == 302
    page = chair.get(0, "/e/demo/")
    assert page.status_code == 200, f"host 0 answered {page.status_code} to host 1's session"
    assert "union_chair" in page.text or "退出" in page.text
    assert c.client().get(0, "/e/demo/").status_code == 302  # and without it: the login page
    return "logged in on host 1, signed-in page served by host 0"


def check_rate_limit_counts_once(c: Cluster) -> str:
    visitor = c.client()
    codes = [
        visitor.post(i % 2, "/track/", {"code": "NOPE0000", "secret": "x" * 26}).status_code
        for i in range(TRACK_LIMIT + 2)
    ]
    assert codes[:TRACK_LIMIT].count(429) == 0, f"refused too early: {codes}"
    assert codes[TRACK_LIMIT:] == [429, 429], f"limit {TRACK_LIMIT} not shared: {codes}"
    return f"receipt lookups alternating hosts: {codes}"


def check_login_lockout_counts_once(c: Cluster) -> str:
    stranger = c.client()
    for i in range(LOGIN_LIMIT):
        answer = stranger.login(i % 2, "employee_rep", "wrong-password")
        assert answer.status_code != 302, "a wrong password logged in"
    right = stranger.login(LOGIN_LIMIT % 2, "employee_rep")
    assert right.status_code == 429, f"the right password answered {right.status_code}"
    return f"{LOGIN_LIMIT} failures across both hosts locked the account on both"


_DUE = "SELECT id FROM consult_delivery WHERE channel = 'email' AND state IN ('waiting', 'failed')"
_AFTER = "SELECT DISTINCT state, attempts FROM consult_delivery WHERE id = ANY(%s)"


def check_outbox_drained_once(c: Cluster) -> str:
    pending = [row[0] for row in c.sql(_DUE)]
    assert len(pending) >= MAILS, f"only {len(pending)} deliveries due"
    before = len(c.smtp.messages)
    senders = [
        subprocess.Popen(
            [PYTHON, "manage.py", "send_notifications"],
            cwd=ROOT,
            env=c.env(i),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in (0, 1)
    ]
    outputs = [sender.communicate(timeout=120)[0].strip() for sender in senders]
    sent = len(c.smtp.messages) - before
    assert sent == len(pending), f"{len(pending)} deliveries, {sent} mails sent: {outputs}"
    states = c.sql(_AFTER, [pending])
    assert states == [("sent", 1)], f"deliveries after both senders (state, attempts): {states}"
    return f"{len(pending)} deliveries, {sent} mails; host 0: {outputs[0]}; host 1: {outputs[1]}"


_CATEGORY = """
SELECT c.id, c.name, c.enterprise_id, c.parent_id, c."order", c.keywords
FROM consult_category c JOIN consult_enterprise e ON e.id = c.enterprise_id
WHERE e.code = 'demo' AND c.parent_id IS NOT NULL ORDER BY c.id LIMIT 1
"""


def check_cache_entry_dropped_everywhere(c: Cluster) -> str:
    keys = ("pk", "name", "enterprise", "parent", "order", "keywords")
    category = dict(zip(keys, c.sql(_CATEGORY)[0], strict=True))
    staff, admin = c.client(), c.client()
    assert staff.login(0, "union_staff").status_code == 302
    assert f">{category['name']}<" in staff.get(0, "/e/demo/grievances/all/").text
    assert admin.login(1, ROOT_USER, ROOT_PASSWORD).status_code == 302
    new_name = f"{category['name'].split('-')[0]}-{secrets.token_hex(3)}"
    fields = {k: category[k] for k in ("enterprise", "parent", "order", "keywords")}
    changed = admin.post(
        1,
        f"/admin/consult/category/{category['pk']}/change/",
        {**fields, "name": new_name, "is_active": "on"},
    )
    assert changed.status_code == 302, f"admin on host 1 answered {changed.status_code}"
    page = staff.get(0, "/e/demo/grievances/all/").text
    assert f">{new_name}<" in page, "host 0 still lists the old category name"
    return f"renamed on host 1 ({category['name']} -> {new_name}), host 0 lists the new name"


CHECKS: list[Callable[[Cluster], str]] = [
    check_upload_on_one_download_on_the_other,
    check_session_from_one_host_on_the_other,
    check_rate_limit_counts_once,
    check_login_lockout_counts_once,
    check_outbox_drained_once,
    check_cache_entry_dropped_everywhere,
]


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "orange").save(out, format="PNG")
    return out.getvalue()


def run_checks(cluster: Cluster, log=print) -> dict[str, str | None]:
    """{check: None when it passed, else why not}."""
    failures: dict[str, str | None] = {}
    for check in CHECKS:
        name = check.__name__.removeprefix("check_")
        started = time.monotonic()
        try:
            detail = check(cluster)
            log(f"ok    {name} ({time.monotonic() - started:.1f} s): {detail}")
            failures[name] = None
        except Exception as exc:  # report every check, then fail
            log(f"FAIL  {name}: {type(exc).__name__}: {exc}")
            failures[name] = str(exc) or type(exc).__name__
    log(f"proxy: host 0 served {cluster.proxy.served[0]}, host 1 {cluster.proxy.served[1]}")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("MULTIHOST_DATABASE_URL")
        or "postgres://postgres@127.0.0.1:5432/consult_hosts",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("MULTIHOST_REDIS_URL") or "redis://127.0.0.1:6379/12",
    )
    parser.add_argument("--without", action="append", choices=["redis", "storage"], default=[])
    args = parser.parse_args(argv)
    started = time.monotonic()
    with Cluster(
        database_url=args.database_url, redis_url=args.redis_url, without=set(args.without)
    ) as c:
        failures = run_checks(c)
    failed = [name for name, why in failures.items() if why]
    print(
        f"{len(failures) - len(failed)} of {len(failures)} checks passed "
        f"in {time.monotonic() - started:.0f} s"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
