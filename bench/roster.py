"""Benchmark of the roster import (花名册): a 10,000-row roster previewed and committed.

    DEBUG=1 .venv/bin/python bench/roster.py [--rows 10000] [--database postgres://…/db]

Runs against its own database (default: a fresh SQLite file bench/results/roster.sqlite3; a
PostgreSQL URL is emptied by `flush` first), filled by seed_demo. The roster is the example
roster (`manage.py example_roster`) with `--rows` people, as XLSX. Each step runs in a fresh
process, so its time and peak resident memory (ru_maxrss, the whole process: Python, Django and
the step) are its own:

1. preview: read the file, normalise every row, plan against the enterprise, store the preview;
2. commit: confirm it (every person new: accounts, memberships, roles, units, changes);
3. same file again: preview and commit (nothing changes);
4. next month: 200 moved, 150 new, 100 gone (made inactive), previewed and committed.

It also reads the file with openpyxl's read-only mode and with python-calamine, the choice the
reader made (consult/roster/reader.py).
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
RESULTS.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consult.settings")


def _setup(database: str) -> None:
    os.environ["DATABASE_URL"] = database
    import django

    django.setup()


def _files(rows: int) -> dict[str, Path]:
    return {
        "first": RESULTS / f"roster-{rows}.xlsx",
        "month": RESULTS / f"roster-{rows}-next-month.xlsx",
    }


def prepare(rows: int, database: str) -> None:
    from django.core.management import call_command
    from openpyxl import Workbook

    from consult.roster.example import example_rows

    if database.startswith("sqlite"):
        Path(database.removeprefix("sqlite:///")).unlink(missing_ok=True)
        call_command("migrate", verbosity=0)
    else:
        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    first = example_rows(rows=rows)
    month = [list(r) for r in first]
    people = month[2:]
    for row in people[:200]:
        row[6] = "装配车间" if row[6] != "装配车间" else "机加工车间"  # moved to another workshop
    del people[-100:]  # gone
    for index in range(150):  # joined
        joiner = list(people[index])
        joiner[1], joiner[2] = f"新{joiner[1]}", f"N{index:05d}"
        joiner[4] = 13700000000 + index
        people.append(joiner)
    for name, table in (("first", first), ("month", month[:2] + people)):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("花名册")
        for row in table:
            sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        _files(rows)[name].write_bytes(out.getvalue())


def step(name: str, rows: int) -> dict:
    """One step in this process: seconds, peak RSS (MiB), counts."""
    from django.contrib.auth import get_user_model

    from consult.models import Enterprise
    from consult.roster.services import roster_import_confirm, roster_preview

    demo = Enterprise.objects.get(code="demo")
    chair = get_user_model().objects.get(username="union_chair")
    kind, _, phase = name.partition(":")
    path = _files(rows)["month" if kind == "month" else "first"]
    data = path.read_bytes()
    started = time.perf_counter()
    if phase == "preview":
        record = roster_preview(enterprise=demo, by=chair, file_name=path.name, data=data)
    else:
        from consult.models import RosterImport

        record = RosterImport.objects.filter(enterprise=demo, status="previewed").latest("id")
        record = roster_import_confirm(
            roster_import=record, by=chair, deactivate_leavers=kind == "month"
        )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"step": name, "seconds": round(seconds, 2), "peak_mib": round(peak), **record.counts}


def readers(rows: int) -> list[str]:
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    data = _files(rows)["first"].read_bytes()
    lines = []
    for label, read in (
        (
            "openpyxl read-only",
            lambda: list(
                load_workbook(io.BytesIO(data), read_only=True)
                .worksheets[0]
                .iter_rows(values_only=True)
            ),
        ),
        (
            "python-calamine",
            lambda: (
                CalamineWorkbook.from_filelike(io.BytesIO(data))
                .get_sheet_by_index(0)
                .to_python(skip_empty_area=False)
            ),
        ),
    ):
        started = time.perf_counter()
        count = len(read())
        lines.append(
            f"  read with {label:19} {count:6d} rows {time.perf_counter() - started:.2f} s"
        )
    return lines


STEPS = [
    "first:preview",
    "first:commit",
    "again:preview",
    "again:commit",
    "month:preview",
    "month:commit",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database", default=f"sqlite:///{RESULTS / 'roster.sqlite3'}")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    _setup(args.database)
    if args.one:
        print(json.dumps(step(args.one, args.rows)))
        return
    started = time.perf_counter()
    prepare(args.rows, args.database)
    size = _files(args.rows)["first"].stat().st_size
    print(
        f"{args.rows} people, {size / 2**20:.1f} MiB XLSX, {args.database.split(':')[0]} "
        f"(set up in {time.perf_counter() - started:.0f} s)"
    )
    print("\n".join(readers(args.rows)))
    for name in STEPS:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                name,
                "--rows",
                str(args.rows),
                "--database",
                args.database,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"  {r['step']:14} {r['seconds']:6.2f} s  peak {r['peak_mib']:4d} MiB  "
            f"new {r['new']:5d} changed {r['changed']:4d} unchanged {r['unchanged']:5d} "
            f"leaving {r['leaving']:4d} refused {r['refused']}"
        )


if __name__ == "__main__":
    main()
