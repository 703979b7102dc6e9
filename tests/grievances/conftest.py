"""Helpers for the grievance tests: items at each step, built through the services."""

import datetime

import pytest
from django.utils import timezone

from consult.models import Category, Department
from grievances import services
from grievances.models import Disclosure, Kind


@pytest.fixture(autouse=True)
def _fast_hashes_and_media(settings, tmp_path):
    # The receipt secret's hash need not be slow in tests; uploads go to a temporary folder.
    # (The rate-limit counters live in the database cache, rolled back with each test.)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # bin/test runs with DEBUG=0, which redirects plain HTTP to HTTPS.
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def hr(demo):
    return Department.objects.get(enterprise=demo, name="人力资源部")


@pytest.fixture
def wages(demo):
    return Category.objects.filter(enterprise=demo, parent__isnull=False).first()


@pytest.fixture
def make_item(demo, member):
    """make_item(step, disclosure=...) → a grievance of `employee` moved to that step."""

    def _make(step="submitted", *, disclosure=Disclosure.CONFIDENTIAL, content="食堂饭菜价格偏高"):
        employee = member("employee").user
        staff = member("union_staff").user
        chair = member("union_chair").user
        deputy = member("admin_deputy").user
        hr = Department.objects.get(enterprise=demo, name="人力资源部")
        category = Category.objects.filter(enterprise=demo, parent__isnull=False).first()
        g = services.grievance_submit(
            enterprise=demo,
            by=employee,
            kind=Kind.GRIEVANCE,
            content=content,
            disclosure=disclosure,
        )
        if step == "submitted":
            return g
        services.grievance_verify(grievance=g, by=staff)
        if step == "verified":
            return g
        services.grievance_classify(
            grievance=g, by=staff, category=category, departments=[hr], responsible_person="郑芳"
        )
        if step == "classified":
            return g
        services.grievance_sign_opinion(
            grievance=g, by=chair, route="department", opinion="转人力资源部办理"
        )
        if step == "opinion_signed":
            return g
        services.grievance_approve_routing(grievance=g, by=deputy)
        if step == "routed_department":
            return g
        services.grievance_answer(
            grievance=g,
            by=member("dept_head").user,
            department=hr,
            measures="下月起调整价格",
            due=timezone.localdate() + datetime.timedelta(days=10),
        )
        return g

    return _make
