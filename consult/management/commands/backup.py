"""manage.py backup --output DIR: the database and the uploaded files, with a manifest.

See consult.backup for what the directory holds; `manage.py restore DIR` puts it back.
"""

import datetime
from pathlib import Path

import django
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from consult import backup, privacy
from consult.storage import is_bucket


class Command(BaseCommand):
    help = (
        "Back up the database (portable JSON) and the attachments (MEDIA_ROOT or the bucket, "
        "a tar) into a new directory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="a new or empty directory")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output, database, **options):
        directory = Path(output)
        if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
            raise CommandError(f"{directory} exists and is not an empty directory.")
        # The backup holds every requester's identity: readable by its owner only.
        directory.mkdir(parents=True, exist_ok=True)
        directory.chmod(0o700)
        connection = connections[database]
        # One snapshot for the rows and their counts: on PostgreSQL a repeatable-read
        # transaction (unless a caller's transaction is already open); SQLite's read
        # transaction already keeps writers out.
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=database):
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            counts = backup.table_counts(database)
            # The erasures this backup holds (nothing personal): a restore of an older backup
            # can re-apply them with --reapply-erasures.
            erasures = backup.write_erasures(directory / backup.ERASURES, privacy.journal_entries())
            call_command(
                "dumpdata",
                exclude=backup.EXCLUDE,
                use_natural_foreign_keys=True,
                use_base_manager=True,
                output=str(directory / backup.DATABASE),
                database=database,
                verbosity=0,
            )
        try:
            files = self._write_files(directory / backup.MEDIA)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = {
            "format": backup.FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "django": django.get_version(),
            "database_vendor": connection.vendor,
            "database": {
                "file": backup.DATABASE,
                "sha256": backup.sha256_file(directory / backup.DATABASE),
                "tables": counts,
            },
            "media": {
                "file": backup.MEDIA,
                "sha256": backup.sha256_file(directory / backup.MEDIA),
                "files": files,
                "storage": "bucket" if is_bucket(default_storage) else "disk",
            },
            "erasures": {
                "file": backup.ERASURES,
                "sha256": backup.sha256_file(directory / backup.ERASURES),
                "count": erasures,
            },
        }
        backup.write_manifest(directory / backup.MANIFEST, manifest)
        for name in (backup.DATABASE, backup.MEDIA, backup.ERASURES, backup.MANIFEST):
            (directory / name).chmod(0o600)
        self.stdout.write(
            f"Backed up {sum(counts.values())} rows in {len(counts)} tables and "
            f"{len(files)} files to {directory}"
        )

    def _write_files(self, target: Path) -> dict[str, str]:
        """The attachments from wherever they live: MEDIA_ROOT or the bucket."""
        if is_bucket(default_storage):
            return backup.write_bucket_tar(default_storage, target)
        return backup.write_media_tar(backup.media_root(settings.MEDIA_ROOT), target)
