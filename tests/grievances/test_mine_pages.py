"""Issue 12: the employee's own items come a page at a time, at a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consult.models import Enterprise
from consult.roles import Role
from grievances import services
from grievances.models import Disclosure, Kind
from tests.factories import person

pytestmark = pytest.mark.django_db

URL = reverse("grievance_mine", args=["demo"])


def _submit(n: int, start: int = 0) -> None:
    demo = Enterprise.objects.get(code="demo")
    employee = person(demo, Role.EMPLOYEE)
    for i in range(start, start + n):
        services.grievance_submit(
            enterprise=demo,
            by=employee,
            kind=Kind.GRIEVANCE,
            content=f"第{i}条：车间通风不好",
            disclosure=Disclosure.NAMED,
        )


def _queries(client, url=URL) -> int:
    client.get(url)  # warm up the session and caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_my_items_show_25_a_page_and_the_rest_on_the_next(login):
    _submit(30)
    client = login("employee")
    first = client.get(URL).content.decode()
    assert "第29条" in first and "第5条" in first  # the newest first
    assert "第4条" not in first
    assert "1 / 2" in first
    assert "下一页" in first  # the pager speaks the page's language
    second = client.get(URL + "?page=2").content.decode()
    assert "第4条" in second and "第0条" in second and "第29条" not in second
    # A page number past the end shows the last page rather than failing.
    assert "第0条" in client.get(URL + "?page=99").content.decode()


def test_my_items_cost_the_same_queries_with_3_or_40_items(login):
    client = login("employee")
    _submit(3)
    few = _queries(client)
    _submit(37, start=3)
    assert _queries(client) == few
