"""Hostile text stays inert: markup, template syntax and formula-like text typed into the text
fields of an item, its topic, a meeting and the set-up come back as text on every page a
member opens (escaped, never executed), in admin and in the documents; and no template or
module marks anything safe."""

import datetime
import pathlib
import re

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from consult.models import Category, Department, LeadingGroup

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>{{ 7|add:35 }}{% now "Y" %}'
RENDERED = ["<script>alert", "<img src=x", ">42<", "onerror=alert(1)>"]


@pytest.fixture
def hostile(demo, member):
    from grievances import services as g
    from meetings import services as m

    staff, chair = member("union_staff").user, member("union_chair").user
    hr = Department.objects.get(enterprise=demo, name="人力资源部")
    category = Category.objects.filter(enterprise=demo, parent__isnull=False).first()
    item = g.grievance_submit(
        enterprise=demo, by=member("employee").user, kind="grievance", content=PAYLOAD,
        disclosure="named",
    )  # fmt: skip
    g.grievance_verify(grievance=item, by=staff)
    g.grievance_classify(
        grievance=item, by=staff, category=category, departments=[hr], responsible_person="=1+2"
    )
    g.grievance_sign_opinion(grievance=item, by=chair, route="meeting", opinion=PAYLOAD)
    g.grievance_approve_routing(grievance=item, by=member("admin_deputy").user, note=PAYLOAD)
    topic = g.topic_create(enterprise=demo, by=staff, title=PAYLOAD[:200], grievances=[item])
    meeting = m.meeting_create(
        enterprise=demo, by=chair, kind="special", date=datetime.date(2030, 1, 7),
        time=datetime.time(9), place=PAYLOAD[:120],
    )  # fmt: skip
    m.meeting_add_topic(meeting=meeting, topic=topic, by=chair)
    LeadingGroup.objects.filter(enterprise=demo).update(office_location=PAYLOAD[:100])
    return {"grievances": item.pk, "meetings": meeting.pk, "topics": topic.pk}


def _paths(ids):
    def walk(patterns, prefix=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                yield route

    for route in walk(get_resolver().url_patterns):
        if not route.startswith("e/<slug:code>/") or "<path:" in route:
            continue
        path = "/" + route.replace("<slug:code>", "demo").replace("<int:year>", "2026")
        pk = next((v for k, v in ids.items() if f"/{k}/<int:pk>" in path), None)
        if pk is not None:
            path = path.replace("<int:pk>", str(pk))
        if "<" not in path:
            yield path
    yield f"/admin/grievances/grievance/{ids['grievances']}/change/"
    yield "/admin/grievances/grievance/"
    yield "/admin/grievances/topic/"


@pytest.mark.parametrize("username", ["union_chair", "admin_head", "employee"])
def test_hostile_text_is_shown_as_text_on_every_page(login, hostile, username):
    client = login(username)
    client.raise_request_exception = False
    live, shown = [], 0
    for path in _paths(hostile):
        response = client.get(path)
        if response.status_code != 200 or response.streaming:
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        shown += "&lt;script&gt;alert" in html
        live += [(path, mark) for mark in RENDERED if mark in html]
    assert shown >= (3 if username != "employee" else 1)
    assert live == []


def test_no_template_or_module_marks_text_safe():
    root = pathlib.Path(settings.BASE_DIR)
    offenders = []
    # bench/results holds the benchmarks' output, django-helpdesk's virtualenv among it.
    outputs = root / "bench" / "results"
    for path in root.rglob("*"):
        if ".venv" in path.parts or "tests" in path.parts or not path.is_file():
            continue
        if path.is_relative_to(outputs):
            continue
        if path.suffix == ".html" and re.search(r"\|\s*safe|autoescape\s+off", path.read_text()):
            offenders.append(str(path))
        if path.suffix == ".py" and re.search(r"\bmark_safe\b|SafeString", path.read_text()):
            offenders.append(str(path))
    assert offenders == []
