"""`seed_surveys` gives `demo` answered, unanswered and remedied surveys, once."""

import io

from django.core.management import call_command

from grievances.models import Status
from surveys.models import Answer, Remedy, RoundStatus, SurveyRound


def test_the_demo_has_answered_unanswered_and_remedied_surveys_and_reruns_add_nothing(demo):
    call_command("seed_supervision", stdout=io.StringIO())
    call_command("seed_surveys", stdout=io.StringIO())
    rounds = SurveyRound.objects.filter(enterprise=demo)
    assert rounds.filter(status=RoundStatus.REVIEWED, grievance__status=Status.CLOSED).exists()
    assert rounds.filter(status=RoundStatus.OPEN, respondents__anonymous=True).exists()
    assert rounds.filter(status=RoundStatus.CLOSED, respondents__answer__isnull=True).exists()
    assert Remedy.objects.filter(round__enterprise=demo, task__isnull=False).count() == 1
    counts = (rounds.count(), Answer.objects.count())
    call_command("seed_surveys", stdout=io.StringIO())
    assert (rounds.count(), Answer.objects.count()) == counts
