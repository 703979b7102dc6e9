"""Issue 13 point 21 for meetings: approving the notice clears the approval request; granting
one person's leave clears the leave request, not the others' invitations."""

import pytest

from consult.models import Notification
from meetings import services
from meetings.models import Rsvp
from meetings.workflow import meeting_url

pytestmark = pytest.mark.django_db


def _unread(meeting, username):
    return Notification.objects.filter(
        recipient__username=username, url=meeting_url(meeting), read_at__isnull=True
    )


def test_approving_the_notice_clears_the_request_to_approve_it(meeting, queued_topic, user):
    chair = user("union_chair")
    services.meeting_add_topic(meeting=meeting, topic=queued_topic("加班费核算"), by=chair)
    services.participants_propose(meeting=meeting, by=chair)
    services.notice_submit(meeting=meeting, by=chair)
    assert _unread(meeting, "admin_head").exists()
    services.notice_approve(meeting=meeting, by=user("admin_head"))
    assert not _unread(meeting, "admin_head").filter(subject__contains="审批").exists()


def test_granting_leave_clears_the_leave_request_but_not_other_invitations(invited_meeting, user):
    rep = invited_meeting.participants.get(user__username="employee_rep")
    others = list(
        invited_meeting.participants.exclude(user__username__in=["employee_rep", "union_chair"])
        .exclude(user__isnull=True)
        .values_list("user__username", flat=True)
    )
    waiting = {u for u in others if _unread(invited_meeting, u).exists()}
    assert waiting
    services.rsvp_request_leave(participant=rep, by=user("employee_rep"), reason="出差")
    assert _unread(invited_meeting, "union_chair").exists()
    services.leave_decide(participant=rep, by=user("union_chair"), grant=True)
    rep.refresh_from_db()
    assert rep.rsvp == Rsvp.LEAVE_GRANTED
    assert not _unread(invited_meeting, "union_chair").filter(subject__contains="请假").exists()
    assert waiting == {u for u in others if _unread(invited_meeting, u).exists()}
