"""Meeting steps say what happened and who acts next (issue 18 point 14): putting a topic on
the agenda, granting or refusing leave, ticking attendance and marking the meeting held each
leave a message naming what changed; a meeting is not marked held before it starts; the
participants' column names people (姓名), and the minutes' decision is 决定事项, not 审批意见."""

import datetime

import time_machine
from lxml import html

from meetings import services
from meetings.models import MeetingStatus, Rsvp

from .conftest import SHANGHAI, on_meeting_day, page


def _said(response) -> str:
    assert response.status_code == 200, response.status_code
    doc = html.fromstring(response.content.decode())
    return " ".join(" ".join(doc.xpath("//*[contains(@class, 'alert')]//text()")).split())


def test_putting_a_topic_on_the_agenda_says_so_and_what_comes_next(meeting, queued_topic, login):
    topic = queued_topic("加班费核算不清")
    response = login("union_chair").post(
        page("meeting_agenda_add", meeting), {"topic": topic.pk}, follow=True
    )
    said = _said(response)
    assert "加班费核算不清" in said and "列入" in said and "下一步" in said


def test_granting_and_refusing_leave_name_the_person_and_what_they_were_told(
    invited_meeting, login, user
):
    rep = invited_meeting.participants.get(user__username="employee_rep")
    services.rsvp_request_leave(participant=rep, by=user("employee_rep"), reason="住院")
    chair = login("union_chair")
    url = page("meeting_leave_decide", invited_meeting, participant=rep.pk)
    said = _said(chair.post(url, {"grant": "1"}, follow=True))
    assert rep.display_name in said and "准假" in said
    rep.refresh_from_db()
    assert rep.rsvp == Rsvp.LEAVE_GRANTED


def test_refusing_leave_says_the_person_is_to_attend(invited_meeting, login, user):
    rep = invited_meeting.participants.get(user__username="employee_rep")
    services.rsvp_request_leave(participant=rep, by=user("employee_rep"), reason="出差")
    said = _said(
        login("union_chair").post(
            page("meeting_leave_decide", invited_meeting, participant=rep.pk),
            {"grant": "0"},
            follow=True,
        )
    )
    assert rep.display_name in said and "不准假" in said and "参会" in said


def test_ticking_attendance_names_who_is_present(invited_meeting, login):
    rep = invited_meeting.participants.get(user__username="employee_rep")
    with on_meeting_day():
        said = _said(
            login("union_chair").post(
                page("meeting_sign_in_tick", invited_meeting, participant=rep.pk),
                {"present": "1"},
                follow=True,
            )
        )
    assert rep.display_name in said and "到会" in said


def test_a_meeting_is_not_marked_held_before_it_starts(invited_meeting, login):
    # 1 December 2026, 08:12: the meeting starts at 09:00 that day.
    early = datetime.datetime(2026, 12, 1, 8, 12, tzinfo=SHANGHAI)
    with time_machine.travel(early, tick=False):
        response = login("union_chair").post(page("meeting_mark_held", invited_meeting))
    assert response.status_code == 400
    assert "09:00" in response.content.decode()
    invited_meeting.refresh_from_db()
    assert invited_meeting.status == MeetingStatus.NOTICE_SENT


def test_marking_held_says_the_minutes_come_next(invited_meeting, login):
    with on_meeting_day():
        said = _said(
            login("union_chair").post(page("meeting_mark_held", invited_meeting), follow=True)
        )
    assert "已召开" in said and "纪要" in said


def test_the_participants_column_names_people(invited_meeting, login):
    doc = html.fromstring(
        login("union_chair").get(page("meeting_detail", invited_meeting)).content.decode()
    )
    heads = [" ".join(th.text_content().split()) for th in doc.xpath("//th")]
    assert "姓名" in heads and "名称" not in heads


def test_the_minutes_decision_is_not_labelled_as_an_approval(invited_meeting, login):
    with on_meeting_day():
        body = login("union_chair").get(page("meeting_minutes", invited_meeting)).content
    doc = html.fromstring(body.decode())
    labels = [" ".join(x.text_content().split()) for x in doc.xpath("//label")]
    assert any("决定事项" in x for x in labels), labels
    assert not any("审批意见" in x for x in labels)
