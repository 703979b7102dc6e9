"""Issue 18 point 6: survey invitations written before a respondent's answer cleared them are
done now: a respondent's once they answered, everyone's once the round closed."""

from django.db import migrations
from django.utils import timezone


def invitations_done(apps, schema_editor):
    Notification = apps.get_model("consult", "Notification")
    SurveyRound = apps.get_model("surveys", "SurveyRound")
    Respondent = apps.get_model("surveys", "Respondent")
    now = timezone.now()
    for pk, code, status in SurveyRound.objects.values_list("pk", "enterprise__code", "status"):
        waiting = Notification.objects.filter(
            url=f"/e/{code}/surveys/{pk}/answer/", asks=True, read_at__isnull=True
        )
        if status != "open":
            waiting.update(read_at=now)
            continue
        answered = Respondent.objects.filter(
            round_id=pk, user__isnull=False, answer__isnull=False
        ).values("user_id")
        waiting.filter(recipient_id__in=answered).update(read_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_field_names"),
        ("consult", "0019_notification_asks"),
    ]

    operations = [migrations.RunPython(invitations_done, migrations.RunPython.noop)]
