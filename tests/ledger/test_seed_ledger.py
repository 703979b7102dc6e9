"""seed_ledger gives every step data across the four quarters before this one, once."""

import os

from django.core.management import call_command

from grievances.models import Grievance
from ledger.periods import last_quarters
from meetings.models import Meeting, MeetingKind, MeetingStatus
from supervision.models import Bulletin, RequesterTold
from surveys.models import RoundStatus, SurveyRound


def _seed():
    with open(os.devnull, "w") as quiet:
        call_command("seed_ledger", stdout=quiet)


def test_each_earlier_quarter_has_items_meetings_and_bulletins_and_a_rerun_adds_nothing(demo):
    _seed()
    counts = Grievance.objects.count()
    for period in last_quarters(5)[:-1]:
        start, end = period.bounds()
        items = Grievance.objects.filter(
            enterprise=demo, received_at__gte=start, received_at__lt=end
        )
        assert items.count() == 5
        assert set(items.values_list("disclosure", flat=True)) == {
            "named",
            "confidential",
            "anonymous",
        }
        assert Meeting.objects.filter(
            enterprise=demo, date__range=(period.start, period.end)
        ).exists()
        assert Bulletin.objects.filter(
            enterprise=demo, dated__range=(period.start, period.end)
        ).exists()
        assert RequesterTold.objects.filter(grievance__in=items).count() >= 3
        meetings = Meeting.objects.filter(enterprise=demo, date__range=(period.start, period.end))
        # Main's rules: minutes final only after the meeting was held; the leading group's
        # quarterly meeting is held without topics, consultation meetings carry the topic.
        assert set(meetings.values_list("status", flat=True)) == {MeetingStatus.MINUTES_FINAL}
        quarterly = meetings.get(kind=MeetingKind.QUARTERLY)
        assert not quarterly.items.exists()
        # Its members signed in and its host chaired it: everyone is present on the minutes.
        assert set(quarterly.participants.values_list("attended", flat=True)) == {True}
        assert meetings.get(kind=MeetingKind.SPECIAL).items.count() == 1
        # Every told item was surveyed, signed by the 督办人 and reviewed: the item is closed.
        rounds = SurveyRound.objects.filter(grievance__in=items)
        assert rounds.count() == RequesterTold.objects.filter(grievance__in=items).count()
        assert set(rounds.values_list("status", flat=True)) == {RoundStatus.REVIEWED}
        assert all(r.signed_by.username == "supervisor" and r.review for r in rounds)
        assert items.filter(status="closed").count() == rounds.count()
    _seed()
    assert Grievance.objects.count() == counts
