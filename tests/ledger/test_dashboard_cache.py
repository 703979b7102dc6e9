"""Issue 12: the dashboards' figures kept in the cache for DASHBOARD_CACHE_SECONDS: served from
it (fewer queries, a line saying when they were counted), counted again once the time has
passed, and never another enterprise's, another filter's or another language's."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consult.models import Department
from tests import factories
from tests.ledger.conftest import Q3, SHANGHAI

pytestmark = pytest.mark.django_db

TEN = datetime.datetime(2026, 8, 20, 10, 0, tzinfo=SHANGHAI)
DASHBOARD = reverse("ledger_dashboard", args=["demo"]) + Q3


@pytest.fixture
def kept(settings):
    settings.DASHBOARD_CACHE_SECONDS = 120
    cache.clear()
    yield
    cache.clear()


def _received(response) -> int:
    html = response.content.decode()
    counts = html[html.index('id="counts"') :]
    return int(re.search(r'<div class="h4 mb-0">(\d+)</div>', counts).group(1))


def _as_of(response) -> str:
    found = re.search(r'id="figures-as-of">([^<]*)<', response.content.decode())
    return found.group(1) if found else ""


def _get(client, url, when):
    with time_machine.travel(when, tick=False), CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_dashboard_figures_come_from_the_cache_until_they_expire(login, handled, kept, monkeypatch):
    # Expiry is the cache's own clock: Redis keeps real time, the process's memory the
    # travelled time this test moves through.
    from django.core.cache.backends.locmem import LocMemCache

    from consult import aggregates

    monkeypatch.setattr(aggregates, "cache", LocMemCache("dashboard-expiry", {}))
    handled()
    client = login("union_chair")
    first, counted = _get(client, DASHBOARD, TEN)
    second, served = _get(client, DASHBOARD, TEN + datetime.timedelta(seconds=30))
    assert _received(first) == _received(second) == 1
    assert served <= counted - 8  # the figures' grouped queries are not asked again
    assert _as_of(first) == ""  # counted for this request: nothing to say
    assert "10:00" in _as_of(second)

    handled(content="宿舍热水不足", day=datetime.date(2026, 8, 5))
    within, _ = _get(client, DASHBOARD, TEN + datetime.timedelta(seconds=100))
    assert _received(within) == 1  # the same figures within the cache's time
    after, recounted = _get(client, DASHBOARD, TEN + datetime.timedelta(seconds=121))
    assert _received(after) == 2 and _as_of(after) == "" and recounted >= served + 8


def test_each_enterprise_and_each_filter_has_its_own_figures(login, handled, kept, demo_b):
    handled()
    finance = Department.objects.get(enterprise__code="demo", name="财务部")
    client = login("union_chair")
    assert _received(_get(client, DASHBOARD, TEN)[0]) == 1
    by_finance = DASHBOARD + f"&department={finance.pk}"
    assert _received(_get(client, by_finance, TEN)[0]) == 0  # HR handled the only item
    again, _ = _get(client, DASHBOARD, TEN)
    assert _received(again) == 1 and _as_of(again)

    other = reverse("ledger_dashboard", args=["demo-b"]) + Q3
    theirs, _ = _get(login("b_union_chair"), other, TEN)
    assert _received(theirs) == 0 and _as_of(theirs) == ""


def test_cached_figures_are_labelled_in_the_readers_language(login, demo, kept):
    with time_machine.travel(TEN - datetime.timedelta(days=1), tick=False):
        factories.grievance("submitted", enterprise=demo, category=None)
    client = login("union_chair")
    assert "未分类" in _get(client, DASHBOARD, TEN)[0].content.decode()
    client.post(reverse("set_language"), {"language": "en"})
    english, _ = _get(client, DASHBOARD, TEN)
    assert _as_of(english).startswith("Figures as of 10:00")
    assert "Not classified yet" in english.content.decode()


def test_home_page_counts_are_cached_per_enterprise(login, demo, demo_b, kept):
    with time_machine.travel(TEN - datetime.timedelta(days=1), tick=False):
        factories.grievance("submitted", enterprise=demo)
    federation = login("federation")

    def received(code):
        home, _ = _get(federation, reverse("enterprise_home", args=[code]), TEN)
        html = home.content.decode()
        return re.search(r"(?:Received|收到)[^0-9]*(\d+)", html).group(1), _as_of(home)

    assert received("demo") == ("1", "")
    assert received("demo-b") == ("0", "")
    number, as_of = received("demo")
    assert number == "1" and "10:00" in as_of


def test_union_home_survey_figures_are_cached(login, kept):
    client = login("union_chair")
    url = reverse("enterprise_home", args=["demo"])
    first, counted = _get(client, url, TEN)
    second, served = _get(client, url, TEN)
    assert served < counted and "10:00" in _as_of(second) and _as_of(first) == ""


def test_classes_are_counted_per_local_quarter_by_the_database(demo):
    from consult.models import Category
    from grievances.models import Grievance
    from ledger.figures import by_class_and_quarter

    leaf = Category.objects.filter(enterprise=demo, parent__isnull=False).first()
    moments = [
        (datetime.datetime(2026, 3, 31, 23, 30, tzinfo=SHANGHAI), leaf),  # Q1 (15:30 UTC)
        (datetime.datetime(2026, 4, 1, 0, 10, tzinfo=SHANGHAI), leaf),  # Q2 (Mar 31 in UTC)
        (datetime.datetime(2026, 12, 31, 23, 0, tzinfo=SHANGHAI), None),  # Q4, unclassified
    ]
    for moment, category in moments:
        g = factories.grievance("submitted", enterprise=demo)
        Grievance.objects.filter(pk=g.pk).update(received_at=moment, category=category)
    rows = by_class_and_quarter(Grievance.objects.filter(enterprise=demo), 2026)
    assert {r["name"]: r["quarters"] for r in rows} == {leaf.name: [1, 1, 0, 0], None: [0, 0, 0, 1]}
