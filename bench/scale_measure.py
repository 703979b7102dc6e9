"""The measuring half of bench/scale.py: pages in process, exports, and submissions under load.

Pages are requested through Django's test client in this process (no network), each `--repeat`
times after one warm-up; the table gives p50 and p95 of the wall time, the queries of one request
and, for exports, the peak memory of the process (tracemalloc for Python objects, and the
resident-set growth that WeasyPrint's C libraries add). Anonymous submissions run under gunicorn
with the repository's gunicorn.conf.py (as in production: 2 sync workers per core plus one, and
CONN_MAX_AGE=60 as in .env.example) with a load client in a second process.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTERPRISE = "bench-0001"


def _timed(client, url, repeat, *, stream=False):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def once():
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response, body

    response, body = once()  # warm-up
    if response.status_code != 200:
        return None, response.status_code
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        once()
        times.append((time.perf_counter() - t) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        tracemalloc.start()
        once()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    times.sort()
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
    return {
        "p50": statistics.median(times),
        "p95": p95,
        "queries": len(ctx.captured_queries),
        "peak": peak / 2**20,
        "bytes": len(body),
    }, 200


def _client(username):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def page_cases():
    from django.db.models import Count

    from grievances.models import Category, Grievance

    leaf = Category.objects.filter(enterprise__code=ENTERPRISE, parent__isnull=False).first()
    long_item = (  # the one long_timeline() gave 300 events (not a later run's submission)
        Grievance.objects.filter(enterprise__code=ENTERPRISE)
        .annotate(n=Count("events"))
        .order_by("-n")
        .values_list("pk", flat=True)
        .first()
    )
    year = time.localtime().tm_year
    base = f"/e/{ENTERPRISE}"
    u = f"{ENTERPRISE}_"
    return [
        ("staff list, page 1", u + "union_staff", f"{base}/grievances/all/"),
        (
            "staff list, status + category + quarter",
            u + "union_staff",
            f"{base}/grievances/all/?status=closed&category={leaf.pk}"
            f"&received_after={year - 1}-04-01&received_before={year - 1}-06-30",
        ),
        ("staff list, text search", u + "union_staff", f"{base}/grievances/all/?q=食堂"),
        ("staff list, page 100", u + "union_staff", f"{base}/grievances/all/?page=100"),
        ("item with a long timeline", u + "union_staff", f"{base}/grievances/{long_item}/"),
        ("home: union chair", u + "union_chair", f"{base}/"),
        ("home: union staff", u + "union_staff", f"{base}/"),
        ("home: administrative head", u + "admin_head", f"{base}/"),
        ("home: department head", u + "dept_head", f"{base}/"),
        ("home: supervisor", u + "supervisor", f"{base}/"),
        ("home: employee", u + "employee0", f"{base}/"),
        ("approval queue", u + "admin_deputy", f"{base}/grievances/queue/approval/"),
        ("department queue", u + "dept_head", f"{base}/grievances/queue/department/"),
        ("supervision queue", u + "supervisor", f"{base}/supervision/"),
        ("topics", u + "union_staff", f"{base}/topics/"),
        ("employee's items", u + "employee0", f"{base}/grievances/"),
        ("federation home", "bench_federation", "/"),
    ] + extra_cases(base, u)


def extra_cases(base, u):
    """Pages of later steps, when their apps provide them (a case answering 404 is skipped)."""
    year = time.localtime().tm_year
    quarter = (time.localtime().tm_mon - 1) // 3 + 1
    period = f"year={year}&quarter={quarter}"
    return [
        ("federation assessment", "bench_federation", f"{base}/ledger/assessment/"),
        ("federation assessment XLSX", "bench_federation", f"{base}/ledger/assessment.xlsx"),
        ("ledger dashboard", u + "union_chair", f"{base}/ledger/dashboard/"),
        ("work ledger page (quarter)", u + "union_chair", f"{base}/ledger/?{period}"),
        (
            "work ledger XLSX (quarter)",
            u + "union_chair",
            f"{base}/documents/work_ledger.xlsx?{period}",
        ),
        (
            "work ledger PDF (quarter)",
            u + "union_chair",
            f"{base}/documents/work_ledger.pdf?{period}",
        ),
        ("summary table XLSX", u + "union_staff", f"{base}/documents/summary_table.xlsx"),
        ("annual category summary", u + "union_chair", f"{base}/ledger/summary/?year={year}"),
        ("meetings", u + "union_staff", f"{base}/meetings/"),
        ("registers", u + "union_staff", f"{base}/registers/"),
        ("survey rounds", u + "union_staff", f"{base}/surveys/"),
        ("survey figures", u + "union_chair", f"{base}/surveys/figures/"),
        ("bulletins", u + "supervisor", f"{base}/supervision/bulletins/"),
        ("notifications: union chair", u + "union_chair", f"{base}/notifications/"),
    ]


def measure_pages(repeat):
    rows = []
    for name, username, url in page_cases():
        result, status = _timed(_client(username), url, repeat)
        rows.append((name, result, status))
        if result:
            print(
                f"{name:45} p50 {result['p50']:8.1f} ms  p95 {result['p95']:8.1f} ms  "
                f"{result['queries']:3d} queries  {result['peak']:7.1f} MiB",
                flush=True,
            )
        else:
            print(f"{name:45} answered {status}: skipped", flush=True)
    return rows


def measure_submissions(n, threads=8):
    """gunicorn with gunicorn.conf.py; the load client is bench/scale_load.py."""
    from grievances.models import Grievance

    env = dict(os.environ)
    # Plain HTTP on 127.0.0.1: cookies may not require TLS here. The rate limit per address is
    # lifted because every simulated employee comes from this one address.
    env.update(
        RATELIMIT_SUBMIT_LIMIT="100000000",
        RATELIMIT_TRACK_LIMIT="100000000",
        CSRF_COOKIE_SECURE="0",
        SESSION_COOKIE_SECURE="0",
    )
    env.setdefault("CONN_MAX_AGE", "60")
    port = env.get("BENCH_PORT", "8799")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "consult.wsgi",
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "-b",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        time.sleep(3)
        before = Grievance.objects.filter(enterprise__code=ENTERPRISE).count()
        out = subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "scale_load.py"),
                f"http://127.0.0.1:{port}/s/{ENTERPRISE}/",
                str(n),
                str(threads),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        after = Grievance.objects.filter(enterprise__code=ENTERPRISE).count()
    finally:
        server.terminate()
        server.wait()
    fields = dict(line.split("=", 1) for line in out.split())
    fields["created"] = str(after - before)
    return fields


def measure(args):
    from django.db import connection

    from grievances.models import Grievance

    total = Grievance.objects.count()
    print(
        f"\n{total:,} grievances; {platform.node()}, {os.cpu_count()} cores, "
        f"{connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}",
        flush=True,
    )
    rows = measure_pages(args.repeat)
    load = None if args.skip_load else measure_submissions(args.submissions)
    print("\n| page | p50 | p95 | queries | peak memory |\n|---|---|---|---|---|")
    for name, result, _status in rows:
        if result:
            print(
                f"| {name} | {result['p50']:.0f} ms | {result['p95']:.0f} ms | "
                f"{result['queries']} | {result['peak']:.1f} MiB |"
            )
    if load:
        print(
            f"\nanonymous submissions: {load['ok']} ok, {load['errors']} errors, "
            f"{load['created']} rows created, {float(load['rate']):.0f}/s, "
            f"p50 {float(load['p50']):.0f} ms, p95 {float(load['p95']):.0f} ms"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nmeasuring process peak RSS: {rss:.0f} MiB")
