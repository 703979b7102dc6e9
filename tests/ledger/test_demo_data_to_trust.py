"""Demo data a newcomer can trust (issue 18 point 22): after bin/serve's seeds there is a
filled unit register handed up, a dispatch meeting within the last twelve months, no meeting
on a Sunday or holiday, and no tracking visit ticked 已完成 on a task its department declared
impossible; every department an item goes to has a head, who answers it."""

import datetime
import os

from django.core.management import call_command
from django.utils import timezone

from consult.models import Department, Enterprise, Membership
from consult.selectors import departments_without_head
from consult.workdays import is_working_day
from grievances.models import CollectionRegister, DepartmentAnswer
from meetings.models import Meeting, MeetingKind, MeetingStatus
from supervision.models import Outcome, TrackingVisit


def _seed():
    with open(os.devnull, "w") as quiet:
        for command in ("seed_examples", "seed_supervision", "seed_surveys", "seed_ledger"):
            call_command(command, stdout=quiet)


def test_the_demo_shows_one_of_each_thing_consistent_with_the_rules(demo):
    _seed()
    register = CollectionRegister.objects.get(enterprise=demo)
    assert register.rows.count() >= 3 and register.handed_up_at is not None

    year_ago = timezone.localdate() - datetime.timedelta(days=365)
    assert Meeting.objects.filter(
        enterprise=demo,
        kind=MeetingKind.DISPATCH,
        date__gte=year_ago,
        status=MeetingStatus.MINUTES_FINAL,
    ).exists()

    days = set(Meeting.objects.values_list("date", flat=True))
    assert days and all(is_working_day(d) for d in days), sorted(
        d for d in days if not is_working_day(d)
    )

    contradicted = TrackingVisit.objects.filter(
        status=Outcome.DONE, task__outcome=Outcome.IMPOSSIBLE
    )
    assert not contradicted.exists()

    # Every department an item went to has a head who can open it, and answered it himself.
    for enterprise in Enterprise.objects.filter(code__in=("demo", "demo-b")):
        routed = Department.objects.filter(grievances__enterprise=enterprise).distinct()
        assert departments_without_head(enterprise, routed) == []
    for answer in DepartmentAnswer.objects.select_related("grievance"):
        assert Membership.objects.filter(
            user=answer.answered_by,
            enterprise=answer.grievance.enterprise,
            department=answer.department,
        ).exists(), (answer.department.name, answer.answered_by.username)
