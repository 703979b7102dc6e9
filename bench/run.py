"""Benchmarks: time and peak memory of the pages and documents people use most.

    DEBUG=1 .venv/bin/python bench/run.py [--repeat N]

Runs against its own SQLite file (bench/results/bench.sqlite3) filled by seed_demo, so it
never touches real data. Prints one line per case: median ms, peak MiB (tracemalloc),
queries. Later apps add cases to CASES.
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

CASES = [
    ("dashboard", "union_chair", "/e/demo/"),
    ("leading group page", "union_chair", "/e/demo/leading-group/"),
    ("notice PDF", "union_chair", "/e/demo/documents/notice.pdf?year=2026"),
    ("notice DOCX", "union_chair", "/e/demo/documents/notice.docx?year=2026"),
    ("poster PDF", "union_chair", "/e/demo/documents/poster.pdf"),
    ("grievance list (page 1)", "union_chair", "/e/demo/grievances/all/"),
    ("grievance list, text filter", "union_chair", "/e/demo/grievances/all/?q=食堂"),
    ("department queue", "dept_head", "/e/demo/grievances/queue/department/"),
    ("topic summary XLSX", "union_chair", "/e/demo/documents/summary_table.xlsx"),
    ("record form PDF", "union_chair", "/e/demo/documents/grievance_record/{first}.pdf"),
]


def fill(rows: int) -> int:
    """Make sure the demo enterprise has `rows` grievances (bulk, numbered in order)."""
    from django.utils import timezone

    from consult.models import Category, Department, Enterprise
    from grievances.models import Grievance, GrievanceCounter

    demo = Enterprise.objects.get(code="demo")
    have = Grievance.objects.filter(enterprise=demo).count()
    if have < rows:
        categories = list(Category.objects.filter(enterprise=demo, parent__isnull=False))
        now = timezone.now()
        made = Grievance.objects.bulk_create(
            Grievance(
                enterprise=demo,
                year=now.year,
                serial=have + i + 1,
                received_at=now,
                content=f"第{have + i + 1}条：食堂、宿舍、工资相关诉求",
                category=categories[i % len(categories)],
                status="routed_department" if i % 3 == 0 else "submitted",
                disclosure=("named", "confidential", "anonymous")[i % 3],
            )
            for i in range(rows - have)
        )
        hr = Department.objects.get(enterprise=demo, name="人力资源部")
        Grievance.departments.through.objects.bulk_create(
            Grievance.departments.through(grievance_id=g.pk, department_id=hr.pk) for g in made
        )
        GrievanceCounter.objects.update_or_create(
            enterprise=demo, year=now.year, defaults={"last": rows}
        )
    return (
        Grievance.objects.filter(enterprise=demo)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rows", type=int, default=5000, help="grievances in `demo`")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    first = fill(args.rows)
    print(f"{args.rows} grievances in `demo`")
    clients = {}
    for name, username, url in CASES:
        url = url.format(first=first)
        client = clients.get(username)
        if client is None:
            client = clients[username] = Client(HTTP_HOST="127.0.0.1")
            client.login(username=username, password="demo-pass-2026")
        times, peak, queries = [], 0, 0
        for _ in range(args.repeat):
            tracemalloc.start()
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            peak = max(peak, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
            queries = len(ctx)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{name:28} {statistics.median(times):8.1f} ms {peak / 2**20:7.1f} MiB "
            f"{queries:4d} queries"
        )


if __name__ == "__main__":
    main()
