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
compare.py's `--with-peer` uses `prepare`, `start`, `pages` and `medians` from here. Setting the
peer up (virtualenv, project, database, seed) is bench/peer_project.py.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.compare import (  # noqa: E402
    LUA,
    WRK,
    add_load_arguments,
    check,
    login,
    run_wrk,
    wait_until_up,
)
from bench.peer_project import (  # noqa: E402, F401 (compare.py --with-peer: prepare, PORT)
    PASSWORD,
    PEER,
    PEER_DATABASE,
    PORT,
    PROJECT,
    TYPICAL,
    USERNAME,
    VENV,
    _env,
    _peer,
    prepare,
)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    add_load_arguments(p, port=PORT)
    p.add_argument("--queries", action="store_true", help="also count SQL queries per page")
    return p.parse_args()


def start(port: int = PORT, workers: int = 2) -> subprocess.Popen:
    bind = f"127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(VENV / "bin/gunicorn"), "peerdesk.wsgi", "-w", str(workers), "-b", bind]
        + ["--log-level", "warning"],
        cwd=PROJECT,
        env=_env(),
    )
    return wait_until_up(server, f"http://{bind}/login/", "peer gunicorn")


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
