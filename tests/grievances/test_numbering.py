"""Numbers per enterprise and year, gapless and unique even under concurrent submissions."""

import threading

import pytest
from django.db import connection, connections

from grievances import services
from grievances.models import Grievance


def test_numbers_count_up_per_enterprise(demo, demo_b, member):
    employee = member("employee").user
    first = services.grievance_submit(
        enterprise=demo, by=employee, kind="grievance", content="一", disclosure="named"
    )
    second = services.grievance_submit(
        enterprise=demo, by=employee, kind="grievance", content="二", disclosure="named"
    )
    other = services.grievance_submit(
        enterprise=demo_b,
        by=member("b_employee", "demo-b").user,
        kind="grievance",
        content="三",
        disclosure="named",
    )
    assert (first.serial, second.serial, other.serial) == (1, 2, 1)
    assert first.number == f"{first.year}-0001"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_gapless_unique_numbers(demo):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    enterprise = demo
    threads_n = 12
    barrier = threading.Barrier(threads_n)
    errors = []

    def submit(i):
        try:
            barrier.wait()
            services.grievance_submit_anonymous(
                enterprise=enterprise, kind="grievance", content=f"并发 {i}", token=f"t{i}"
            )
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    serials = sorted(
        Grievance.objects.filter(enterprise=enterprise).values_list("serial", flat=True)
    )
    assert serials == list(range(1, threads_n + 1))
