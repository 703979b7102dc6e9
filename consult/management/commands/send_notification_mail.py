"""Send the e-mail copies of notifications (run every minute by cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from consult.audit import send_notification_mail


class Command(BaseCommand):
    help = "Send the e-mail copy of every notification that waits for one."

    def handle(self, *args, **options):
        sent = send_notification_mail()
        self.stdout.write(f"notification e-mails sent: {sent}")
