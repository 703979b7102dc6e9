"""The topics page (issue 12): paginated, its items fetched for the page's topics only."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from consult.pagination import PAGE_SIZE
from grievances.models import Grievance, Topic


def _topics(demo, make_item, count: int) -> list[Topic]:
    topics = Topic.objects.bulk_create(
        Topic(enterprise=demo, title=f"议题{i:03d}", status="queued") for i in range(count)
    )
    for topic in (topics[0], topics[-1]):
        for _ in range(2):
            Grievance.objects.filter(pk=make_item("routed_meeting").pk).update(topic=topic)
    return topics


def _titles(html: str) -> list[str]:
    return re.findall(r"议题\d{3}", html)


def test_topics_come_a_page_at_a_time_newest_first(demo, login, make_item):
    _topics(demo, make_item, PAGE_SIZE + 2)
    client = login("union_staff")
    first = client.get("/e/demo/topics/").content.decode()
    second = client.get("/e/demo/topics/?page=2").content.decode()
    newest_first = list(Topic.objects.filter(enterprise=demo).values_list("title", flat=True))
    assert _titles(first) + _titles(second) == newest_first
    assert len(_titles(first)) == PAGE_SIZE
    assert "1 / 2" in first and "page=2" in first


def test_items_are_loaded_for_the_topics_on_the_page_only(demo, login, make_item):
    topics = _topics(demo, make_item, PAGE_SIZE + 2)
    oldest = Grievance.objects.filter(topic=topics[0]).order_by("year", "serial")
    client = login("union_staff")
    client.get("/e/demo/topics/")
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/e/demo/topics/").content.decode()
    for g in oldest:  # the oldest topic is on page 2: its items are neither shown nor read
        assert g.number not in page
    prefetch = next(
        q["sql"] for q in ctx.captured_queries if '"grievances_grievance"."topic_id" IN' in q["sql"]
    )
    asked = re.search(r'"topic_id" IN \(([^)]*)\)', prefetch).group(1).split(", ")
    assert sorted(int(pk) for pk in asked) == sorted(t.pk for t in topics[2:])
    second = client.get("/e/demo/topics/?page=2").content.decode()
    assert re.findall(r"\d{4}-\d{4}", second) == [g.number for g in oldest]


def test_topics_page_keeps_its_query_count_for_3_and_27_topics(
    demo, login, make_item, django_assert_num_queries
):
    client = login("union_staff")
    _topics(demo, make_item, 3)
    client.get("/e/demo/topics/")
    with CaptureQueriesContext(connection) as few:
        client.get("/e/demo/topics/")
    _topics(demo, make_item, PAGE_SIZE - 1)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/e/demo/topics/").status_code == 200
