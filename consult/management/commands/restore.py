"""manage.py restore DIR [--reapply-erasures JOURNAL …]: load a backup made by `manage.py
backup` into an empty database.

Before touching anything it checks both archives against the manifest; it loads the rows in
one transaction and compares every table's count with the manifest (a mismatch rolls the load
back), then writes the files under MEDIA_ROOT, or into the bucket when attachments live in one
(STORAGE_URL), reads each one back and compares its SHA-256.

Then it re-applies the erasures of requesters' identities that the backup does not hold
(个人信息保护法): those of the journal file ERASURE_JOURNAL, which the app keeps outside the
database, and of every JOURNAL given (a copy of that file, or a newer backup's erasures.jsonl).
Every entry whose item is not erased in the restored data is erased again.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from consult import backup, privacy
from consult.storage import is_bucket


class Command(BaseCommand):
    help = "Restore a backup directory made by `manage.py backup` and verify it."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument(
            "--force",
            action="store_true",
            help="empty a database that already holds data (every row is deleted first)",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--reapply-erasures",
            action="append",
            default=[],
            metavar="JOURNAL",
            help="an erasure journal (ERASURE_JOURNAL's file, or a newer backup's "
            "erasures.jsonl) whose erasures are applied again after the restore; "
            "ERASURE_JOURNAL itself is read without being named",
        )

    def handle(self, *args, directory, force, database, reapply_erasures, **options):
        try:
            journals = self._journals(reapply_erasures)
            self._restore(Path(directory), force=force, database=database)
            self._reapply(journals, database=database)
        except (backup.BackupError, privacy.JournalError) as exc:
            raise CommandError(str(exc)) from exc

    def _journals(self, named: list[str]) -> list[tuple[Path, list[privacy.JournalEntry]]]:
        return privacy.journals_to_reapply(named)

    def _reapply(self, journals, *, database: str) -> None:
        for path, entries in journals:
            erased = privacy.reapply(entries)
            self.stdout.write(
                f"Re-applied {erased} erasure(s) from {path} "
                f"({len(entries) - erased} already in the backup or not of it)"
            )

    def _restore(self, directory: Path, *, force: bool, database: str) -> None:
        manifest = backup.read_manifest(directory)
        data, media = _checked_archives(directory, manifest)
        _prepare_database(database, force=force)
        _load_rows(data, manifest, database=database)
        found = _restore_media(media, manifest)
        tables = manifest["database"]["tables"]
        self.stdout.write(
            f"Restored and verified {sum(tables.values())} rows in {len(tables)} tables and "
            f"{len(found)} files from {directory}"
        )


def _checked_archives(directory: Path, manifest: dict) -> tuple[Path, Path]:
    """The database and media archives, once both match the manifest's checksums."""
    data, media = (
        directory / manifest["database"]["file"],
        directory / manifest["media"]["file"],
    )
    for part, path in (("database", data), ("media", media)):
        if not path.is_file():
            raise backup.BackupError(f"{path} is missing.")
        if backup.sha256_file(path) != manifest[part]["sha256"]:
            raise backup.BackupError(f"{path} does not match its checksum in the manifest.")
    wrong = backup.differences(manifest["media"]["files"], backup.media_tar_checksums(media))
    if wrong:
        raise backup.BackupError("media.tar does not match the manifest:\n" + "\n".join(wrong))
    return data, media


def _prepare_database(database: str, *, force: bool) -> None:
    """The database must be migrated and empty (with --force, it is emptied)."""
    connection = connections[database]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise backup.BackupError("The database is not migrated: run `manage.py migrate` first.")
    held = {table: n for table, n in backup.table_counts(database).items() if n}
    if held and not force:
        raise backup.BackupError(
            f"The database is not empty ({sum(held.values())} rows in {len(held)} tables); "
            "restore into an empty database, or pass --force to delete every row first."
        )
    if held:
        call_command("flush", interactive=False, database=database, verbosity=0)


def _load_rows(data: Path, manifest: dict, *, database: str) -> None:
    """All rows in one transaction, rolled back unless every table's count is the manifest's."""
    with transaction.atomic(using=database):
        call_command("loaddata", str(data), database=database, verbosity=0)
        wrong = backup.differences(manifest["database"]["tables"], backup.table_counts(database))
        if wrong:
            raise backup.BackupError(
                "The restored rows do not match the manifest (nothing was kept):\n"
                + "\n".join(wrong)
            )


def _restore_media(media: Path, manifest: dict) -> dict:
    """The files written where attachments live now (MEDIA_ROOT or the bucket), each read back
    and its SHA-256 checked against the manifest."""
    names = manifest["media"]["files"]
    if is_bucket(default_storage):
        backup.extract_to_bucket(media, default_storage)
        found = backup.bucket_checksums(default_storage, names)
    else:
        root = backup.media_root(settings.MEDIA_ROOT)
        backup.extract_media(media, root)
        found = {
            name: backup.sha256_file(root / name) if (root / name).is_file() else None
            for name in names
        }
    wrong = backup.differences(names, found)
    if wrong:
        raise backup.BackupError("Restored files do not match the manifest:\n" + "\n".join(wrong))
    return found
