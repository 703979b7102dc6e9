"""Issue 13 point 4: the convening form says what the notice needs and names people by post;
the meeting page counts and labels answers as they are."""

import re

import pytest

from meetings.models import Meeting, Rsvp

from .conftest import page

pytestmark = pytest.mark.django_db


def _convene(client, **overrides):
    data = {
        "kind": "special",
        "date": "2026-12-03",
        "time": "09:30",
        "place": "三楼会议室",
        "host": "",
        "reply_by": "2026-12-01",
    }
    data.update(overrides)
    return client.post(page("meeting_create"), data)


def test_the_reply_by_date_is_required_as_the_notice_needs_it(login):
    client = login("union_chair")
    form = client.get(page("meeting_create")).content.decode()
    reply_by = re.search(r'<input[^>]*name="reply_by"[^>]*>', form).group(0)
    assert " required" in reply_by
    response = _convene(client, reply_by="")
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_the_host_list_names_each_person_with_their_post(login):
    html = login("union_chair").get(page("meeting_create")).content.decode()
    assert "孙立（工会主席）" in html
    assert "周建国（总经理）" in html


def test_someone_who_signed_in_is_not_counted_as_not_answered(invited_meeting, login):
    invited_meeting.participants.update(rsvp=Rsvp.PENDING, attended=True)
    html = login("union_chair").get(page("meeting_detail", invited_meeting)).content.decode()
    assert "未回复0人" in html


def test_a_leave_request_reads_as_waiting_for_approval_not_as_leave(invited_meeting, login):
    invited_meeting.participants.filter(user__username="employee_rep").update(
        rsvp=Rsvp.LEAVE_REQUESTED, reason="出差"
    )
    html = login("union_chair").get(page("meeting_detail", invited_meeting)).content.decode()
    assert "请假待批" in html and "已请假" not in html
