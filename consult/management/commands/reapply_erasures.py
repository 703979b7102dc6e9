"""manage.py reapply_erasures [JOURNAL …]: erase again the identities an erasure journal lists
and the database does not hold erased (个人信息保护法).

`manage.py restore` does this by itself; run this after restoring with the database's own
tools (pg_restore, an SQLite copy). It reads ERASURE_JOURNAL's file and every JOURNAL given (a
copy of that file, or a newer backup's erasures.jsonl).
"""

from django.core.management.base import BaseCommand, CommandError

from consult import privacy


class Command(BaseCommand):
    help = "Re-apply the erasures of an erasure journal that the database does not hold."

    def add_arguments(self, parser):
        parser.add_argument("journals", nargs="*", metavar="JOURNAL")

    def handle(self, *args, journals, **options):
        try:
            found = privacy.journals_to_reapply(journals)
        except privacy.JournalError as exc:
            raise CommandError(str(exc)) from exc
        if not found:
            raise CommandError("No journal: give one, or set ERASURE_JOURNAL to an existing file.")
        for path, entries in found:
            erased = privacy.reapply(entries)
            self.stdout.write(
                f"Re-applied {erased} erasure(s) from {path} "
                f"({len(entries) - erased} already erased or not of this database)"
            )
