"""Instructions per request, counted by valgrind's callgrind: the same figure from run to run
whatever else the machine does. (On the shared 2-core VM, requests per second under wrk moved
by ±20 % between two runs of the same code, which hides a change of a few per cent.)

    .venv/bin/python bench/request_cost.py [--database URL] [--requests 10] [--only NAME]

Uses the database bench/compare.py filled (50,000 items in `demo`; default consult_compare)
and its pages: the staff list, the union staff's dashboard, the typical item and the public
form. For each page a child process sets Django up as compare.py's server runs it (DEBUG=0,
hashed static files: run compare.py once first, it collects them), signs in as union staff,
counts the queries of one request, warms the page up, then turns callgrind's instrumentation
on for `--requests` requests through Django's test client and off again. What is counted is
this process's work for a request: middleware, view, ORM, templates, the database driver; not
PostgreSQL's own (compare.py's "db" column) nor gunicorn's.

Needs valgrind (Debian package `valgrind`): callgrind runs the measured requests about fifty
times slower, so a page takes a minute or two.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/consult_compare"
PASSWORD = "demo-pass-2026"
PAGES = {
    "staff list, page 1": ("union_staff", "/e/demo/grievances/all/"),
    "dashboard (union staff)": ("union_staff", "/e/demo/"),
    "item page": ("union_staff", "/e/demo/grievances/{item}/"),
    "public form GET": (None, "/s/demo/"),
}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--database", default=DEFAULT_DATABASE)
    p.add_argument("--requests", type=int, default=10)
    p.add_argument("--only", default="", help="measure the pages whose name contains this")
    p.add_argument("--child", nargs=3, metavar=("USER", "URL", "N"), help=argparse.SUPPRESS)
    return p.parse_args()


def _environment(database: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database,
        DJANGO_SETTINGS_MODULE="consult.settings",
        DEBUG="0",
        STATIC_MANIFEST="1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
    )
    env.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
    return env


def child(username: str, url: str, n: int) -> None:
    """In the measured process: sign in, count, warm up, then N requests instrumented."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.compare import TYPICAL
    from grievances.models import Grievance

    if "{item}" in url:
        item = Grievance.objects.filter(enterprise__code="demo", content=TYPICAL).first()
        if item is None:
            sys.exit("no typical item: run bench/compare.py first")
        url = url.format(item=item.pk)
    client = Client()
    if username != "-":
        assert client.login(username=username, password=PASSWORD), username
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    print(f"queries={len(ctx.captured_queries)}", flush=True)
    control = ["callgrind_control", "-i"]
    subprocess.run([*control, "on", str(os.getpid())], check=True, capture_output=True)
    for _ in range(n):
        client.get(url)
    subprocess.run([*control, "off", str(os.getpid())], check=True, capture_output=True)


def measure(args, username: str | None, url: str) -> tuple[float, int]:
    """(instructions per request, queries per request) of one page."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={tmp}/callgrind.out",
            str(ROOT / ".venv/bin/python"),
            str(Path(__file__).resolve()),
            "--child",
            username or "-",
            url,
            str(args.requests),
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, env=_environment(args.database), cwd=ROOT
        )
    collected = re.search(r"Collected : (\d+)", done.stderr)
    queries = re.search(r"queries=(\d+)", done.stdout)
    if done.returncode != 0 or not collected or not queries:
        sys.exit(f"{url}: the measured process failed\n{done.stdout}\n{done.stderr[-3000:]}")
    return int(collected.group(1)) / args.requests, int(queries.group(1))


def main():
    args = parse_args()
    if args.child:
        username, url, n = args.child
        child(username, url, int(n))
        return
    print(f"{args.requests} requests per page under callgrind, {ROOT}\n")
    print("| page | instructions per request | queries |")
    print("|---|---|---|")
    for name, (username, url) in PAGES.items():
        if args.only and args.only not in name:
            continue
        instructions, queries = measure(args, username, url)
        print(f"| {name} | {instructions / 1e6:.1f} M | {queries} |", flush=True)


if __name__ == "__main__":
    main()
