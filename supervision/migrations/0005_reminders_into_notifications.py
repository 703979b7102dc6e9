"""supervision's own outbox (`OutboxMessage`, drained by `remind`) joins the one outbox: each
reminder becomes a notification carrying the reminder's key (so `remind` never writes it again),
and one not sent yet gets a waiting e-mail delivery. A reminder already sent finds the
notification `remind` created for it (same person, text and link) and gives it its key."""

from django.db import migrations
from django.utils import timezone


def _kind(key: str) -> str:
    if key.startswith(("eve:", "due:")):
        return "task_due"
    if key.startswith("head:"):
        return "task_overdue"
    if key.startswith("c2"):
        return "inform_due"
    if key.startswith("survey"):
        return "survey"
    return "notice"


def forwards(apps, schema_editor):
    OutboxMessage = apps.get_model("supervision", "OutboxMessage")
    Notification = apps.get_model("consult", "Notification")
    Delivery = apps.get_model("consult", "Delivery")
    now = timezone.now()
    for row in OutboxMessage.objects.select_related("recipient").order_by("id").iterator():
        key = row.key
        if key.startswith("survey:"):  # every key now ends with its person, as the others did
            key = f"{key}:u{row.recipient_id}"[:120]
        if Notification.objects.filter(key=key).exists():
            continue
        note = None
        if row.sent_at is not None:
            note = (
                Notification.objects.filter(
                    recipient_id=row.recipient_id,
                    enterprise_id=row.enterprise_id,
                    subject=row.subject,
                    url=row.url,
                    key="",
                )
                .order_by("id")
                .first()
            )
        if note is not None:
            note.key = key
            note.kind = _kind(key)
            note.save(update_fields=["key", "kind"])
            continue
        note = Notification.objects.create(
            enterprise_id=row.enterprise_id,
            recipient_id=row.recipient_id,
            subject=row.subject,
            body=row.body,
            url=row.url,
            kind=_kind(key),
            key=key,
        )
        if row.sent_at is None and row.recipient.email:
            Delivery.objects.create(
                notification_id=note.pk,
                enterprise_id=row.enterprise_id,
                channel="email",
                address=row.recipient.email,
                state="waiting",
                next_attempt_at=now,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0004_task_withdrawn"),
        ("consult", "0016_drop_mail_pending"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
