"""Issue 22 point 5: django-helpdesk 2.6.1, measured on this machine like bench/compare.py.

    .venv/bin/python bench/peer.py [--rows 50000] [--rounds 1] [--queries]

Sets django-helpdesk up from PyPI in its own virtualenv, `bench/results/peer/venv` (ignored by
git; the versions are pinned in `REQUIREMENTS`), and writes a minimal Django project for it
into `bench/results/peer/project`: PostgreSQL database `helpdesk_peer` (`PEER_DATABASE`,
created when missing), DEBUG=False, ALLOWED_HOSTS 127.0.0.1, CONN_MAX_AGE=60 as ours, the
helpdesk mounted at `/`, the INSTALLED_APPS of helpdesk's installation docs less pinax-teams
and its helpers (HELPDESK_TEAMS_MODE_ENABLED=False, as its docs describe for running without
teams; 2.x ships its own `bootstrap5_form` tags, so no bootstrap4form) plus rest_framework,
which 2.x imports. Static files are neither collected nor served: wrk fetches only the HTML.

Seeds `--rows` tickets once (bulk_create, in every status, over the last year, across four
queues; every tenth ticket with three follow-ups; then ANALYZE) and one typical ticket with
four follow-ups for the ticket page, plus the staff user `staff` (is_staff). Then starts the peer
under gunicorn (2 sync workers, 127.0.0.1:8813), signs in through helpdesk's login form, checks
each page answers 200 with what it shows, and runs wrk (-t2 -c8 -d10s, the Lua counter of
non-200 answers) on: the staff ticket list `/tickets/`, which is only the frame, its rows
coming from a second request `/datatables_ticket_list/<query>` (JSON, measured as its own
row), the staff dashboard `/dashboard/`, one ticket `/tickets/<id>/` and the public
submission form `/tickets/submit/` (GET, anonymous). "Server CPU per request" is measured
as in compare.py (gunicorn workers + this database's PostgreSQL backends), with its code, and
so is the rest: wrk --timeout 30s (the dashboard takes seconds), and a wait until the workers
are idle after each run. The last row, "frame + rows", is one staff list as a browser gets it:
1 / (1/a + 1/b) requests/s, and the CPU of both requests.

`--queries` also prints how many SQL queries one request of each page makes and how long it
takes in process (django.test Client and CaptureQueriesContext inside the peer's project, after
one warm-up request; median of 3), and writes the queries to `bench/results/peer/queries.json`.
compare.py's `--with-peer` uses `prepare`, `start`, `pages` and `medians` from here.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.compare import LUA, WRK, check, login, run_wrk  # noqa: E402

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


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--rows", type=int, default=50_000)
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--duration", default="10s", help="wrk -d")
    p.add_argument("--threads", type=int, default=2, help="wrk -t")
    p.add_argument("--connections", type=int, default=8, help="wrk -c")
    p.add_argument(
        "--timeout", default="30s", help="wrk --timeout (its default, 2s, drops slower answers)"
    )
    p.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    p.add_argument("--port", type=int, default=PORT)
    p.add_argument("--only", default="", help="measure the pages whose name contains this")
    p.add_argument("--queries", action="store_true", help="also count SQL queries per page")
    return p.parse_args()


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


def start(port: int = PORT, workers: int = 2) -> subprocess.Popen:
    bind = f"127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(VENV / "bin/gunicorn"), "peerdesk.wsgi", "-w", str(workers), "-b", bind]
        + ["--log-level", "warning"],
        cwd=PROJECT,
        env=_env(),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{bind}/login/", timeout=2).read()
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit("peer gunicorn did not start")
            time.sleep(0.3)
    server.terminate()
    sys.exit("peer gunicorn did not answer within 30 s")


def sign_in(base: str) -> str:
    return login(base, path="/login/", username=USERNAME, password=PASSWORD)


def pages(base: str, ticket: int, cookie: str):
    """(name, URL, signed in?, what the page must contain). The list's row request is read
    from the list page, as its DataTables script would."""
    from bench.compare import fetch

    signed_in = 'action="/logout/"'
    _status, frame = fetch(f"{base}/tickets/", cookie)
    found = re.search(r'"url": "(/datatables_ticket_list/[^"]*)"', frame)
    if not found:
        sys.exit("peer: no datatables_ticket_list URL in /tickets/")
    rows = f"{base}{found.group(1)}?draw=1&start=0&length=25"
    return [
        ("staff list (frame)", f"{base}/tickets/", True, [signed_in, "datatables_ticket_list"]),
        ("staff list rows (JSON)", rows, True, ['"recordsTotal"', '"data": [{']),
        ("dashboard", f"{base}/dashboard/", True, [signed_in, "Unassigned"]),
        ("ticket page", f"{base}/tickets/{ticket}/", True, [signed_in, TYPICAL[:30]]),
        (
            "public form GET",
            f"{base}/tickets/submit/",
            False,
            ['name="csrfmiddlewaretoken"', 'name="submitter_email"'],
        ),
    ]


def count_queries(chosen, base: str) -> dict:
    spec = [(name, url.removeprefix(base), signed_in) for name, url, signed_in, _ in chosen]
    return json.loads(_peer("queries.py", json.dumps(spec), USERNAME, capture=True))


def print_line(label: str, name: str, r: dict) -> None:
    print(
        f"{label} {name:26} {r['rps']:8.1f} req/s  p50 {r['p50']:7.1f} ms  p99 {r['p99']:7.1f} "
        f"ms  non-200 {r['non200']}  CPU/request {r['app']:.1f} app + {r['db']:.1f} db ms",
        flush=True,
    )


FRAME, ROWS = "staff list (frame)", "staff list rows (JSON)"
LIST = "staff list, frame + rows"
# Our page in compare.py -> the peer's page it is compared with.
COUNTERPART = {
    "staff list, page 1": LIST,
    "dashboard (union staff)": "dashboard",
    "item page": "ticket page",
    "public form GET": "public form GET",
}


def list_view(frame: dict, rows: dict) -> dict:
    """One staff list as a browser gets it, the frame and then its rows: requests/s the two
    workers sustain for both (1 / (1/a + 1/b)) and the CPU of both."""
    return {
        "rps": 1 / (1 / frame["rps"] + 1 / rows["rps"]) if frame["rps"] and rows["rps"] else 0.0,
        "cpu": frame["cpu"] + rows["cpu"],
        "app": frame["app"] + rows["app"],
        "db": frame["db"] + rows["db"],
    }


def medians(results: dict) -> dict:
    """Per page, the median requests/s and CPU of the rounds (and the list as a whole)."""
    import statistics

    out = {
        name: {k: statistics.median(r[k] for r in runs) for k in ("rps", "cpu", "app", "db")}
        for name, runs in results.items()
    }
    if FRAME in results and ROWS in results:
        views = [list_view(f, r) for f, r in zip(results[FRAME], results[ROWS], strict=True)]
        out[LIST] = {k: statistics.median(v[k] for v in views) for k in ("rps", "cpu", "app", "db")}
    return out


def short(path: str) -> str:
    """The row request's path with its base64 query (the list's default filter) elided."""
    return re.sub(r"(/datatables_ticket_list/)[^?]+", r"\1<query>", path)


def table(results: dict, paths: dict, rounds: int, queries: dict | None = None) -> None:
    import statistics

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    head = f"median of {rounds} rounds" if rounds > 1 else "one round"
    print(f"\ndjango-helpdesk 2.6.1, {head}; load average at the end: {load}\n")
    print(
        "| page | URL | requests/s | p50 | p99 | non-200 | server CPU per request "
        "(app + db) | queries |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in ("rps", "p50", "p99", "cpu")}
        app = statistics.median(r["app"] for r in runs)
        db = statistics.median(r["db"] for r in runs)
        bad = sum(r["non200"] for r in runs)
        errors = "; ".join(sorted({r["errors"] for r in runs if r["errors"]}))
        count = queries[name]["queries"] if queries else "–"
        print(
            f"| {name} | `{paths[name]}` | {med['rps']:.1f} | {med['p50']:.1f} ms | "
            f"{med['p99']:.1f} ms | {bad}{' (' + errors + ')' if errors else ''} | "
            f"{med['cpu']:.1f} ms ({app:.1f} + {db:.1f}) | {count} |"
        )
    whole = medians(results).get(LIST)
    if whole:
        count = queries[FRAME]["queries"] + queries[ROWS]["queries"] if queries else "–"
        print(
            f"| {LIST} | both | {whole['rps']:.1f} | – | – | – | {whole['cpu']:.1f} ms "
            f"({whole['app']:.1f} + {whole['db']:.1f}) | {count} |"
        )


def main():
    args = parse_args()
    if not os.path.exists(WRK):
        sys.exit(f"{WRK} is missing; install it with: sudo apt-get install -y wrk")
    ticket = prepare(args.rows)
    base = f"http://127.0.0.1:{args.port}"
    server = start(args.port, args.workers)
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(LUA)
    script.close()
    try:
        cookie = sign_in(base)
        chosen = [p for p in pages(base, ticket, cookie) if args.only in p[0]]
        for name, url, signed_in, expected in chosen:
            check(name, url, cookie if signed_in else None, expected)
        queries = count_queries(chosen, base) if args.queries else None
        results = {name: [] for name, *_ in chosen}
        for n in range(args.rounds):
            for name, url, signed_in, _expected in chosen:
                cookie_or_none = cookie if signed_in else None
                result = run_wrk(args, url, cookie_or_none, script.name, server, PEER_DATABASE)
                results[name].append(result)
                print_line(f"round {n + 1}", name, result)
        paths = {name: short(url.removeprefix(base)) for name, url, *_ in chosen}
        table(results, paths, args.rounds, queries)
        if queries:
            (PEER / "queries.json").write_text(json.dumps(queries, indent=1))
            print("\nin process, one request (median of 3, after a warm-up):")
            for name, q in queries.items():
                print(f"- {name}: {q['ms']:.0f} ms, {q['queries']} queries")
            print(f"the queries themselves: {PEER / 'queries.json'}")
    finally:
        os.unlink(script.name)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
