"""Benchmark of step 8's exports: the work ledger of one quarter with N items to XLSX, and a
500-row work ledger to PDF.

    DEBUG=1 .venv/bin/python bench/ledger.py [--rows 100000] [--pdf-rows 500]

Runs against its own SQLite file (bench/results/ledger.sqlite3), filled once by seed_demo and
bulk rows (a quarter of items, one in four with a reported task, so 办理情况 reads clocks).
Each export runs in a fresh process so its peak resident memory (ru_maxrss) is its own; the
figure printed is the growth over the process's size before the export began, and the time
includes reading the rows from the database.
"""

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
RESULTS.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DEBUG", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{RESULTS / 'ledger.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consult.settings")

QUARTER = {"year": "2026", "quarter": "3"}


def _setup():
    import django

    django.setup()


def fill(rows: int) -> None:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from consult.models import Category, Department, Enterprise, Membership
    from grievances.models import Grievance, GrievanceCounter
    from supervision.models import Task

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    demo = Enterprise.objects.get(code="demo")
    start = datetime.datetime(2026, 7, 1, 9, tzinfo=timezone.get_current_timezone())
    have = Grievance.objects.filter(enterprise=demo, year=2026).count()
    if have >= rows:
        return
    categories = list(Category.objects.filter(enterprise=demo, parent__isnull=False))
    hr = Department.objects.get(enterprise=demo, name="人力资源部")
    employee = Membership.objects.get(enterprise=demo, user__username="employee").user
    step = 5000
    with transaction.atomic():
        for offset in range(have, rows, step):
            made = Grievance.objects.bulk_create(
                Grievance(
                    enterprise=demo,
                    year=2026,
                    serial=i + 1,
                    received_at=start + datetime.timedelta(minutes=i),
                    content=f"第{i + 1}条：=食堂饭菜价格偏高，宿舍热水供应时间短，希望改进。",
                    category=categories[i % len(categories)],
                    status=("informed", "routed_department", "submitted")[i % 3],
                    route="department" if i % 3 != 2 else "",
                    disclosure=("named", "confidential", "anonymous")[i % 3],
                    requester=employee if i % 3 != 2 else None,
                    requester_phone="13800000000" if i % 3 != 2 else "",
                )
                for i in range(offset, min(rows, offset + step))
            )
            Grievance.departments.through.objects.bulk_create(
                Grievance.departments.through(grievance_id=g.pk, department_id=hr.pk) for g in made
            )
            tasks = Task.objects.bulk_create(
                Task(
                    enterprise=demo,
                    source="direct",
                    title=g.content[:30],
                    content=g.content,
                    lead_department=hr,
                    started_on=datetime.date(2026, 7, 2),
                    deadline=datetime.date(2026, 7, 20),
                    status="informed",
                    outcome="done",
                    outcome_text="已调整",
                    completed_on=datetime.date(2026, 7, 15),
                    report_due=datetime.date(2026, 7, 20),
                    reported_at=start + datetime.timedelta(days=16),
                    feedback_on=datetime.date(2026, 7, 17),
                    inform_due=datetime.date(2026, 7, 22),
                    informed_on=datetime.date(2026, 7, 21),
                )
                for g in made[::4]
            )
            Task.grievances.through.objects.bulk_create(
                Task.grievances.through(task_id=t.pk, grievance_id=g.pk)
                for t, g in zip(tasks, made[::4], strict=True)
            )
        GrievanceCounter.objects.update_or_create(
            enterprise=demo, year=2026, defaults={"last": rows}
        )


def measure(fmt: str, limit: int | None) -> dict:
    """One export, in this process: seconds, peak RSS growth (MiB), rows."""
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from consult import docregistry
    from consult.access import user_access
    from consult.docregistry import DocumentContext
    from grievances.models import Grievance
    from ledger import documents

    chair = get_user_model().objects.get(username="union_chair")
    access = user_access(chair).by_code["demo"]
    params = dict(QUARTER)
    if limit:
        # The first `limit` items of the quarter: the month they fall in, or a status filter.
        last = Grievance.objects.filter(enterprise=access.enterprise).order_by("received_at")[
            limit - 1
        ]
        documents.PDF_ROW_LIMIT = max(documents.PDF_ROW_LIMIT, limit)
        params["_until"] = last.received_at.isoformat()
    entry = docregistry.get("work_ledger")
    request = RequestFactory().get("/")
    ctx = DocumentContext(access=access, user=chair, params=params, request=request)
    if limit:
        original = documents.ledger_items
        until = last.received_at
        documents.ledger_items = lambda spec, c: original(spec, c).filter(received_at__lte=until)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    rendered = entry.render(entry.lookup(ctx, None), fmt, ctx)
    size = len(rendered.read())
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    count = documents.ledger_items(entry.lookup(ctx, None), ctx).count()
    return {
        "format": fmt,
        "rows": count,
        "seconds": round(seconds, 2),
        "peak_growth_mib": round((peak - before) / 1024, 1),
        "peak_rss_mib": round(peak / 1024, 1),
        "bytes": size,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pdf-rows", type=int, default=500)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    _setup()
    if args.one:
        fmt, limit = args.one.split(":")
        print(json.dumps(measure(fmt, int(limit) or None)))
        return
    started = time.perf_counter()
    fill(args.rows)
    print(f"{args.rows} items in demo, 2026 Q3 (filled in {time.perf_counter() - started:.0f} s)")
    for fmt, limit in (("xlsx", 0), ("pdf", args.pdf_rows)):
        out = subprocess.run(
            [sys.executable, __file__, "--one", f"{fmt}:{limit}"],
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"work ledger {result['format'].upper():4} {result['rows']:7d} rows "
            f"{result['seconds']:6.2f} s  peak +{result['peak_growth_mib']:.1f} MiB "
            f"(process {result['peak_rss_mib']:.0f} MiB)  {result['bytes'] / 2**20:.1f} MiB file"
        )


if __name__ == "__main__":
    main()
