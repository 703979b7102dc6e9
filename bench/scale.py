"""Pages at scale (issue 12): seed PostgreSQL through bulk paths, then measure every hot page.

    .venv/bin/python bench/scale.py                      # 1,000,000 grievances, 300 enterprises
    .venv/bin/python bench/scale.py --grievances 50000 --enterprises 30
    .venv/bin/python bench/scale.py --measure-only       # reuse what an earlier run seeded

It uses its own database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
consult_bench), drops nothing else, and re-seeds only when the requested size differs from what
is there. Rows are written with COPY in the proportions of a working union office (see `MIX`):
every grievance has the events of the steps it went through; routed items have a task, tracking
visits and the requester's notice; a share is grouped into topics decided at quarterly meetings.
The measurement part (bench/scale_measure.py) prints one table.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/consult_bench"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "*")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consult.settings")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--grievances", type=int, default=1_000_000)
    p.add_argument("--enterprises", type=int, default=300)
    p.add_argument("--years", type=int, default=3)
    p.add_argument("--measure-only", action="store_true")
    p.add_argument("--seed-only", action="store_true")
    p.add_argument("--repeat", type=int, default=20, help="requests per page")
    p.add_argument("--submissions", type=int, default=2000, help="anonymous POSTs under load")
    p.add_argument("--skip-load", action="store_true", help="skip the gunicorn submission test")
    return p.parse_args()


def ensure_database():
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(args) -> None:
    from django.core.management import call_command

    from bench.scale_seed import (
        long_timeline,
        seed_grievances,
        seed_organisations,
        seed_surveys,
        seeded_size,
    )

    print(f"migrating {os.environ['DATABASE_URL']} …", flush=True)
    call_command("migrate", verbosity=0)
    have_e, have_g = seeded_size()
    # Earlier measuring runs add their submissions, hence the tolerance.
    if have_e == args.enterprises and abs(have_g - args.grievances) < 0.05 * args.grievances:
        print(f"already seeded: {have_e} enterprises, {have_g:,} grievances", flush=True)
        seed_surveys()  # a database seeded before the surveys app gets its rounds
        return
    if have_e:
        sys.exit(
            f"{os.environ['DATABASE_URL']} holds another size ({have_e} enterprises, "
            f"{have_g:,} grievances); drop that database or set BENCH_DATABASE_URL"
        )
    t0 = time.monotonic()
    orgs = seed_organisations(args.enterprises)
    print(f"organisations: {time.monotonic() - t0:.1f} s", flush=True)
    seed_grievances(orgs, args.grievances, args.years)
    seed_surveys()
    long_timeline(orgs[0])
    from django.db import connection

    with connection.cursor() as c:
        c.execute("ANALYZE")
    print(f"seeded in {time.monotonic() - t0:.0f} s", flush=True)


def main():
    args = parse_args()
    ensure_database()
    import django

    django.setup()
    if not args.measure_only:
        seed(args)
    if args.seed_only:
        return
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # production static, as served
    from bench.scale_measure import measure  # noqa: PLC0415

    measure(args)


if __name__ == "__main__":
    main()
