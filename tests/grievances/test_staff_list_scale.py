"""The staff list at scale (issue 12): each row once without DISTINCT, deep pages by id first,
its indexes, and a fixed number of queries whatever the rows, page or filters."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consult.models import Category, Department, OrgUnit
from consult.pagination import PAGE_SIZE, IdFirstPaginator
from grievances.filters import GrievanceFilter
from grievances.models import Disclosure, Grievance, GrievanceCounter
from grievances.rows import staff_list
from tests import factories

# session, user (with whether they hold a federation role), membership (with its roles and
# the unread count: consult.access), page, departments and their answers (two prefetches: the
# next actor is each department that has not answered); the unfiltered total and the summary's
# years (grievances.list_cache) and the filter form's categories, departments and units
# (consult.org_lists) come from the cache
LIST_QUERIES = 6


def _numbers(page_html: str) -> list[str]:
    return re.findall(r'/grievances/\d+/">(\d{4}-\d{4,})</a>', page_html)


def _spread(count: int, demo) -> list[Grievance]:
    """`count` items received one hour apart (newest last), two of them at the same moment."""
    items = [
        factories.grievance("submitted", enterprise=demo, content=f"诉求{i}") for i in range(count)
    ]
    start = timezone.now() - datetime.timedelta(days=30)
    category = Category.objects.filter(enterprise=demo, parent__isnull=False).first()
    for i, g in enumerate(items):
        moment = start + datetime.timedelta(hours=min(i, count - 2))
        Grievance.objects.filter(pk=g.pk).update(received_at=moment, category=category)
        g.category = category
    return items


def test_an_item_routed_to_two_departments_is_listed_once_under_every_filter(demo, login):
    hr = Department.objects.get(enterprise=demo, name="人力资源部")
    other = Department.objects.filter(enterprise=demo).exclude(pk=hr.pk).first()
    unit = OrgUnit.objects.filter(enterprise=demo).first()
    g = factories.grievance(
        "classified",
        enterprise=demo,
        disclosure=Disclosure.NAMED,
        requester_name="王五",
        unit=unit,
        departments=[hr, other],
    )
    g.departments.set([hr, other])
    factories.grievance("submitted", enterprise=demo, content="另一条")
    client = login("union_chair")
    top = g.category.top
    for query in (
        "",
        f"?department={hr.pk}",
        f"?department={other.pk}",
        f"?category={g.category.pk}",
        f"?category={top.pk}",
        f"?unit={unit.pk}",
        f"?unit={unit.pk}&department={hr.pk}&category={top.pk}&status=classified",
    ):
        response = client.get(f"/e/demo/grievances/all/{query}")
        assert response.status_code == 200, query
        numbers = _numbers(response.content.decode())
        assert numbers.count(g.number) == 1, query
        assert len(numbers) == len(set(numbers)) == response.context["page"].paginator.count


def test_deep_pages_list_every_item_once_newest_first(demo, login):
    items = _spread(PAGE_SIZE + 4, demo)
    client = login("union_chair")
    pages = [
        _numbers(client.get(f"/e/demo/grievances/all/?page={n}").content.decode()) for n in (1, 2)
    ]
    assert [len(p) for p in pages] == [PAGE_SIZE, 4]
    newest_first = Grievance.objects.filter(pk__in=[g.pk for g in items]).order_by(
        "-received_at", "-id"
    )
    assert pages[0] + pages[1] == [g.number for g in newest_first]
    assert len(set(pages[0] + pages[1])) == len(items)


def test_id_first_pages_equal_plain_slices(demo, member):
    _spread(7, demo)
    from consult.access import user_access

    chair = member("union_chair").user
    access = user_access(chair).by_code["demo"]
    qs = staff_list(access, chair).order_by("-received_at", "-id")
    paginator = IdFirstPaginator(qs, 3)
    for number in paginator.page_range:
        page = paginator.page(number)
        assert [g.pk for g in page] == [g.pk for g in qs[(number - 1) * 3 : number * 3]]


@pytest.mark.parametrize(
    "query, queries",
    [
        ("", LIST_QUERIES),
        ("?page=2", LIST_QUERIES),
        # + the filtered count, and the chosen category and department, looked up to validate
        ("?status=submitted&category={category}&department={department}", LIST_QUERIES + 3),
    ],
)
def test_staff_list_keeps_its_query_count_whatever_the_rows_page_or_filter(
    demo, login, query, queries, django_assert_num_queries
):
    items = _spread(PAGE_SIZE + 2, demo)
    hr = Department.objects.get(enterprise=demo, name="人力资源部")
    for g in items:
        g.departments.add(hr)
    url = "/e/demo/grievances/all/" + query.format(
        category=items[0].category.top.pk, department=hr.pk
    )
    client = login("union_chair")
    client.get(url)  # warm the session
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [5, 60])
def test_staff_list_costs_the_same_queries_for_5_and_60_items(
    demo, login, count, django_assert_num_queries
):
    hr = Department.objects.get(enterprise=demo, name="人力资源部")
    for g in _spread(count, demo):
        g.departments.add(hr)
    client = login("union_chair")
    client.get("/e/demo/grievances/all/")  # warm the session and the cached lists
    with django_assert_num_queries(LIST_QUERIES) as ctx:
        page = client.get("/e/demo/grievances/all/").content.decode()
    assert len(_numbers(page)) == min(count, PAGE_SIZE)
    # The filter's choices are not read (the rows' departments are: joined to the items).
    lists = re.compile(r'FROM "consult_(category|department|orgunit)"(?! INNER JOIN)')
    assert [q["sql"] for q in ctx.captured_queries if lists.search(q["sql"])] == []


def test_the_list_asks_for_the_count_once_and_without_distinct(demo, login):
    _spread(3, demo)
    client = login("union_chair")
    client.get("/e/demo/grievances/all/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/e/demo/grievances/all/?status=submitted&page=1")
    grievance_sql = [q["sql"] for q in ctx.captured_queries if "grievances_grievance" in q["sql"]]
    assert sum("COUNT(" in sql for sql in grievance_sql) == 1
    assert not any("DISTINCT" in sql for sql in grievance_sql)


def test_the_rows_name_the_requester_without_joining_their_unit(demo, login):
    """A row shows the requester's name, not their unit: the rows' query joins the category
    and the account only (the unit's two joins were half of PostgreSQL's planning of it)."""
    unit = OrgUnit.objects.filter(enterprise=demo).first()
    factories.grievance(
        "submitted",
        enterprise=demo,
        disclosure=Disclosure.NAMED,
        requester_name="王小明",
        unit=unit,
    )
    client = login("union_staff")
    client.get("/e/demo/grievances/all/")
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/e/demo/grievances/all/").content.decode()
    rows = [q["sql"] for q in ctx.captured_queries if '."id" IN (SELECT' in q["sql"]]
    assert len(rows) == 1 and "consult_orgunit" not in rows[0]
    assert "王小明" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans")
@pytest.mark.parametrize(
    "data, index", [({}, "grievance_recent"), ({"status": "submitted"}, "grievance_status_recent")]
)
def test_the_list_reads_its_rows_through_its_index(demo, member, data, index):
    from consult.access import user_access

    chair = member("union_chair").user
    access = user_access(chair).by_code["demo"]
    qs = GrievanceFilter(
        data, queryset=staff_list(access, chair).order_by("-received_at", "-id"), access=access
    ).qs
    sql, params = qs.values("pk")[100:125].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan
    assert "Sort" not in plan and "Unique" not in plan


def test_received_dates_are_whole_local_days(demo, login):
    """From/until a day take the whole day in local time (Asia/Shanghai), compared as a range
    of received_at that the index serves, not as the date of every row."""
    shanghai = timezone.get_current_timezone()
    late, early = (
        factories.grievance("submitted", enterprise=demo, content=text) for text in ("晚", "早")
    )
    moments = {
        late.pk: datetime.datetime(2026, 8, 3, 23, 30, tzinfo=shanghai),  # 15:30 UTC
        early.pk: datetime.datetime(2026, 8, 4, 0, 10, tzinfo=shanghai),  # 16:10 UTC, Aug 3
    }
    for pk, moment in moments.items():
        Grievance.objects.filter(pk=pk).update(received_at=moment)
    client = login("union_staff")

    def listed(query):
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/e/demo/grievances/all/?" + query).content.decode()
        assert not any("cast_date" in q["sql"] or "AT TIME ZONE" in q["sql"] for q in queries)
        return {g.number for g in (late, early) if g.number in html}

    assert listed("received_after=2026-08-03&received_before=2026-08-03") == {late.number}
    assert listed("received_after=2026-08-04") == {early.number}
    assert listed("received_before=2026-08-02") == set()


def test_the_unfiltered_total_and_years_follow_new_and_deleted_items(demo, login):
    _spread(3, demo)
    client = login("union_chair")

    def total(query=""):
        return client.get(f"/e/demo/grievances/all/{query}").context["page"].paginator.count

    assert total() == Grievance.objects.filter(enterprise=demo).count() == 3
    factories.grievance("submitted", enterprise=demo)  # the submission service
    assert total() == total("?page=1") == total("?q=&status=") == 4  # blank filters: unfiltered
    this_year = timezone.localdate().year
    assert client.get("/e/demo/grievances/all/").context["summary_years"] == [this_year]
    bare = Grievance.objects.create(
        enterprise=demo, year=2020, serial=1, content="旧条目", received_at=timezone.now()
    )
    GrievanceCounter.objects.create(enterprise=demo, year=2020, last=1)
    assert total() == 5
    assert client.get("/e/demo/grievances/all/").context["summary_years"] == [this_year, 2020]
    bare.delete()
    assert total() == 4
