"""The former name of `send_notifications`, kept so existing cron lines go on working."""

from consult.management.commands.send_notifications import Command as SendNotifications


class Command(SendNotifications):
    help = "Same as send_notifications (its former name)."
