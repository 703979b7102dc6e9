"""Identity canaries: a confidential item and an anonymous item carry a name and a phone that
appear nowhere else. Walking every page, admin page, export, document (PDF text, DOCX/XLSX
XML, ZIP members) and e-mail that management, departments, supervisors and the federation can
reach never shows them."""

import datetime
import io
import subprocess
import tempfile
import zipfile

import pytest
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from consult.models import Category, Department
from consult.outbox.sender import send_due

pytestmark = pytest.mark.django_db

NAME, PHONE, UNIT_WORD = "甄秘莹", "13977770001", "canary-unit"
READERS = ["admin_head", "admin_deputy", "dept_head", "supervisor", "federation"]


def _text_of(content: bytes, content_type: str) -> str:
    if content[:4] == b"%PDF":
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(content)
            f.flush()
            return subprocess.run(
                ["pdftotext", f.name, "-"], capture_output=True, text=True, check=True
            ).stdout
    if content[:2] == b"PK":  # DOCX, XLSX and ZIP archives: read every member
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(
                _text_of(archive.read(n), "") for n in archive.namelist() if not n.endswith("/")
            )
    return content.decode("utf-8", "replace")


@pytest.fixture
def canaries(demo, member, settings):
    """Both items routed to 人力资源部 through the services (so departments and managers reach
    them), with the e-mail of every step sent (the outbox drained)."""
    from grievances import services

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    staff, chair = member("union_staff").user, member("union_chair").user
    deputy = member("admin_deputy").user
    hr = Department.objects.get(enterprise=demo, name="人力资源部")
    category = Category.objects.filter(enterprise=demo, parent__isnull=False).first()
    items = []
    for disclosure in ("confidential", "anonymous"):
        items.append(_route_to_hr(services, disclosure, staff, chair, deputy, category, hr))
    send_due()
    return items


def _route_to_hr(services, disclosure, staff, chair, deputy, category, hr):
    g = services.grievance_register(
        enterprise=hr.enterprise,
        by=staff,
        channel="phone",
        received_at=timezone.now() - datetime.timedelta(hours=1),
        kind="grievance",
        content=f"宿舍热水器坏了（{disclosure}）",
        disclosure=disclosure,
        requester_name=NAME,
        requester_phone=PHONE,
    )
    services.grievance_verify(grievance=g, by=staff)
    services.grievance_classify(grievance=g, by=staff, category=category, departments=[hr])
    services.grievance_sign_opinion(grievance=g, by=chair, route="department", opinion="转办")
    services.grievance_approve_routing(grievance=g, by=deputy)
    return g


def _pages(items):
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
        for g in items:
            path = "/" + route.replace("<slug:code>", "demo")
            path = path.replace("<int:pk>", str(g.pk)).replace("<int:year>", str(g.year))
            for fmt in ("pdf", "docx", "xlsx"):
                filled = path.replace("<str:fmt>", fmt)
                if "<" not in filled:
                    yield filled
    for g in items:
        yield f"/admin/grievances/grievance/{g.pk}/change/"
    yield "/admin/grievances/grievance/"
    yield "/admin/grievances/grievanceevent/"
    yield "/admin/grievances/attachment/"


@pytest.mark.parametrize("username", READERS)
def test_no_page_document_or_export_shows_a_protected_requester(login, canaries, username):
    client = login(username)
    client.raise_request_exception = False
    seen, opened = [], 0
    for path in sorted(set(_pages(canaries))):
        response = client.get(path)
        if response.status_code != 200:
            continue
        opened += 1
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = _text_of(body, response.get("Content-Type", ""))
        for mark in (NAME, PHONE):
            if mark in text:
                seen.append((path, mark))
    # The federation reads aggregate figures only; everyone else reaches the items' pages.
    assert opened >= (1 if username == "federation" else 4)
    assert seen == []


def test_no_email_to_anyone_but_the_union_names_a_protected_requester(canaries):
    assert mail.outbox, "the steps send e-mail"
    for message in mail.outbox:
        assert NAME not in message.subject + message.body
        assert PHONE not in message.subject + message.body
