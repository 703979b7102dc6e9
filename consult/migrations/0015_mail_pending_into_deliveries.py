"""Every notification whose e-mail copy was still waiting (`mail_pending`) gets a waiting e-mail
delivery in the new outbox, due at once; the flag is dropped in the next migration."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Notification = apps.get_model("consult", "Notification")
    Delivery = apps.get_model("consult", "Delivery")
    now = timezone.now()
    pending = (
        Notification.objects.filter(mail_pending=True)
        .select_related("recipient")
        .order_by("id")
        .iterator(chunk_size=2000)
    )
    batch = []
    for note in pending:
        if not note.recipient.email:
            continue
        batch.append(
            Delivery(
                notification_id=note.pk,
                enterprise_id=note.enterprise_id,
                channel="email",
                address=note.recipient.email,
                state="waiting",
                next_attempt_at=now,
            )
        )
        if len(batch) >= 2000:
            Delivery.objects.bulk_create(batch)
            batch = []
    Delivery.objects.bulk_create(batch)


def backwards(apps, schema_editor):
    Notification = apps.get_model("consult", "Notification")
    Delivery = apps.get_model("consult", "Delivery")
    waiting = Delivery.objects.filter(channel="email", state__in=["waiting", "failed"])
    Notification.objects.filter(pk__in=waiting.values("notification_id")).update(mail_pending=True)


class Migration(migrations.Migration):
    dependencies = [("consult", "0014_outbox")]
    operations = [migrations.RunPython(forwards, backwards)]
