"""manage.py move_attachments --to bucket|disk [--dry-run]: move the attachments' files between
MEDIA_ROOT and the bucket of STORAGE_URL (README, "Attachments in object storage").

Each file keeps its name, so the rows do not change: the app finds the files where STORAGE_URL
says they are. A file is copied, read back and compared by SHA-256 before it is removed from
where it was; a run that stopped is simply run again (files already moved are skipped). Files of
erased attachments are never copied. Before files go into the bucket, a bucket anyone may read is
refused.
"""

from django.core.management.base import BaseCommand, CommandError

from consult import storage
from grievances.models import Attachment


class Command(BaseCommand):
    help = "Move the attachments' files between MEDIA_ROOT and the bucket (resumable)."

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, choices=["bucket", "disk"])
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would move, move nothing"
        )

    def handle(self, *args, to, dry_run, **options):
        source, target = self._stores(to)
        counts = dict.fromkeys(storage.OUTCOMES, 0)
        names = Attachment.objects.filter(erased_at__isnull=True).exclude(file="")
        for name in names.order_by("pk").values_list("file", flat=True).iterator():
            try:
                outcome = storage.move_file(name, source=source, target=target, dry_run=dry_run)
            except OSError as exc:
                raise CommandError(str(exc)) from exc
            counts[outcome] += 1
            if outcome in (storage.MISSING, storage.CONFLICT):
                self.stderr.write(f"{name}: {outcome}")
        self.stdout.write(", ".join(f"{n} {what}" for what, n in counts.items()) + f" (to {to})")
        if counts[storage.CONFLICT]:
            raise CommandError("Some names hold another file at the destination: nothing done.")

    def _stores(self, to: str):
        try:
            bucket = storage.bucket_storage()
        except Exception as exc:
            raise CommandError(str(exc)) from exc
        if to == "bucket":
            public = bucket.public_grants()
            if public:
                raise CommandError(f"Anyone may read the bucket ({', '.join(public)}): refused.")
            return storage.disk_storage(), bucket
        return bucket, storage.disk_storage()
