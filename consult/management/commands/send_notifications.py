"""Send the notifications' deliveries that are due: e-mail, WeCom, DingTalk, SMS, group robots
(run every minute by cron or a systemd timer; README "Scheduled commands")."""

from django.core.management.base import BaseCommand

from consult.outbox.sender import send_due


class Command(BaseCommand):
    help = "Send every delivery that is due (e-mail, WeCom, DingTalk, SMS, group robots)."

    def handle(self, *args, **options):
        outcome = send_due()
        self.stdout.write(
            f"deliveries sent: {outcome.sent}, failed: {outcome.failed}, "
            f"given up: {outcome.given_up}, postponed: {outcome.postponed}"
        )
