"""Personas shared by every test: people of the `demo` enterprise, one per role, and an
outsider from `demo-b`. Built with the same command newcomers run (seed_demo)."""

import pytest
from django.core.management import call_command
from django.test import Client

from consult.models import Enterprise, Membership

PASSWORD = "demo-pass-2026"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing is deliberately slow; the tests create and log in many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _sessions_outlast_time_travel(settings):
    # Tests sign in and then travel days ahead; idle sign-out has its own tests.
    settings.SESSION_IDLE_SECONDS = settings.SESSION_COOKIE_AGE = 400 * 86400


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import caches

    caches["ratelimit"].clear()
    yield


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    return Enterprise.objects.get(code="demo")


@pytest.fixture
def demo_b(demo):
    return Enterprise.objects.get(code="demo-b")


def _client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD), username
    return client


@pytest.fixture
def login(demo):
    """login("union_chair") → a test client logged in as that demo user."""
    return _client_for


@pytest.fixture
def member(demo):
    """member("dept_head") → that demo user's Membership in `demo`."""

    def _member(username: str, code: str = "demo") -> Membership:
        return Membership.objects.select_related("user", "enterprise").get(
            user__username=username, enterprise__code=code
        )

    return _member
