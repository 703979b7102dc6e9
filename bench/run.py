"""Benchmarks: time and peak memory of the pages and documents people use most.

    DEBUG=1 .venv/bin/python bench/run.py [--repeat N]

Runs against its own SQLite file (bench/results/bench.sqlite3) filled by seed_demo, so it
never touches real data. Prints one line per case: median ms, peak MiB (tracemalloc),
queries. Later apps add cases to CASES.
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
RESULTS.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DEBUG", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{RESULTS / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consult.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

CASES = [
    ("dashboard", "union_chair", "/e/demo/"),
    ("leading group page", "union_chair", "/e/demo/leading-group/"),
    ("notice PDF", "union_chair", "/e/demo/notice/2026/notice.pdf"),
    ("notice DOCX", "union_chair", "/e/demo/notice/2026/notice.docx"),
    ("poster PDF", "union_chair", "/e/demo/poster.pdf"),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    clients = {}
    for name, username, url in CASES:
        client = clients.get(username)
        if client is None:
            client = clients[username] = Client(HTTP_HOST="127.0.0.1")
            client.login(username=username, password="demo-pass-2026")
        times, peak, queries = [], 0, 0
        for _ in range(args.repeat):
            tracemalloc.start()
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            peak = max(peak, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
            queries = len(ctx)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{name:28} {statistics.median(times):8.1f} ms {peak / 2**20:7.1f} MiB "
            f"{queries:4d} queries"
        )


if __name__ == "__main__":
    main()
