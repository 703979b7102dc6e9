"""Issue 18 point 6: a notification says whether it asks its reader to do something. Existing
rows ask what their kind asks (consult.models.records.ASKING_KINDS, as it stood here)."""

from django.db import migrations, models

ASKING_KINDS = ["new_item", "step", "task_due", "task_overdue", "inform_due", "survey", "meeting"]


def asks_by_kind(apps, schema_editor):
    Notification = apps.get_model("consult", "Notification")
    Notification.objects.filter(kind__in=ASKING_KINDS).update(asks=True)


class Migration(migrations.Migration):
    dependencies = [
        ("consult", "0016_drop_mail_pending"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="asks",
            field=models.BooleanField(default=False, verbose_name="asks for an action"),
        ),
        migrations.RunPython(asks_by_kind, migrations.RunPython.noop),
    ]
