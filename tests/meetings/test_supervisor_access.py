"""Issue 13 point 11: supervisors (督导人员) see the meetings and decisions they supervise,
without being invited, once the notice went out; not drafts, not other enterprises."""

import pytest

from meetings import services
from meetings.models import Decision

from .conftest import on_meeting_day, page
from .test_minutes import _minutes

pytestmark = pytest.mark.django_db


def test_the_supervisor_sees_a_meeting_they_were_not_invited_to(invited_meeting, login):
    assert not invited_meeting.participants.filter(user__username="supervisor").exists()
    client = login("supervisor")
    listing = client.get(page("meeting_list")).content.decode()
    assert invited_meeting.label in listing
    assert client.get(page("meeting_detail", invited_meeting)).status_code == 200


def test_the_supervisor_sees_the_decisions_to_supervise(invited_meeting, login, user):
    item = invited_meeting.items.get()
    chair = login("union_chair")
    with on_meeting_day():
        assert chair.post(page("meeting_minutes", invited_meeting), _minutes(item)).status_code
        services.meeting_mark_held(meeting=invited_meeting, by=user("union_chair"))
        services.minutes_finalise(meeting=invited_meeting, by=user("union_chair"))
    assert Decision.objects.filter(meeting=invited_meeting).exists()
    body = login("supervisor").get(page("meeting_detail", invited_meeting)).content.decode()
    assert 'id="decisions"' in body and "12月底前补发差额" in body


def test_the_supervisor_does_not_see_a_draft_meeting(meeting, login):
    client = login("supervisor")
    assert client.get(page("meeting_detail", meeting)).status_code == 404
    assert meeting.label not in client.get(page("meeting_list")).content.decode()


def test_the_supervisor_still_cannot_manage_the_meeting(invited_meeting, login):
    client = login("supervisor")
    assert client.get(page("meeting_minutes", invited_meeting)).status_code == 403
