"""Personas shared by every test: people of the `demo` enterprise, one per role, and an
outsider from `demo-b`. Built with the same command newcomers run (seed_demo).

The demo data is written once, right after the test database is created; each test's
transaction rolls back to it. Tests on a transactional database (browser tests, PostgreSQL
concurrency tests) empty every table when they end, so the data is written again after each of
them (see `pytest_runtest_teardown`): every test, in any order, starts from the seeded state.
"""

import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings

from consult.models import Enterprise, Membership

PASSWORD = "demo-pass-2026"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Set once the test database exists: the blocker lets the teardown hook write to it again.
_database = {"blocker": None}


def _seed() -> None:
    # Real hashing is deliberately slow; the personas log in in most tests.
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS), open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)


def pytest_configure(config):
    """Reports read from a replica (consult.replica): every run has one, pointing at the
    primary (Django's test MIRROR), read-only on PostgreSQL as a streaming replica is, unless
    DATABASE_REPLICA_URL configured it already. Tests turn REPLICA_FOR_REPORTS on to use it."""
    from django.conf import settings

    databases = settings.DATABASES
    if "replica" in databases:
        return
    primary = databases["default"]
    replica = {**primary, "TEST": {**primary.get("TEST", {}), "MIRROR": "default"}}
    if primary["ENGINE"] == "django.db.backends.postgresql":
        replica["OPTIONS"] = {
            **primary.get("OPTIONS", {}),
            "options": "-c default_transaction_read_only=on",
        }
    databases["replica"] = replica


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _seed()
    _database["blocker"] = django_db_blocker
    yield
    _database["blocker"] = None


def _flushes_the_database(item: pytest.Item) -> bool:
    """Whether pytest-django runs the test as a TransactionTestCase, which ends in a flush."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # Runs after every fixture's teardown, so after the flush that ends a transactional test.
    result = yield
    blocker = _database["blocker"]
    if blocker is not None and _flushes_the_database(item):
        with blocker.unblock():
            if not Enterprise.objects.filter(code="demo").exists():
                _seed()
    return result


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _sessions_outlast_time_travel(settings):
    # Tests sign in and then travel days ahead; idle sign-out has its own tests.
    settings.SESSION_IDLE_SECONDS = settings.SESSION_COOKIE_AGE = 400 * 86400


@pytest.fixture(autouse=True)
def _assessment_figures_recomputed(settings):
    # Rows change between a test's requests; the cache has its own test (tests/ledger).
    settings.LEDGER_ASSESSMENT_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _dashboard_figures_recomputed(settings):
    # The same: the dashboards' cache has its own tests (tests/ledger/test_dashboard_cache.py).
    settings.DASHBOARD_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _erasure_journal_of_the_test(settings, tmp_path):
    # Erasures append to the journal file: each test its own, never the checkout's var/.
    settings.ERASURE_JOURNAL = str(tmp_path / "erasure-journal.jsonl")


@pytest.fixture(autouse=True)
def _fresh_caches():
    # Rate limits, and the lists kept by enterprise id (ids come again after a rolled-back test).
    from django.core.cache import caches

    caches["ratelimit"].clear()
    caches["default"].clear()
    yield


@pytest.fixture(autouse=True)
def _plain_http(settings, tmp_path):
    """Plain HTTP in tests (bin/test runs with DEBUG=0, which redirects to HTTPS) and uploads in
    the test's own folder. A test module may override it."""
    settings.SECURE_SSL_REDIRECT = False
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def user(demo):
    """user("union_chair") → that user."""
    return lambda username: get_user_model().objects.get(username=username)


@pytest.fixture
def demo(db):
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


# A fixed Fernet key for channel secrets (issue 21); production reads CHANNEL_SECRET_KEY.
CHANNEL_SECRET_KEY = "ZmFrZS10ZXN0LWtleS1mb3ItY2hhbm5lbC1zZWNyZXQ="


@pytest.fixture(autouse=True)
def _channel_secret_key(settings):
    settings.CHANNEL_SECRET_KEY = CHANNEL_SECRET_KEY


@pytest.fixture(scope="session")
def s3_server():
    """A local S3 server (moto, in a thread) for the whole run; its endpoint."""
    from tests import s3

    server, endpoint = s3.start_server()
    yield endpoint
    server.stop()


@pytest.fixture
def bucket(s3_server, settings):
    """Attachments go to a fresh private bucket on the local S3 server (STORAGE_URL set as an
    installation would); its name."""
    from consult.storage_url import S3_BACKEND, s3_options
    from tests import s3

    name = s3.new_bucket(s3_server)
    settings.STORAGE_URL = s3.storage_url(s3_server, name)
    settings.OBJECT_STORAGE_OPTIONS = s3_options(settings.STORAGE_URL)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": settings.OBJECT_STORAGE_OPTIONS},
    }
    return name
