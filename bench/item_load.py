"""The item page under load (issue 12: at least 3× django-helpdesk's 48.9 req/s at 50,000 items).

    .venv/bin/python bench/item_load.py [--port 8811] [--duration 10] [--workers 2]

Uses the database `bench/hotspots.py` filled (`DATABASE_URL`, default …/wt_perf; run hotspots
first: it also makes the two items opened here). Starts gunicorn with `--workers` sync workers
on 127.0.0.1 (production static after `collectstatic`, `DEBUG=0`), signs in union staff and the
union chair (whose history holds ~60,000 notifications) through the test client to get their
session cookies, and runs `wrk -t2 -c8 -d<duration>s` against the typical item (submitted: the
verify form with its merge field) and the item with a 300-event timeline.
"""

import argparse
import contextlib
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wt_perf")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consult.settings")

import django  # noqa: E402

django.setup()


def session_cookie(username: str) -> str:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client.cookies["sessionid"].value


def wrk(url: str, cookie: str, duration: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{duration}s", "--timeout", "30s", "--latency"]
        + ["-H", f"Cookie: sessionid={cookie}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rate": rate,
        "p50": p50,
        "p99": p99,
        "non2xx": int(bad.group(1)) if bad else 0,
        "errors": errors.group(1) if errors else "none",
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", default="8811")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="the cases whose name contains this")
    args = parser.parse_args()
    from django.core.management import call_command

    from bench.hotspots import bench_items

    call_command("collectstatic", interactive=False, verbosity=0)
    long_pk, typical_pk = bench_items()
    cookies = {u: session_cookie(u) for u in ("union_staff", "union_chair")}
    base = f"http://127.0.0.1:{args.port}/e/demo/grievances"
    print(f"({args.workers} sync workers, wrk -t2 -c8 -d{args.duration}s)")
    for name, pk in (("typical item", typical_pk), ("item, 300 events", long_pk)):
        for username, cookie in cookies.items():
            if args.only and args.only not in f"{name} {username}":
                continue
            # A fresh server per case: requests a slow case left queued do not delay the next.
            with serving(args.port, args.workers):
                page = urllib.request.urlopen(
                    urllib.request.Request(
                        f"{base}/{pk}/", headers={"Cookie": f"sessionid={cookie}"}
                    ),
                    timeout=60,
                )
                assert page.status == 200 and page.url.endswith(f"/{pk}/"), page.url
                size = len(page.read())
                load = os.getloadavg()[0]
                r = wrk(f"{base}/{pk}/", cookie, args.duration)
            print(
                f"{name:18} {username:12} {r['rate']:7.1f} req/s  p50 {r['p50']:>8}"
                f"  p99 {r['p99']:>8}  non-2xx {r['non2xx']}  socket errors: {r['errors']}"
                f"  {size:,} bytes  (load before: {load:.2f})",
                flush=True,
            )


@contextlib.contextmanager
def serving(port: str, workers: int):
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "consult.wsgi", "-w", str(workers)]
        + ["-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=dict(os.environ),
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except OSError as exc:
                if getattr(exc, "code", None):  # an HTTP answer: the server is up
                    break
                time.sleep(0.2)
        yield server
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
