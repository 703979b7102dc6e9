"""manage.py erase_expired_identities [--dry-run]: run daily (个人信息保护法).

Erases the requester's identity of every item closed longer ago than its enterprise's retention
period (set by the union chair, 36 months unless changed); the item's figures stay. Prints one
line per item: which item and what goes (never the values themselves). With --dry-run it only
lists what would go.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from grievances.services import expired_identities_erase


class Command(BaseCommand):
    help = "Erase the requester's identity of items closed longer than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be erased, change nothing"
        )

    def handle(self, *args, dry_run, **options):
        with translation.override("en"):
            done = expired_identities_erase(now=timezone.now(), dry_run=dry_run)
            verb = "would erase" if dry_run else "erased"
            for grievance, parts in done:
                what = ", ".join(parts) or "nothing left to erase"
                self.stdout.write(f"{grievance.enterprise.code} {grievance.number}: {verb} {what}")
        summary = "would be erased" if dry_run else "erased"
        self.stdout.write(f"{len(done)} item(s) {summary}.")
