"""Two clerks convening at the same moment get 第1次 and 第2次, never the same number."""

import datetime
import threading

import pytest
from django.db import connection, connections

from meetings import services
from meetings.models import Meeting

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers anyway"
    ),
]


def test_concurrent_convening_gives_distinct_gapless_numbers(demo, user):
    chair = user("union_chair")
    barrier = threading.Barrier(4)
    errors = []

    def convene(day):
        try:
            barrier.wait()
            services.meeting_create(
                enterprise=demo,
                by=chair,
                kind="special",
                date=datetime.date(2026, 12, day),
                time=datetime.time(9),
                place="会议室",
            )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=convene, args=(day,)) for day in range(1, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Meeting.objects.filter(enterprise=demo).values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4]
