"""The access matrix, walked from the URL resolver so that a new page cannot be forgotten:
every enterprise page, fed the real ids of another enterprise's rows, answers 403, 404 or 405
to every persona of `demo` (never the other enterprise's data), and sends a visitor who is not
logged in to the login page (or refuses the post)."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from consult.models import Enterprise, Membership

pytestmark = pytest.mark.django_db

PERSONAS = ["employee", "union_chair", "admin_head", "dept_head", "supervisor", "federation"]
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
CANARY = "乙企业越权探针"  # text that only the other enterprise's rows carry


def _routes():
    def walk(patterns, prefix=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                yield route, p

    for route, pattern in walk(get_resolver().url_patterns):
        if route.startswith("e/<slug:code>/"):
            yield route, pattern


@pytest.fixture
def foreign_rows(demo_b):
    """Rows of every kind in demo-b, made through the services, their text marked."""
    from grievances import services as g
    from meetings import services as m

    def person(username):
        return Membership.objects.select_related("user", "unit").get(
            user__username=username, enterprise=demo_b
        )

    item = g.grievance_submit(
        enterprise=demo_b,
        by=person("b_employee").user,
        kind="grievance",
        content=CANARY,
        disclosure="named",
    )
    meeting = m.meeting_create(
        enterprise=demo_b,
        by=person("b_union_chair").user,
        kind="special",
        date=datetime.date(2030, 1, 7),
        time=datetime.time(9),
        place=CANARY,
    )
    collector = person("b_unit_collector")
    register = g.register_create(
        enterprise=demo_b,
        by=collector.user,
        unit=collector.unit,
        rows=[{"name": CANARY, "content": CANARY, "raised_on": datetime.date(2026, 11, 2)}],
    )
    survey_round = _foreign_survey_round(demo_b, person)
    return {item.pk, meeting.pk, register.pk, survey_round.pk, person("b_employee").pk}


def _foreign_survey_round(demo_b, person):
    """A demo-b item told its result, so that its survey round is open (step 7)."""
    from consult.models import Category, Department
    from grievances import services as g
    from supervision import services as s
    from supervision.models import Task

    hr = Department.objects.get(enterprise=demo_b, name="人力资源部")
    staff, head = person("b_union_staff").user, person("b_dept_head").user
    item = g.grievance_submit(
        enterprise=demo_b,
        by=person("b_employee").user,
        kind="grievance",
        content=CANARY,
        disclosure="named",
    )
    g.grievance_verify(grievance=item, by=staff)
    g.grievance_classify(
        grievance=item,
        by=staff,
        category=Category.objects.filter(enterprise=demo_b, parent__isnull=False).first(),
        departments=[hr],
        responsible_person=CANARY,
    )
    g.grievance_sign_opinion(
        grievance=item, by=person("b_union_chair").user, route="department", opinion=CANARY
    )
    g.grievance_approve_routing(grievance=item, by=person("b_admin_deputy").user)
    today = datetime.date.today()
    g.grievance_answer(grievance=item, by=head, department=hr, measures=CANARY, due=today)
    task = Task.objects.get(grievances=item)
    s.task_report(
        task=task, by=head, department=hr, outcome="done", text=CANARY, completed_on=today
    )
    s.requester_tell(task=task, grievance=item, by=staff, method="phone", text=CANARY)
    return item.survey_rounds.get()


def _fill(route: str, code: str, ident: int) -> str:
    def value(match):
        kind, name = match.group(1), match.group(2)
        if name == "code":
            return code
        if kind == "int" or name in {"pk", "year"}:
            return "2026" if name == "year" else str(ident)
        if name == "fmt":
            return "pdf"
        return "x"

    return "/" + PARAM.sub(value, route)


def test_no_page_answers_another_enterprises_rows(login, foreign_rows):
    # Pages keyed by a row's id (the year of a notice is no row of another enterprise).
    routes = [r for r, _p in _routes() if re.search(r"<int:(?!year>)", r)]
    assert len(routes) > 25
    # Pages of people (/people/<pk>/) take membership ids; an id that is one of demo's own
    # members is no row of another enterprise.
    own_people = set(
        Membership.objects.filter(enterprise__code="demo").values_list("pk", flat=True)
    )
    leaks = []
    for username in PERSONAS:
        client = login(username)
        client.raise_request_exception = False
        for route in routes:
            for ident in foreign_rows:
                if "/people/" in route and ident in own_people:
                    continue
                path = _fill(route, "demo", ident)
                for response in (client.get(path), client.post(path, {"note": "x"})):
                    body = response.content if not response.streaming else b""
                    if response.status_code not in {403, 404, 405} or CANARY.encode() in body:
                        leaks.append((username, path, response.status_code))
    assert leaks == [], "\n".join(map(str, leaks))


def test_members_of_one_enterprise_get_404_on_every_page_of_another(login, foreign_rows):
    assert Enterprise.objects.filter(code="demo-b").exists()
    wrong = []
    for username in ["union_chair", "admin_head", "employee"]:
        client = login(username)
        client.raise_request_exception = False
        for route, _pattern in _routes():
            path = _fill(route, "demo-b", min(foreign_rows))
            response = client.get(path)
            if response.status_code not in {404, 405}:
                wrong.append((username, path, response.status_code))
    assert wrong == []


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_page(foreign_rows):
    client = Client(raise_request_exception=False)
    wrong = []
    for route, _pattern in _routes():
        path = _fill(route, "demo", min(foreign_rows))
        get, post = client.get(path), client.post(path, {"note": "x"})
        if not (get.status_code == 405 or get.url.startswith("/accounts/login/")):
            wrong.append(("GET", path, get.status_code))
        if post.status_code not in {302, 403, 405} or (
            post.status_code == 302 and not post.url.startswith("/accounts/login/")
        ):
            wrong.append(("POST", path, post.status_code))
    assert wrong == []
