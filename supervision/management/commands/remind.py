"""Steps 6–7: write the reminders that are due today as notifications (run daily by cron or a
systemd timer). It sends nothing itself: `send_notifications` sends their deliveries."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from supervision import reminders


class Command(BaseCommand):
    help = (
        "Write the step 6 and 7 reminders due today as notifications (sent by send_notifications)."
    )

    def handle(self, *args, **options):
        added = reminders.decide(timezone.localdate())
        self.stdout.write(f"reminders written: {added}")
