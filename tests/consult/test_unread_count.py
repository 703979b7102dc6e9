"""The unread count every signed-in page shows (issue 12): one query, read through a partial
index of unread rows, whatever the length of a person's history."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consult.models import Notification


def _history(demo, user, *, read: int, unread: int) -> None:
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            enterprise=demo,
            recipient=user,
            subject=f"通知{i}",
            read_at=now if i < read else None,
        )
        for i in range(read + unread)
    )


def _badge(html: str) -> str | None:
    found = re.search(r'badge bg-warning text-dark">(\d+)<', html)
    return found.group(1) if found else None


def test_the_header_counts_only_unread_notifications_of_this_enterprise(
    demo, demo_b, member, login
):
    chair = member("union_chair").user
    _history(demo, chair, read=300, unread=3)
    Notification.objects.create(enterprise=demo_b, recipient=chair, subject="别处的")
    client = login("union_chair")
    assert _badge(client.get("/e/demo/").content.decode()) == "3"
    Notification.objects.filter(recipient=chair, enterprise=demo).update(read_at=timezone.now())
    assert _badge(client.get("/e/demo/").content.decode()) is None


def test_the_unread_count_is_one_query_whatever_the_history(demo, member, login):
    chair = member("union_chair").user
    client = login("union_chair")

    def notification_queries() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/e/demo/grievances/all/").status_code == 200
        return [q["sql"] for q in ctx.captured_queries if "consult_notification" in q["sql"]]

    client.get("/e/demo/grievances/all/")
    _history(demo, chair, read=2, unread=1)
    few = notification_queries()
    _history(demo, chair, read=200, unread=20)
    more = notification_queries()
    assert len(few) == len(more) == 1
    assert "COUNT(" in more[0] and "IS NULL" in more[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans")
def test_the_unread_count_reads_the_partial_index_of_unread_rows(demo, member):
    chair = member("union_chair").user
    _history(demo, chair, read=50, unread=2)
    unread = Notification.objects.filter(recipient=chair, enterprise=demo, read_at__isnull=True)
    with CaptureQueriesContext(connection) as ctx:
        assert unread.count() == 2
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + ctx.captured_queries[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "notification_unread" in plan
    assert "Filter" not in plan  # nothing read only to be thrown away


def test_the_notifications_page_shows_25_a_page_and_reaches_the_oldest(demo, member, login):
    chair = member("union_chair").user
    _history(demo, chair, read=130, unread=0)  # 通知0 is the oldest
    client = login("union_chair")
    first = client.get("/e/demo/notifications/").content.decode()
    assert ">通知129<" in first and ">通知105<" in first and ">通知104<" not in first
    assert "1 / 6" in first
    last = client.get("/e/demo/notifications/?page=6").content.decode()
    assert ">通知0<" in last and ">通知4<" in last and ">通知5<" not in last


def test_the_notifications_page_costs_the_same_queries_for_a_long_history(demo, member, login):
    chair = member("union_chair").user
    client = login("union_chair")
    client.get("/e/demo/notifications/")
    _history(demo, chair, read=3, unread=0)
    with CaptureQueriesContext(connection) as few:
        client.get("/e/demo/notifications/")
    _history(demo, chair, read=300, unread=5)
    with CaptureQueriesContext(connection) as more:
        client.get("/e/demo/notifications/")
    assert len(more) == len(few)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans")
def test_the_count_read_with_the_memberships_reads_the_partial_index(demo, member, login):
    """Every signed-in page reads the count inside its memberships query (consult.access)."""
    chair = member("union_chair").user
    _history(demo, chair, read=50, unread=2)
    client = login("union_chair")
    client.get("/e/demo/grievances/all/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/e/demo/grievances/all/")
    (sql,) = [q["sql"] for q in ctx.captured_queries if "consult_notification" in q["sql"]]
    assert sql.lstrip().startswith('SELECT "consult_membership"')
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "notification_unread" in plan
