from django.core.management.base import BaseCommand

from ledger.services import archives_build_pending, archives_expire


class Command(BaseCommand):
    help = (
        "Build the period archives asked for and not yet started (ARCHIVE_BUILDS=manual), and "
        "remove the files of those ready longer than ARCHIVE_KEEP_HOURS."
    )

    def handle(self, *args, **options):
        expired = archives_expire()
        self.stdout.write(f"{archives_build_pending()} archive(s) built, {expired} expired.")
