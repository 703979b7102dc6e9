from django.core.management.base import BaseCommand

from ledger.services import archives_build_pending


class Command(BaseCommand):
    help = "Build the period archives asked for and not yet started (ARCHIVE_BUILDS=manual)."

    def handle(self, *args, **options):
        self.stdout.write(f"{archives_build_pending()} archive(s) built.")
