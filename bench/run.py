"""Benchmarks: time and peak memory of the pages and documents people use most.

    DEBUG=1 .venv/bin/python bench/run.py [--repeat N] [--rows N] [--only NAME]

Runs against its own SQLite file (bench/results/bench.sqlite3) filled by seed_demo and `fill`,
so it never touches real data. Prints one line per case: the median wall time and the median CPU
time of this process (SQLite runs in it, so the CPU time is the request's whole cost and barely
moves when other jobs share the cores), the peak MiB of one more request under tracemalloc, and
the queries. Issue 12 asks the pages to stay under 500 ms here at 100,000 grievances.
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
RESULTS.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DEBUG", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{RESULTS / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consult.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

YEAR = time.localtime().tm_year
QUARTER = (time.localtime().tm_mon - 1) // 3 + 1
PERIOD = f"year={YEAR}&quarter={QUARTER}"
# (name, username, url, served from the cache): the dashboards' cache is emptied before each
# request unless the case says otherwise, so a case measures the figures being counted.
CASES = [
    ("staff list, page 1", "union_staff", "/e/demo/grievances/all/", False),
    (
        "staff list, status + category + quarter",
        "union_staff",
        "/e/demo/grievances/all/?status=routed_department&category={leaf}"
        f"&received_after={YEAR - 1}-04-01&received_before={YEAR - 1}-06-30",
        False,
    ),
    ("staff list, text search", "union_staff", "/e/demo/grievances/all/?q=食堂", False),
    ("staff list, page 2000", "union_staff", "/e/demo/grievances/all/?page=2000", False),
    ("item page", "union_staff", "/e/demo/grievances/{first}/", False),
    ("home: union chair", "union_chair", "/e/demo/", False),
    ("home: union chair (cached)", "union_chair", "/e/demo/", True),
    ("home: union staff", "union_staff", "/e/demo/", False),
    ("home: administrative head", "admin_head", "/e/demo/", False),
    ("home: department head", "dept_head", "/e/demo/", False),
    ("home: supervisor", "supervisor", "/e/demo/", False),
    ("home: employee", "employee", "/e/demo/", False),
    ("home: federation", "federation", "/e/demo/", False),
    ("approval queue", "admin_deputy", "/e/demo/grievances/queue/approval/", False),
    ("department queue", "dept_head", "/e/demo/grievances/queue/department/", False),
    ("supervision queue", "supervisor", "/e/demo/supervision/", False),
    ("topics", "union_staff", "/e/demo/topics/", False),
    ("work ledger page (quarter)", "union_chair", f"/e/demo/ledger/?{PERIOD}", False),
    ("ledger dashboard (year)", "union_chair", "/e/demo/ledger/dashboard/", False),
    ("ledger dashboard (cached)", "union_chair", "/e/demo/ledger/dashboard/", True),
    ("leading group page", "union_chair", "/e/demo/leading-group/", False),
    ("notice PDF", "union_chair", f"/e/demo/documents/notice.pdf?year={YEAR}", False),
    ("notice DOCX", "union_chair", f"/e/demo/documents/notice.docx?year={YEAR}", False),
    ("poster PDF", "union_chair", "/e/demo/documents/poster.pdf", False),
    ("topic summary XLSX", "union_chair", "/e/demo/documents/summary_table.xlsx", False),
    (
        "work ledger XLSX (quarter)",
        "union_chair",
        f"/e/demo/documents/work_ledger.xlsx?{PERIOD}",
        False,
    ),
    ("record form PDF", "union_chair", "/e/demo/documents/grievance_record/{first}.pdf", False),
]
# One item in ten in each state: the lists, queues and ledgers each find their share.
STATES = (
    "submitted",
    "verified",
    "classified",
    "opinion_signed",
    "routed_department",
    "routed_department",
    "answered",
    "informed",
    "closed",
    "closed",
)
ROUTED = {"routed_department", "answered", "informed", "closed"}
SPREAD_DAYS = 3 * 365  # items arrive evenly over the last three years


def fill(rows: int) -> dict:
    """Make sure the demo enterprise has `rows` grievances, spread evenly over the last three
    years (numbered per year in order), by bulk inserts in one transaction."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from consult.models import Category, Department, Enterprise
    from grievances.models import Grievance, GrievanceCounter

    demo = Enterprise.objects.get(code="demo")
    have = Grievance.objects.filter(enterprise=demo).count()
    categories = list(Category.objects.filter(enterprise=demo, parent__isnull=False))
    if have < rows:
        hr = Department.objects.get(enterprise=demo, name="人力资源部")
        now = timezone.now()
        counters = dict(
            GrievanceCounter.objects.filter(enterprise=demo).values_list("year", "last")
        )
        new = rows - have
        with transaction.atomic():
            for begin in range(0, new, 5000):
                batch = []
                for i in range(begin, min(new, begin + 5000)):
                    received = now - datetime.timedelta(
                        days=(new - i) * SPREAD_DAYS / new, minutes=i % 600
                    )
                    year = timezone.localtime(received).year
                    counters[year] = counters.get(year, 0) + 1
                    status = STATES[i % len(STATES)]
                    batch.append(
                        Grievance(
                            enterprise=demo,
                            year=year,
                            serial=counters[year],
                            received_at=received,
                            content=f"第{have + i + 1}条：食堂、宿舍、工资相关诉求",
                            category=None
                            if status == "submitted"
                            else categories[i % len(categories)],
                            status=status,
                            disclosure=("named", "confidential", "anonymous")[i % 3],
                        )
                    )
                made = Grievance.objects.bulk_create(batch, batch_size=2000)
                Grievance.departments.through.objects.bulk_create(
                    (
                        Grievance.departments.through(grievance_id=g.pk, department_id=hr.pk)
                        for g in made
                        if g.status in ROUTED
                    ),
                    batch_size=2000,
                )
            for year, last in counters.items():
                GrievanceCounter.objects.update_or_create(
                    enterprise=demo, year=year, defaults={"last": last}
                )
    first = (
        Grievance.objects.filter(enterprise=demo).order_by("pk").values_list("pk", flat=True)
    ).first()
    return {"first": first, "leaf": categories[0].pk}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rows", type=int, default=5000, help="grievances in `demo`")
    parser.add_argument(
        "--only", default="", help="the cases whose name contains one of these (comma-separated)"
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    start = time.perf_counter()
    ids = fill(args.rows)
    print(f"{args.rows} grievances in `demo` (filled in {time.perf_counter() - start:.0f} s)")
    clients = {}
    for name, username, url, cached in CASES:
        if args.only and not any(part in name for part in args.only.split(",")):
            continue
        url = url.format(**ids)
        client = clients.get(username)
        if client is None:
            client = clients[username] = Client(HTTP_HOST="127.0.0.1")
            client.force_login(get_user_model().objects.get(username=username))
            client.get("/e/demo/")  # the session's first save is not the page's cost
        times, cpu, peak, queries = [], [], 0, 0
        for _ in range(args.repeat):
            if not cached:
                cache.clear()
            with CaptureQueriesContext(connection) as ctx:
                start, start_cpu = time.perf_counter(), time.process_time()
                _get(client, url)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            queries = len(ctx)
        if not cached:
            cache.clear()
        tracemalloc.start()  # one more request for the memory (tracing slows it down)
        _get(client, url)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"{name:40} {statistics.median(times):8.1f} ms {statistics.median(cpu):8.1f} ms CPU "
            f"{peak / 2**20:7.1f} MiB {queries:4d} queries",
            flush=True,
        )


def _get(client, url):
    response = client.get(url)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    return response


if __name__ == "__main__":
    main()
