"""Step 6: send the reminders that are due (run daily by cron or a systemd timer)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from supervision import reminders


class Command(BaseCommand):
    help = "Decide the step 6 reminders due today (outbox) and send every unsent one."

    def handle(self, *args, **options):
        added = reminders.decide(timezone.localdate())
        sent = reminders.drain()
        self.stdout.write(f"reminders decided: {added}, sent: {sent}")
