"""No input gives a 500: every page, fed garbage by GET and POST, answers below 500."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

GARBAGE = {
    "id": "1 OR 1=1",
    "pk": "-1",
    "year": "二〇二六",
    "date": "2026-02-30",
    "due": "31/12/2026",
    "time": "25:61",
    "membership": "abc",
    "item": "9" * 30,
    "participant": "",
    "topic": "x",
    "form-TOTAL_FORMS": "many",
    "members-TOTAL_FORMS": "-5",
    "content": "\x00" * 10,
    "answer": "maybe",
    "outcome": "<script>",
    "route": "nowhere",
    "kind": "🤖",
    "page": "-3",
    "token": "t" * 500,
}


def _paths(ids):
    """Every URL of the site with its arguments filled in with ids of real rows."""

    def walk(patterns, prefix=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                yield route

    for route in walk(get_resolver().url_patterns):
        if route.startswith("admin/") or "<path:" in route or route.startswith("^"):
            continue
        path = "/" + route
        pk = next((v for k, v in ids.items() if f"/{k}/<int:pk>" in path), "1")
        for name, value in (
            ("<slug:code>", "demo"),
            ("<int:pk>", str(pk)),
            ("<int:year>", "2026"),
            ("<int:participant>", "1"),
            ("<str:kind>", "notice"),
            ("<str:fmt>", "pdf"),
            ("<str:token>", "nope"),
        ):
            path = path.replace(name, value)
        if "<" not in path:
            yield path


@pytest.fixture
def rows(demo, member):
    import datetime

    from grievances import services as grievance_services
    from meetings import services as meeting_services

    grievance = grievance_services.grievance_submit(
        enterprise=demo,
        by=member("employee").user,
        kind="grievance",
        content="食堂",
        disclosure="confidential",
    )
    meeting = meeting_services.meeting_create(
        enterprise=demo,
        by=member("union_chair").user,
        kind="special",
        date=datetime.date(2030, 1, 7),
        time=datetime.time(9),
        place="会议室",
    )
    register = grievance_services.register_create(
        enterprise=demo,
        by=member("unit_collector").user,
        unit=member("unit_collector").unit,
        rows=[{"name": "王五", "content": "更衣室漏水", "raised_on": datetime.date(2026, 11, 2)}],
    )
    return {"grievances": grievance.pk, "meetings": meeting.pk, "registers": register.pk}


@pytest.mark.parametrize("username", ["union_chair", "employee", "admin_head"])
def test_garbage_never_gives_a_server_error(login, rows, username):
    client = login(username)
    client.raise_request_exception = False
    anonymous = Client(raise_request_exception=False)
    failures = []
    paths = list(_paths(rows))
    assert len(paths) > 60
    for path in paths:
        for c in (client, anonymous):
            for response in (
                c.get(path, GARBAGE),
                c.post(path, GARBAGE),
            ):
                if response.status_code >= 500:
                    failures.append((path, response.status_code))
    assert failures == []
