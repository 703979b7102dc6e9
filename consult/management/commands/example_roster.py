"""Write an example roster (花名册) for an enterprise, to try the roster import with.

    manage.py example_roster --rows 800 --bad 6 --out roster.xlsx

The enterprise's people set up by hand (the demo's personas) are listed first with their names
and phones, so importing the file gives them a 工号 (P and their record's number) instead of
second accounts; the other rows are made up, with the dirt real HR files have. `--bad N`
adds N rows the import refuses (at most 6).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from consult.models import Enterprise, Membership, display_name
from consult.roster.example import BAD_ROWS, example_csv, example_xlsx


class Command(BaseCommand):
    help = "Write an example roster (XLSX, or CSV in GB18030) for the roster import."

    def add_arguments(self, parser):
        parser.add_argument("--enterprise", default="demo", help="enterprise code (demo)")
        parser.add_argument("--rows", type=int, default=800, help="made-up people (800)")
        parser.add_argument("--bad", type=int, default=0, help=f"refused rows, 0–{len(BAD_ROWS)}")
        parser.add_argument("--out", default="roster.xlsx", help="file to write (.xlsx or .csv)")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, enterprise, rows, bad, out, seed, **options):
        found = Enterprise.objects.filter(code=enterprise).first()
        if found is None:
            raise CommandError(f"No enterprise with the code {enterprise!r}.")
        if not 0 <= bad <= len(BAD_ROWS) or not 0 <= rows <= 100_000:
            raise CommandError(f"--bad goes from 0 to {len(BAD_ROWS)}, --rows to 100000.")
        # People set up by hand (the demo's personas): without 工号, or with the P-number an
        # earlier example gave them, so that importing the example again keeps them.
        recorded = Membership.objects.filter(enterprise=found, is_active=True).filter(
            Q(employee_no="") | Q(employee_no__startswith="P")
        )
        people = [
            (display_name(m.user), m.phone, m.employee_no or f"P{m.pk:04d}")
            for m in recorded.exclude(phone="").select_related("user").order_by("pk")
        ]
        kwargs = {"rows": rows, "bad": bad, "people": people, "seed": seed}
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = example_csv(**kwargs) if path.suffix.lower() == ".csv" else example_xlsx(**kwargs)
        path.write_bytes(data)
        self.stdout.write(
            f"{path}: {len(people) + rows + bad} people of {found.name} "
            f"({len(people)} already recorded, {bad} rows the import refuses)."
        )
