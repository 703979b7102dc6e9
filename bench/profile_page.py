"""Profile one page in-process (Django test client, DEBUG=0) with pyinstrument, and print its
queries. Uses the database `bench/hotspots.py` filled.

    .venv/bin/python bench/profile_page.py USERNAME URL [--repeat 20] [--queries]

`--repeat` requests are profiled together after a warm-up, so the tree shows shares of time
rather than one noisy request.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wt_perf")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consult.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

PASSWORD = "demo-pass-2026"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("username")
    parser.add_argument("url")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--queries", action="store_true", help="print each query and its time")
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.login(username=args.username, password=PASSWORD)
    response = client.get(args.url)  # warm-up: templates, translations, the session
    print(f"{response.status_code}, {len(response.content):,} bytes")
    with CaptureQueriesContext(connection) as ctx:
        client.get(args.url)
    spent = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
    print(f"{len(ctx)} queries, {spent:.1f} ms")
    if args.queries:
        for q in ctx.captured_queries:
            print(f"  {float(q['time']) * 1000:6.1f} ms  {q['sql'][:300]}")
    profiler = Profiler(interval=0.0005)
    start = time.perf_counter()
    with profiler:
        for _ in range(args.repeat):
            client.get(args.url)
    print(f"{(time.perf_counter() - start) * 1000 / args.repeat:.1f} ms per request (profiled)")
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
