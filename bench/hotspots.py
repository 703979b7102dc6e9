"""The hot spots of issue 12 on PostgreSQL: anonymous submission and /track/, the staff list,
the unread count of every signed-in page, the summary XLSX/PDF and the topics page.

    .venv/bin/python bench/hotspots.py [--rows 30000] [--repeat 5] [--explain]

Uses `DATABASE_URL` (default: postgres://postgres@127.0.0.1:5432/wt_perf) and fills the
`demo` enterprise once through bulk_create: `--rows` grievances over this year and last, in
every status, a fifth of them grouped five to a topic, and a history of read notifications
(plus a few unread) for the union staff and the chair. Prints, per case, the median time of
`--repeat` requests in-process (no tracemalloc while timing), the peak Python memory of one
more request (tracemalloc), and its query count. `--explain` prints EXPLAIN ANALYZE of the
staff list's page and count queries and of the unread count.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wt_perf")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("EMAIL_URL", "memory://")
os.environ.setdefault("RATELIMIT_SUBMIT_LIMIT", "1000000")
os.environ.setdefault("RATELIMIT_TRACK_LIMIT", "1000000")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consult.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PASSWORD = "demo-pass-2026"


def fill(rows: int) -> None:
    import random

    from django.utils import timezone

    from consult.models import Category, Department, Enterprise, Notification
    from grievances.models import Grievance, GrievanceCounter, Status, Topic
    from grievances.receipts import hash_secret

    demo = Enterprise.objects.get(code="demo")
    _fill_pdf_year(demo)
    have = Grievance.objects.filter(enterprise=demo).count()
    if have >= rows:
        return
    rng = random.Random(12)
    categories = list(Category.objects.filter(enterprise=demo, parent__isnull=False))
    departments = list(Department.objects.filter(enterprise=demo))
    statuses = list(Status.values)
    now = timezone.now()
    this_year = timezone.localdate().year
    counters = {
        this_year - 1: Grievance.objects.filter(enterprise=demo, year=this_year - 1).count(),
        this_year: Grievance.objects.filter(enterprise=demo, year=this_year).count(),
    }
    batch = []
    for i in range(rows - have):
        received = now - datetime.timedelta(minutes=rng.randrange(0, 700 * 24 * 60))
        year = timezone.localtime(received).year
        counters[year] = counters.get(year, 0) + 1
        anonymous = i % 3 == 2
        batch.append(
            Grievance(
                enterprise=demo,
                year=year,
                serial=100000 + counters[year],
                received_at=received,
                content=f"第{i}条：食堂、宿舍、工资相关诉求" + "。" * rng.randrange(0, 200),
                category=rng.choice(categories),
                status=rng.choice(statuses),
                disclosure=("named", "confidential", "anonymous")[i % 3],
                receipt_code=f"B{have + i:09d}" if anonymous else None,
                receipt_secret_hash=hash_secret(f"S{i}") if anonymous else "",
                responsible_person="张三",
            )
        )
    made = Grievance.objects.bulk_create(batch, batch_size=2000)
    through = Grievance.departments.through
    through.objects.bulk_create(
        (through(grievance_id=g.pk, department_id=rng.choice(departments).pk) for g in made),
        batch_size=5000,
    )
    grouped = made[: len(made) // 5]
    topics = Topic.objects.bulk_create(
        Topic(enterprise=demo, title=f"议题{i}", status="queued", note="备注")
        for i in range(len(grouped) // 5)
    )
    for index, g in enumerate(grouped[: len(topics) * 5]):
        g.topic = topics[index // 5]
    Grievance.objects.bulk_update(grouped, ["topic"], batch_size=2000)
    for year, last in counters.items():
        GrievanceCounter.objects.update_or_create(
            enterprise=demo, year=year, defaults={"last": 100000 + last}
        )
    from django.contrib.auth import get_user_model

    for username, count in (("union_staff", rows), ("union_chair", rows * 2)):
        user = get_user_model().objects.get(username=username)
        Notification.objects.bulk_create(
            (
                Notification(
                    enterprise=demo,
                    recipient=user,
                    subject=f"通知{i}",
                    url="/e/demo/",
                    read_at=None if i % 2000 == 0 else now,
                )
                for i in range(count)
            ),
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves a table in steady use


PDF_YEAR_ROWS = 1000


def _fill_pdf_year(demo) -> None:
    """Three years ago (before the other rows): as many classified items as the PDF prints."""
    from django.utils import timezone

    from consult.models import Category
    from grievances.models import Grievance

    year = timezone.localdate().year - 3
    if Grievance.objects.filter(enterprise=demo, year=year).exists():
        return
    categories = list(Category.objects.filter(enterprise=demo, parent__isnull=False))
    received = timezone.now().replace(year=year)
    Grievance.objects.bulk_create(
        Grievance(
            enterprise=demo,
            year=year,
            serial=i + 1,
            received_at=received,
            content=f"第{i}条：宿舍热水、食堂价格、加班工资相关诉求，请工会协调解决。",
            category=categories[i % len(categories)],
            status="classified",
            responsible_person="张三",
        )
        for i in range(PDF_YEAR_ROWS)
    )


LONG_ITEM, TYPICAL_ITEM = "BENCH-LONG", "BENCH-TYPICAL"


def bench_items() -> tuple[int, int]:
    """Two of the filled rows made into items to open: a verified one with a 300-event timeline
    (supplementary material, notes, visits; a third of them public) and a typical new one
    (submitted, 12 events, so the verify form and its merge field show). Marked by their content."""
    from django.contrib.auth import get_user_model

    from grievances.models import Grievance, GrievanceEvent

    demo = Grievance.objects.filter(enterprise__code="demo", serial__gt=100000)
    found = dict(demo.filter(content__startswith="BENCH-").values_list("content", "pk"))
    if len(found) == 2:
        return found[LONG_ITEM], found[TYPICAL_ITEM]
    users = get_user_model().objects.in_bulk(["union_staff", "employee"], field_name="username")
    actions = ("attachment_added", "attachment_cleared", "topic_assigned", "reported", "informed")
    made = {}
    for marker, status, count, g in zip(
        (LONG_ITEM, TYPICAL_ITEM),
        ("verified", "submitted"),
        (300, 12),
        demo.filter(category__isnull=False).order_by("-received_at")[:2],
        strict=True,
    ):
        g.content, g.status, g.disclosure = marker, status, "confidential"
        g.requester = users["employee"]
        g.save(update_fields=["content", "status", "disclosure", "requester"])
        GrievanceEvent.objects.bulk_create(
            GrievanceEvent(
                grievance=g,
                actor=users["employee" if i % 7 == 0 else "union_staff"],
                action=actions[i % len(actions)],
                note=f"第{i}次补充材料：宿舍热水器维修记录{i}.pdf" if i % 2 else "",
                public=i % 3 == 0,
                created_at=g.received_at + datetime.timedelta(hours=i),
            )
            for i in range(count)
        )
        made[marker] = g.pk
    return made[LONG_ITEM], made[TYPICAL_ITEM]


def cases(first_pk: int, last_page: int, year: int, long_pk: int, typical_pk: int):
    return [
        ("anonymous submission POST", None, "submit"),
        ("/track/ POST (keyed hash)", None, "track"),
        ("staff list, page 1", "union_chair", "/e/demo/grievances/all/"),
        ("staff list, last page", "union_chair", f"/e/demo/grievances/all/?page={last_page}"),
        ("staff list, status filter", "union_chair", "/e/demo/grievances/all/?status=submitted"),
        ("staff list, text search", "union_chair", "/e/demo/grievances/all/?q=宿舍"),
        ("item page (chair)", "union_chair", f"/e/demo/grievances/{first_pk}/"),
        ("item, 300 events (staff)", "union_staff", f"/e/demo/grievances/{long_pk}/"),
        ("item, 300 events (chair)", "union_chair", f"/e/demo/grievances/{long_pk}/"),
        (
            "item, 300 events, all shown (staff)",
            "union_staff",
            f"/e/demo/grievances/{long_pk}/?events=all",
        ),
        ("item, 300 events (requester)", "employee", f"/e/demo/grievances/{long_pk}/"),
        ("item, typical (staff)", "union_staff", f"/e/demo/grievances/{typical_pk}/"),
        ("item, typical (chair)", "union_chair", f"/e/demo/grievances/{typical_pk}/"),
        ("notifications page (chair)", "union_chair", "/e/demo/notifications/"),
        ("topics page", "union_staff", "/e/demo/topics/"),
        (
            f"summary XLSX ({year})",
            "union_chair",
            f"/e/demo/documents/summary_table.xlsx?year={year}",
        ),
        (
            f"summary PDF ({year}, above the cap)",
            "union_chair",
            f"/e/demo/documents/summary_table.pdf?year={year}",
        ),
        (
            f"summary PDF ({year - 3}, {PDF_YEAR_ROWS} rows)",
            "union_chair",
            f"/e/demo/documents/summary_table.pdf?year={year - 3}",
        ),
    ]


class Anonymous:
    """POSTs that make a new submission or look one up each time."""

    def __init__(self):
        self.client = Client(HTTP_HOST="127.0.0.1")
        self.n = 0
        self.receipt = None

    def submit(self):
        self.n += 1
        token = f"bench-{time.time_ns()}-{self.n}"
        response = self.client.post(
            "/s/demo/submit/", {"kind": "grievance", "content": f"夜班{self.n}", "token": token}
        )
        if self.receipt is None:
            import re

            text = response.content.decode()
            self.receipt = (
                re.search(r'id="receipt-code">([A-Z0-9]+)<', text).group(1),
                re.search(r'id="receipt-secret">([A-Z0-9]+)<', text).group(1),
            )
        return response

    def track(self):
        if self.receipt is None:
            self.submit()
        code, secret = self.receipt
        return self.client.post("/track/", {"code": code, "secret": secret})


def measure(call, repeat):
    times = []
    response = None
    for _ in range(repeat):
        start = time.perf_counter()
        response = call()
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    with CaptureQueriesContext(connection) as ctx:
        response = call()
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak, len(ctx), response.status_code


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def _sql_of(run) -> str:
    with CaptureQueriesContext(connection) as ctx:
        run()
    # A page asks for the count first and prefetches departments after: the page's own query.
    sqls = [q["sql"] for q in ctx.captured_queries]
    return next((sql for sql in reversed(sqls) if 'FROM "grievances_grievance"' in sql), sqls[0])


def explain_all():
    """EXPLAIN ANALYZE of what the staff list and every signed-in page ask the database."""
    from django.contrib.auth import get_user_model

    from consult.access import user_access
    from consult.models import Notification
    from grievances.filters import GrievanceFilter
    from grievances.rows import staff_list

    chair = get_user_model().objects.get(username="union_chair")
    access = user_access(chair).by_code["demo"]
    qs = GrievanceFilter(
        None, queryset=staff_list(access, chair).order_by("-received_at", "-id"), access=access
    ).qs
    unread = Notification.objects.filter(
        recipient=chair, enterprise=access.enterprise, read_at__isnull=True
    )
    from consult.pagination import IdFirstPaginator

    paginator = IdFirstPaginator(qs, 25)
    for title, run in (
        ("staff list, page 1", lambda: list(paginator.page(1))),
        ("staff list, last page", lambda: list(paginator.page(paginator.num_pages))),
        ("staff list, count", lambda: IdFirstPaginator(qs, 25).count),
        ("unread notifications of the chair", unread.count),
    ):
        sql = _sql_of(run)
        print(f"== {title} ==\n{sql}\n{explain(sql)}\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=30000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    args = parser.parse_args()
    from django.utils import timezone

    from grievances.models import Grievance

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    fill(args.rows)
    total = Grievance.objects.filter(enterprise__code="demo").count()
    first = Grievance.objects.filter(enterprise__code="demo").order_by("pk").first().pk
    year = timezone.localdate().year
    print(f"{total} grievances in `demo` ({connection.vendor}), {os.cpu_count()} cores")
    if args.explain:
        explain_all()
    clients = {}
    anonymous = Anonymous()
    long_pk, typical_pk = bench_items()
    print(f"item with 300 events: {long_pk}; typical item: {typical_pk}")
    for name, username, url in cases(first, -(-total // 25), year, long_pk, typical_pk):
        if args.only and args.only not in name:
            continue
        if username is None:
            call = getattr(anonymous, url)
        else:
            client = clients.get(username)
            if client is None:
                client = clients[username] = Client(HTTP_HOST="127.0.0.1")
                client.login(username=username, password=PASSWORD)

            def call(client=client, url=url):
                return client.get(url)

        median, peak, queries, status = measure(call, args.repeat)
        print(f"{name:32} {median:9.1f} ms {peak / 2**20:8.1f} MiB {queries:4d} queries  {status}")


if __name__ == "__main__":
    main()
