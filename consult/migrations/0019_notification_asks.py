"""Issue 18 point 6: a notification says whether it asks its reader to do something. Existing
rows ask what their kind asks (consult.models.records.ASKING_KINDS, as it stood here), except
those that were sent for information under an asking kind (a meeting notice to those not
invited, a leave decision, a withdrawn task, a survey result)."""

from django.db import migrations, models

ASKING_KINDS = ["new_item", "step", "task_due", "task_overdue", "inform_due", "survey", "meeting"]


# The message ids of those notices, as the senders wrote them until now.
TELLING_MESSAGES = [
    "Notice: %(label)s on %(date)s at %(place)s",
    "Notice: consultation meeting %(label)s on %(date)s at %(place)s",
    "Your leave from meeting %(label)s was granted",
    "Your leave from meeting %(label)s was refused; please attend",
    "Task withdrawn, the item goes to a consultation meeting: %(title)s",
]
# The survey result was stored as rendered text, in the language of the chair who reviewed.
TELLING_SUBJECTS = ["满意度测评结果", "Satisfaction survey result of"]


def asks_by_kind(apps, schema_editor):
    Notification = apps.get_model("consult", "Notification")
    telling = models.Q(message__in=TELLING_MESSAGES)
    for text in TELLING_SUBJECTS:
        telling |= models.Q(message="", subject__contains=text)
    Notification.objects.filter(kind__in=ASKING_KINDS).exclude(telling).update(asks=True)


class Migration(migrations.Migration):
    dependencies = [
        ("consult", "0018_calendar_schedule"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="asks",
            field=models.BooleanField(default=False, verbose_name="asks for an action"),
        ),
        migrations.RunPython(asks_by_kind, migrations.RunPython.noop),
    ]
