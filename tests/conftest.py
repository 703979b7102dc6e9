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


MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT after `collectstatic` with the production storage (hashed names), once."""
    from django.test import override_settings

    root = tmp_path_factory.mktemp("staticfiles")
    # Django's manifest storage writes the same hashed names and manifest as WhiteNoise's,
    # without compressing every file (a minute and a half, for nothing a test reads).
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_static(settings, collected_static):
    """Production's static settings (CONVENTIONS rule 13): DEBUG off and the hashed manifest,
    so `{% static %}` gives the names a deployed server gives."""
    settings.DEBUG = False
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": MANIFEST_STORAGE},
    }
    settings.WHITENOISE_USE_FINDERS = False
    return collected_static
