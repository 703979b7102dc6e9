"""Issue 12's side-by-side setup for this app: gunicorn, 2 sync workers, wrk -t2 -c8 -d10s.

    .venv/bin/python bench/compare.py [--database URL] [--rows 50000] [--rounds 3] [--with-peer]

Fills enterprise `demo` on PostgreSQL (`--database`, else DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/wt_perf) with `--rows` items through bench/hotspots.py's
`fill` and adds one typical item that went through the real steps (submitted, verified,
classified, opinion, approved: a handful of events). Collects the static files when they are
missing or older than their sources, starts gunicorn `consult.wsgi` (2 sync workers, DEBUG=0,
hashed static files and CONN_MAX_AGE=60 as in .env.example; plain HTTP on 127.0.0.1, so secure
cookies and the HTTPS redirect are off, and the rate limits are lifted), signs in as the union
staff and runs wrk against each page. Each URL is fetched first and must answer 200 with what
the page shows (not a redirect to the login page); during wrk a Lua hook counts every answer
that is not 200. wrk runs with --timeout 30s (so slow answers keep their latency), and each run
waits until the workers are idle again before the next one starts. Without `--with-peer` the
peer's figures (django-helpdesk 2.6.1) are quoted from issue 12, taken on another machine; with
it, bench/peer.py sets django-helpdesk up (its own virtualenv and database, port 8813) and each
round measures our four pages and then the peer's (staff list frame and its JSON rows, dashboard,
ticket, public form), and the ratios are to the peer's medians of this run; the staff list is
compared with the peer's frame + rows together. With `--rounds N` the pages are interleaved N
times and the table gives the median of the rounds.

Requests per second depend on whatever else runs on the machine. The column "server CPU per
request" does not (much): the user + system CPU of the gunicorn workers and of this database's
PostgreSQL backends during the run, divided by the requests; two otherwise idle cores serve at
most 2000 / that many requests per second (wrk's own CPU not counted).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/wt_perf"
WRK = "/usr/bin/wrk"
PASSWORD = "demo-pass-2026"
TYPICAL = "宿舍空调坏了一周还没人修，夜班职工白天睡不好。（bench/compare.py 的典型条目）"
# django-helpdesk 2.6.1 at 50,000 items, requests per second (issue 12).
PEER = {
    "staff list, page 1": 5.56,
    "dashboard (union staff)": 1.39,
    "item page": 48.9,
    "public form GET": 217.0,
}
# Counts, per wrk thread, every answer that is not a 200; done() adds them up.
LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non200 = 0 end
function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("non200") end
  io.write(string.format("non200=%d\\n", n))
end
"""


def add_load_arguments(p: argparse.ArgumentParser, *, port: int) -> None:
    """The measurement's set-up, the same for us and for the peer (bench/peer.py)."""
    p.add_argument("--rows", type=int, default=50_000)
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--duration", default="10s", help="wrk -d")
    p.add_argument("--threads", type=int, default=2, help="wrk -t")
    p.add_argument("--connections", type=int, default=8, help="wrk -c")
    p.add_argument(
        "--timeout", default="30s", help="wrk --timeout (its default, 2s, drops slower answers)"
    )
    p.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    p.add_argument("--port", type=int, default=port)
    p.add_argument("--only", default="", help="measure the pages whose name contains this")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--database", default=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE)
    add_load_arguments(p, port=8812)
    p.add_argument(
        "--with-peer",
        action="store_true",
        help="also run django-helpdesk (bench/peer.py) and take the ratios from this run",
    )
    return p.parse_args()


def setup_django(database: str) -> None:
    os.environ["DATABASE_URL"] = database
    os.environ["STATIC_MANIFEST"] = "1"  # before hotspots' defaults: production static
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    sys.path.insert(0, str(ROOT))
    import bench.hotspots  # noqa: F401, PLC0415 - sets the remaining defaults, django.setup()


def prepare(rows: int) -> int:
    """The data, the typical item (its pk) and the collected static files."""
    from django.core.management import call_command

    from bench.hotspots import fill

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    fill(rows)
    pk = typical_item()
    if static_stale():
        print("collectstatic …", flush=True)
        call_command("collectstatic", interactive=False, verbosity=0)
    return pk


def typical_item() -> int:
    """An item taken through the real steps up to the department, as the demo's examples are."""
    from django.contrib.auth import get_user_model
    from django.test.utils import override_settings

    from consult.models import Category, Department, Enterprise
    from grievances import services
    from grievances.models import Grievance, Kind

    demo = Enterprise.objects.get(code="demo")
    found = Grievance.objects.filter(enterprise=demo, content=TYPICAL).first()
    if found:
        return found.pk
    users = {u.username: u for u in get_user_model().objects.filter(memberships__enterprise=demo)}
    staff = users["union_staff"]
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        g = services.grievance_submit(
            enterprise=demo,
            by=users["employee"],
            kind=Kind.GRIEVANCE,
            content=TYPICAL,
            disclosure="named",
        )
        services.grievance_verify(grievance=g, by=staff)
        services.grievance_classify(
            grievance=g,
            by=staff,
            category=Category.objects.get(enterprise=demo, name="生活保障类"),
            departments=[Department.objects.get(enterprise=demo, name="后勤部")],
            responsible_person="后勤部部长",
        )
        services.grievance_sign_opinion(
            grievance=g, by=users["union_chair"], route="department", opinion="建议转后勤部办理。"
        )
        services.grievance_approve_routing(grievance=g, by=users["admin_deputy"])
    return g.pk


def static_stale() -> bool:
    from django.conf import settings
    from django.contrib.staticfiles import finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    for finder in finders.get_finders():
        for _path, storage in finder.list(["CVS", ".*", "*~"]):
            if Path(storage.path(_path)).stat().st_mtime > built:
                return True
    return False


def start_gunicorn(args) -> subprocess.Popen:
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        STATIC_MANIFEST="1",
        CONN_MAX_AGE=os.environ.get("CONN_MAX_AGE", "60"),
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        RATELIMIT_SUBMIT_LIMIT="100000000",
        RATELIMIT_TRACK_LIMIT="100000000",
    )
    bind = f"127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "consult.wsgi", "-w", str(args.workers), "-b", bind]
        + ["--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    return wait_until_up(server, f"http://{bind}/accounts/login/", "gunicorn")


def wait_until_up(server: subprocess.Popen, url: str, name: str) -> subprocess.Popen:
    """`server` once `url` answers (within 30 s), else stop it and the benchmark."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit(f"{name} did not start")
            time.sleep(0.3)
    server.terminate()
    sys.exit(f"{name} did not answer within 30 s")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **kw):
        return None


def login(
    base: str, path: str = "/accounts/login/", username: str = "union_staff", password=PASSWORD
) -> str:
    """The session cookie of the union staff (or of `username`), signed in through the login
    form at `path`."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}{path}").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
    ).encode()
    opener.open(
        urllib.request.Request(f"{base}{path}", data=body, headers={"Referer": f"{base}{path}"})
    ).read()
    session = next((c.value for c in jar if c.name == "sessionid"), None)
    if not session:
        sys.exit(f"could not sign in as {username} at {base}{path}")
    return f"sessionid={session}"


def fetch(url: str, cookie: str | None) -> tuple[int, str]:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def pages(base: str, item: int):
    """(name, URL, signed in?, what the page must contain)."""
    signed_in = 'action="/accounts/logout/"'
    return [
        (
            "staff list, page 1",
            f"{base}/e/demo/grievances/all/",
            True,
            [signed_in, 'id="grievance-filters"', 'href="/e/demo/grievances/', "table-cards"],
        ),
        ("dashboard (union staff)", f"{base}/e/demo/", True, [signed_in, "蒙阴示范机械有限公司"]),
        ("item page", f"{base}/e/demo/grievances/{item}/", True, [signed_in, TYPICAL[:12]]),
        (
            "public form GET",
            f"{base}/s/demo/",
            False,
            ['action="/s/demo/submit/"', 'name="csrfmiddlewaretoken"'],
        ),
    ]


def check(name, url, cookie, expected) -> None:
    for _ in range(4):  # also warms both workers
        status, text = fetch(url, cookie)
        if status != 200:
            sys.exit(f"{name}: {url} answered {status}, not 200")
        missing = [e for e in expected if e not in text]
        if missing:
            sys.exit(f"{name}: {url} does not contain {missing}")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def _cpu_ticks(pid: int) -> int:
    """User + system CPU of a process, in clock ticks (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return int(fields[11]) + int(fields[12])


def _server_pids(server: subprocess.Popen, database: str | None = None) -> tuple[set, set]:
    """The gunicorn workers, and the PostgreSQL backends serving this database (`database`,
    else DATABASE_URL)."""
    import psycopg

    workers = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == server.pid:
                workers.add(int(stat.parent.name))
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
    with psycopg.connect(database or os.environ["DATABASE_URL"]) as conn:
        backends = {
            pid
            for (pid,) in conn.execute(
                "SELECT pid FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        }
    return workers, backends


def _drain(workers: set[int], quiet: float = 0.5, limit: float = 120.0) -> None:
    """Waits until the workers have finished the requests wrk left queued (their CPU stays
    flat for `quiet` seconds), so that a slow page does not spill into the next run."""
    deadline = time.monotonic() + limit
    last = sum(_cpu_ticks(pid) for pid in workers)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = sum(_cpu_ticks(pid) for pid in workers)
        if now == last:
            return
        last = now


def run_wrk(args, url, cookie, script, server, database: str | None = None) -> dict:
    """wrk's figures, and the CPU the workers and their database backends spent per request
    (independent of what else runs on the machine, unlike requests/s)."""
    command = [WRK, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}"]
    command += ["--timeout", getattr(args, "timeout", "30s"), "--latency", "-s", script]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    workers, backends = _server_pids(server, database)
    before = {pid: _cpu_ticks(pid) for pid in workers | backends}
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    more_workers, more_backends = _server_pids(server, database)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    per_request = 1000 / os.sysconf("SC_CLK_TCK") / max(requests, 1)

    def spent(pids):
        # A backend that ended during the run (CONN_MAX_AGE reached) takes its CPU with it:
        # counted as 0, so the db figure can be a little low, never negative.
        ticks = (_cpu_ticks(pid) - before.get(pid, 0) for pid in pids)
        return sum(max(0, t) for t in ticks) * per_request

    errors = re.search(r"Socket errors: (.*)", out)
    app, db = spent(workers | more_workers), spent(backends | more_backends)
    _drain(workers | more_workers)
    return {
        "cpu": app + db,
        "app": app,
        "db": db,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99": _ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "non200": int(re.search(r"non200=(\d+)", out).group(1)),
        "errors": errors.group(1).strip() if errors else "",
    }


def report(results, rounds: int, peer: dict | None = None) -> None:
    """Our table; the ratio is to `peer` (per our page name, the peer's median requests/s
    and CPU per request measured in this run) when given, else to the figures quoted from
    issue 12. With measured figures a second ratio compares the CPU per request (peer / ours),
    which depends less on what else the machine runs while one side or the other is measured."""
    peer_rps = {name: f["rps"] for name, f in peer.items()} if peer else None
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    head = f"median of {rounds} rounds" if rounds > 1 else "one round"
    print(f"\n{head}; load average at the end: {load}\n")
    print(
        "| page | requests/s | p50 | p99 | non-200 | server CPU per request (app + db) | "
        f"peer (helpdesk, {'this run' if peer_rps else 'issue 12'}) | ratio |"
        + (" peer CPU per request | CPU ratio |" if peer else "")
    )
    print("|---|---|---|---|---|---|---|---|" + ("---|---|" if peer else ""))
    for name, runs in results.items():
        rps = statistics.median(r["rps"] for r in runs)
        p50 = statistics.median(r["p50"] for r in runs)
        p99 = statistics.median(r["p99"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        app = statistics.median(r["app"] for r in runs)
        db = statistics.median(r["db"] for r in runs)
        bad = sum(r["non200"] for r in runs)
        errors = "; ".join(sorted({r["errors"] for r in runs if r["errors"]}))
        theirs = (peer_rps or PEER).get(name) or float("nan")
        line = (
            f"| {name} | {rps:.1f} | {p50:.1f} ms | {p99:.1f} ms | {bad}"
            f"{' (' + errors + ')' if errors else ''} | {cpu:.1f} ms ({app:.1f} + {db:.1f}) | "
            f"{theirs:.3g} req/s | {rps / theirs:.1f}× |"
        )
        if peer and name in peer:
            line += f" {peer[name]['cpu']:.1f} ms | {peer[name]['cpu'] / cpu:.1f}× |"
        print(line)


def per_round(results: dict, peer_results: dict) -> None:
    """The ratios of each round (requests/s and CPU per request), to see how far they move."""
    from bench import peer

    print()
    for n in range(len(next(iter(results.values())))):
        theirs = peer.medians({name: [runs[n]] for name, runs in peer_results.items()})
        parts = []
        for ours, counterpart in peer.COUNTERPART.items():
            if ours in results and counterpart in theirs:
                mine, other = results[ours][n], theirs[counterpart]
                parts.append(
                    f"{ours}: {mine['rps'] / other['rps']:.1f}× req/s, "
                    f"{other['cpu'] / mine['cpu']:.1f}× CPU"
                )
        print(f"round {n + 1}: " + "; ".join(parts))


def main():
    args = parse_args()
    if not os.path.exists(WRK):
        sys.exit(f"{WRK} is missing; install it with: sudo apt-get install -y wrk")
    setup_django(args.database)
    from django.db import connection

    item = prepare(args.rows)
    from grievances.models import Grievance

    total = Grievance.objects.filter(enterprise__code="demo").count()
    connection.close()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"{total:,} items in `demo` on {connection.vendor}; {os.cpu_count()} cores; "
        f"load average {load}",
        flush=True,
    )
    base = f"http://127.0.0.1:{args.port}"
    peer_server = None
    if args.with_peer:
        from bench import peer

        ticket = peer.prepare(args.rows)
        peer_server = peer.start(peer.PORT, args.workers)
        peer_base = f"http://127.0.0.1:{peer.PORT}"
    server = start_gunicorn(args)
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(LUA)
    script.close()
    try:
        cookie = login(base)
        chosen = [p for p in pages(base, item) if args.only in p[0]]
        for name, url, signed_in, expected in chosen:
            check(name, url, cookie if signed_in else None, expected)
        peer_chosen = []
        if peer_server:
            peer_cookie = peer.sign_in(peer_base)
            peer_chosen = peer.pages(peer_base, ticket, peer_cookie)
            for name, url, signed_in, expected in peer_chosen:
                check(name, url, peer_cookie if signed_in else None, expected)
        results = {name: [] for name, *_ in chosen}
        peer_results = {name: [] for name, *_ in peer_chosen}
        for n in range(args.rounds):
            for name, url, signed_in, _expected in chosen:
                result = run_wrk(args, url, cookie if signed_in else None, script.name, server)
                results[name].append(result)
                print(
                    f"round {n + 1} {name:26} {result['rps']:8.1f} req/s  p50 "
                    f"{result['p50']:7.1f} ms  p99 {result['p99']:7.1f} ms  "
                    f"non-200 {result['non200']}  CPU/request {result['app']:.1f} app + "
                    f"{result['db']:.1f} db ms",
                    flush=True,
                )
            for name, url, signed_in, _expected in peer_chosen:
                auth = peer_cookie if signed_in else None
                result = run_wrk(args, url, auth, script.name, peer_server, peer.PEER_DATABASE)
                peer_results[name].append(result)
                peer.print_line(f"round {n + 1} peer", name, result)
        measured = None
        if peer_server:
            figures = peer.medians(peer_results)
            measured = {
                ours: figures[theirs]
                for ours, theirs in peer.COUNTERPART.items()
                if theirs in figures
            }
            paths = {name: peer.short(url.removeprefix(peer_base)) for name, url, *_ in peer_chosen}
            peer.table(peer_results, paths, args.rounds)
        report(results, args.rounds, measured)
        if peer_server:
            per_round(results, peer_results)
    finally:
        os.unlink(script.name)
        server.terminate()
        server.wait()
        if peer_server:
            peer_server.terminate()
            peer_server.wait()


if __name__ == "__main__":
    main()
