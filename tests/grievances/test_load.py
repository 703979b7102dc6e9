"""Under load on PostgreSQL nothing is lost or duplicated: 50 people submit anonymously while
10 union staff verify and classify the items already there (issue 11, "Faults and load")."""

import threading
import time
from collections import Counter, defaultdict

import pytest
from django.db import connection, connections

from consult.models import Category, Department
from consult.workflow import StepRefused
from grievances import services
from grievances.models import Grievance, GrievanceEvent, Status

SUBMITTERS = 50
STAFF = 10
EXISTING = 30


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_submissions_and_staff_steps_at_once_lose_and_duplicate_nothing(demo, member):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    employee = member("employee").user
    staff = [member("union_staff").user, member("union_chair").user]
    category = Category.objects.filter(enterprise=demo, parent__isnull=False).first()
    hr = Department.objects.get(enterprise=demo, name="人力资源部")
    existing = [
        services.grievance_submit(
            enterprise=demo, by=employee, kind="grievance", content=f"已有 {i}", disclosure="named"
        ).pk
        for i in range(EXISTING)
    ]
    barrier = threading.Barrier(SUBMITTERS + STAFF)
    lock = threading.Lock()
    submitted, taken, refused, errors = [], Counter(), Counter(), []

    def submit(i):
        try:
            barrier.wait()
            item = services.grievance_submit_anonymous(
                enterprise=demo, kind="grievance", content=f"并发提交 {i}", token=f"load-{i}"
            )
            with lock:
                submitted.append(item.pk)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    def work(n):
        by = staff[n % len(staff)]
        # Each worker walks all items from its own starting point, so several reach the same
        # item at once and all but one are refused.
        order = existing[n * 3 :] + existing[: n * 3]
        try:
            barrier.wait()
            for pk in order:
                for step, call in (
                    ("verify", lambda g: services.grievance_verify(grievance=g, by=by)),
                    (
                        "classify",
                        lambda g: services.grievance_classify(
                            grievance=g, by=by, category=category, departments=[hr]
                        ),
                    ),
                ):
                    try:
                        call(Grievance.objects.get(pk=pk))
                        with lock:
                            taken[step] += 1
                    except StepRefused:
                        with lock:
                            refused[step] += 1
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    started = time.monotonic()
    threads = [threading.Thread(target=submit, args=(i,)) for i in range(SUBMITTERS)]
    threads += [threading.Thread(target=work, args=(n,)) for n in range(STAFF)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert time.monotonic() - started < 20

    # Nothing lost or duplicated: one row per successful call, numbers gapless and unique.
    assert len(submitted) == len(set(submitted)) == SUBMITTERS
    items = Grievance.objects.filter(enterprise=demo)
    assert items.count() == EXISTING + SUBMITTERS
    serials = sorted(items.values_list("serial", flat=True))
    assert serials == list(range(1, EXISTING + SUBMITTERS + 1))

    # Every existing item was verified once; classify (allowed again once classified) was
    # taken at least once per item; every success has its event, every refusal none.
    assert taken["verify"] == EXISTING and refused["verify"] == EXISTING * (STAFF - 1)
    events = Counter(GrievanceEvent.objects.values_list("action", flat=True))
    assert events["verified"] == taken["verify"]
    assert events["classified"] == taken["classify"] >= EXISTING
    assert set(items.filter(pk__in=existing).values_list("status", flat=True)) == {
        Status.CLASSIFIED
    }
    assert set(items.filter(pk__in=submitted).values_list("status", flat=True)) == {
        Status.SUBMITTED
    }

    # Every item's events chain from its first status to the one it is in.
    chains = defaultdict(list)
    for pk, before, after in GrievanceEvent.objects.filter(grievance__enterprise=demo).values_list(
        "grievance_id", "from_status", "to_status"
    ):
        chains[pk].append((before, after))
    for pk, status in items.values_list("pk", "status"):
        state = ""
        for before, after in chains[pk]:
            assert before == state, (pk, chains[pk])
            state = after
        assert state == status, (pk, chains[pk])
