"""Helpers for the grievance tests: items at each step, built through the services."""

import pytest

from consult.models import Category, Department
from grievances.models import Disclosure
from tests import factories


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
def make_item(demo):
    """make_item(step, disclosure=...) → a grievance of `employee` moved to that step
    (one of factories.GRIEVANCE_STEPS), handled by 人力资源部."""

    def _make(step="submitted", *, disclosure=Disclosure.CONFIDENTIAL, content="食堂饭菜价格偏高"):
        return factories.grievance(step, enterprise=demo, disclosure=disclosure, content=content)

    return _make
