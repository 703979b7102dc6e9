"""The django-helpdesk 2.6.1 side of bench/peer.py: its own virtualenv, a minimal Django project
written into bench/results/peer/project, its PostgreSQL database and 50,000 seeded tickets.
bench/peer.py measures it; compare.py --with-peer uses `prepare` through bench/peer.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT / "bench/results/peer"
VENV = PEER / "venv"
PROJECT = PEER / "project"
PEER_DATABASE = "postgres://postgres@127.0.0.1:5432/helpdesk_peer"
PORT = 8813
USERNAME = "staff"
PASSWORD = "peer-pass-2026"
TYPICAL = "Air conditioning in the dormitory broken for a week (bench/peer.py typical ticket)"
# What pip resolved for django-helpdesk 2.6.1 on 2026-12-06 (it asks for django>=5.2).
REQUIREMENTS = [
    "django-helpdesk==2.6.1",
    "Django==5.2.19",
    "gunicorn==27.0.1",
    "psycopg[binary]==3.3.9",
]

SETTINGS = """\
# Written by bench/peer.py: a minimal project around django-helpdesk for the benchmark.
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "bench-peer-only-secret-key-not-for-production-0123456789"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rest_framework",
    "helpdesk",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "peerdesk.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
WSGI_APPLICATION = "peerdesk.wsgi.application"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": %(name)r,
        "USER": %(user)r,
        "HOST": %(host)r,
        "PORT": %(port)r,
        "CONN_MAX_AGE": 60,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
SITE_ID = 1
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
LOGIN_URL = "helpdesk:login"
LOGIN_REDIRECT_URL = "helpdesk:home"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = "helpdesk@example.com"
HELPDESK_TEAMS_MODE_ENABLED = False
"""

URLS = """\
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("helpdesk.urls", namespace="helpdesk")),
]
"""

WSGI = """\
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerdesk.settings")
application = get_wsgi_application()
"""

# Run with the peer's Python inside its project: seeds once, prints the typical ticket's id.
SEED = """\
import datetime, json, os, random, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerdesk.settings")
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from helpdesk.models import FollowUp, Queue, Ticket

rows, username, password, typical = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
User = get_user_model()
staff = User.objects.filter(username=username).first()
if staff is None:
    staff = User.objects.create_user(username, "staff@example.com", password, is_staff=True)
queues = []
for n, title in enumerate(["Facilities", "Payroll", "Safety", "Canteen"]):
    queue, _ = Queue.objects.get_or_create(
        slug=title.lower(),
        defaults={"title": title, "allow_public_submission": True,
                  "email_address": f"q{n}@example.com"},
    )
    queues.append(queue)
rng = random.Random(12)
statuses = [s for s, _ in Ticket.STATUS_CHOICES]
have = Ticket.objects.exclude(title=typical).count()
with transaction.atomic():
    while have < rows:
        batch = []
        for i in range(have, min(rows, have + 5000)):
            batch.append(Ticket(
                title=f"Ticket {i}: " + rng.choice(["printer", "salary slip", "shift change",
                                                     "helmet", "canteen menu", "locker"]),
                queue=rng.choice(queues),
                submitter_email=f"worker{i % 3000}@example.com",
                assigned_to=staff if i % 3 == 0 else None,
                status=rng.choice(statuses),
                priority=rng.randint(1, 5),
                description="Please look into this. " * 8,
            ))
        made = Ticket.objects.bulk_create(batch)
        follow = []
        for t in made[::10]:
            for k in range(3):
                follow.append(FollowUp(ticket=t, title=f"Follow-up {k}", user=staff,
                                       comment="We are on it. " * 5, public=True))
        FollowUp.objects.bulk_create(follow)
        have += len(batch)
    with connection.cursor() as c:  # created is auto_now_add: spread it over a year
        c.execute("UPDATE helpdesk_ticket SET created = now() - (id %% 365) * interval '1 day' "
                  "- (id %% 1440) * interval '1 minute', modified = now() - (id %% 30) * "
                  "interval '1 day' WHERE created > now() - interval '1 hour' AND title <> %s",
                  [typical])
with connection.cursor() as c:  # statistics as autovacuum would have them on a live system
    c.execute("ANALYZE helpdesk_ticket; ANALYZE helpdesk_followup")
ticket = Ticket.objects.filter(title=typical).first()
if ticket is None:
    ticket = Ticket.objects.create(title=typical, queue=queues[0], status=Ticket.OPEN_STATUS,
                                   submitter_email="worker1@example.com", priority=3,
                                   description="The night shift cannot sleep during the day.")
    for k, text in enumerate(["Received, forwarded to facilities.", "Technician booked.",
                              "Part ordered, arrives Friday.", "Waiting for the part."]):
        FollowUp.objects.create(ticket=ticket, title=f"Comment {k}", comment=text,
                                user=staff, public=True)
print(json.dumps({"ticket": ticket.pk, "tickets": Ticket.objects.count(),
                  "followups": FollowUp.objects.count()}))
"""

# Run with the peer's Python: the SQL queries of one request of each page (after a warm-up)
# and the median time of three more, in process (one client, so about app + db CPU).
QUERIES = """\
import json, os, statistics, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerdesk.settings")
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pages = json.loads(sys.argv[1])
staff = get_user_model().objects.get(username=sys.argv[2])
out = {}
for name, path, signed_in in pages:
    client = Client(HTTP_HOST="127.0.0.1")
    if signed_in:
        client.force_login(staff)
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(path).status_code
    sql = [q["sql"] for q in ctx.captured_queries]  # before the next request resets the log
    times = []
    for _ in range(3):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    out[name] = {"status": status, "queries": len(sql), "ms": statistics.median(times),
                 "sql": sql}
print(json.dumps(out))
"""


def _env() -> dict:
    """The environment of the peer's processes: its own settings (compare.py --with-peer has
    set ours in os.environ), without the RuntimeWarning its dashboard prints on every request
    (it compares naive datetimes)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peerdesk.settings",
        "PYTHONWARNINGS": "ignore::RuntimeWarning",
    }


def _python() -> str:
    return str(VENV / "bin/python")


def setup_venv() -> None:
    """The peer's virtualenv with the pinned versions (pip is only run when one differs)."""
    if not (VENV / "bin/python").exists():
        print(f"creating {VENV} …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    frozen = subprocess.run(
        [_python(), "-m", "pip", "freeze"], capture_output=True, text=True, check=True
    ).stdout.lower()
    wanted = [r.lower().replace("[binary]", "") for r in REQUIREMENTS]
    if not all(w in frozen.splitlines() for w in wanted):
        print("pip install " + " ".join(REQUIREMENTS) + " …", flush=True)
        subprocess.run([_python(), "-m", "pip", "install", "-q", *REQUIREMENTS], check=True)


def write_project() -> None:
    url = urllib.parse.urlsplit(PEER_DATABASE)
    settings = SETTINGS % {
        "name": url.path.lstrip("/"),
        "user": url.username or "postgres",
        "host": url.hostname or "127.0.0.1",
        "port": str(url.port or 5432),
    }
    files = {
        "manage.py": "import os, sys\n"
        'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerdesk.settings")\n'
        "from django.core.management import execute_from_command_line\n"
        "execute_from_command_line(sys.argv)\n",
        "peerdesk/__init__.py": "",
        "peerdesk/settings.py": settings,
        "peerdesk/urls.py": URLS,
        "peerdesk/wsgi.py": WSGI,
        "seed.py": SEED,
        "queries.py": QUERIES,
    }
    for name, text in files.items():
        path = PROJECT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)


def create_database() -> None:
    import psycopg

    url = urllib.parse.urlsplit(PEER_DATABASE)
    name = url.path.lstrip("/")
    admin = urllib.parse.urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"CREATE DATABASE {name}", flush=True)
            conn.execute(f'CREATE DATABASE "{name}"')


def _peer(*command: str, capture: bool = False) -> str:
    done = subprocess.run(  # stderr stays on the terminal
        [_python(), *command],
        cwd=PROJECT,
        check=True,
        stdout=subprocess.PIPE if capture else None,
        text=True,
        env=_env(),
    )
    return done.stdout if capture else ""


def prepare(rows: int) -> int:
    """Venv, project, database, migrations and data; the typical ticket's id."""
    setup_venv()
    write_project()
    create_database()
    _peer("manage.py", "migrate", "--noinput", "-v", "0")
    started = time.monotonic()
    out = _peer("seed.py", str(rows), USERNAME, PASSWORD, TYPICAL, capture=True)
    seeded = json.loads(out.strip().splitlines()[-1])
    print(
        f"peer: {seeded['tickets']:,} tickets, {seeded['followups']:,} follow-ups "
        f"(seed step {time.monotonic() - started:.1f} s); typical ticket #{seeded['ticket']}",
        flush=True,
    )
    return seeded["ticket"]
