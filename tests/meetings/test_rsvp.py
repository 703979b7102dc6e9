"""Answers to the notice: confirm, or ask for leave with a reason that the union chair
grants or refuses. Only invited people answer."""

import datetime

from meetings import services
from meetings.models import ParticipantGroup, Rsvp
from tests.helpers import refused

from .conftest import SHANGHAI, page


def test_an_employee_who_is_not_invited_cannot_see_or_answer_the_meeting(invited_meeting, login):
    client = login("employee")
    assert client.get(page("meeting_detail", invited_meeting)).status_code == 404
    response = client.post(page("meeting_rsvp", invited_meeting), {"answer": "confirm"})
    assert response.status_code == 404
    assert not invited_meeting.participants.filter(user__username="employee").exists()


def test_the_administrative_head_who_is_not_invited_sees_the_meeting_but_cannot_answer(
    meeting, queued_topic, login, user
):
    chair = user("union_chair")
    services.meeting_add_topic(meeting=meeting, topic=queued_topic("加班费"), by=chair)
    services.participant_add(
        meeting=meeting, by=chair, user=user("employee_rep"), group=ParticipantGroup.REPRESENTATIVES
    )
    services.notice_submit(meeting=meeting, by=chair)
    services.notice_approve(meeting=meeting, by=user("admin_head"))
    head = login("admin_head")
    refused(lambda: head.post(page("meeting_rsvp", meeting), {"answer": "confirm"}), 403, meeting)


def test_leave_needs_a_reason(invited_meeting, login):
    response = login("employee_rep").post(
        page("meeting_rsvp", invited_meeting), {"answer": "leave", "reason": "  "}
    )
    assert response.status_code == 400
    assert invited_meeting.participants.get(user__username="employee_rep").rsvp == Rsvp.PENDING


def test_union_chair_grants_leave_and_the_requester_is_told(invited_meeting, login, user):
    rep_client = login("employee_rep")
    rep_client.post(page("meeting_rsvp", invited_meeting), {"answer": "leave", "reason": "住院"})
    rep = invited_meeting.participants.get(user__username="employee_rep")
    assert rep.rsvp == Rsvp.LEAVE_REQUESTED and rep.reason == "住院"

    told_before = user("employee_rep").notifications.count()
    response = login("union_chair").post(
        page("meeting_leave_decide", invited_meeting, participant=rep.pk), {"grant": "1"}
    )
    assert response.status_code == 302
    rep.refresh_from_db()
    assert rep.rsvp == Rsvp.LEAVE_GRANTED
    assert user("employee_rep").notifications.count() == told_before + 1


def test_union_staff_who_are_not_the_chair_cannot_grant_leave(invited_meeting, login, user):
    rep = invited_meeting.participants.get(user__username="employee_rep")
    services.rsvp_request_leave(participant=rep, by=user("employee_rep"), reason="住院")
    response = login("union_staff").post(
        page("meeting_leave_decide", invited_meeting, participant=rep.pk), {"grant": "1"}
    )
    assert response.status_code == 403
    rep.refresh_from_db()
    assert rep.rsvp == Rsvp.LEAVE_REQUESTED


def test_proposed_people_neither_see_nor_answer_before_the_notice_is_approved(
    meeting, queued_topic, login, user
):
    chair = user("union_chair")
    services.meeting_add_topic(meeting=meeting, topic=queued_topic("加班费"), by=chair)
    services.participants_propose(meeting=meeting, by=chair)
    rep = login("employee_rep")
    assert rep.get(page("meeting_detail", meeting)).status_code == 404
    response = rep.post(page("meeting_rsvp", meeting), {"answer": "confirm"})
    assert response.status_code == 404
    assert meeting.participants.get(user__username="employee_rep").rsvp == Rsvp.PENDING


def test_staff_see_who_has_not_answered_after_the_reply_date(invited_meeting, login):
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 11, 28, 9, 0), tick=False):
        body = login("union_chair").get(page("meeting_detail", invited_meeting)).content.decode()
    assert 'id="unanswered-warning"' in body


def test_invited_person_signs_in_by_the_qr_link_on_their_phone(invited_meeting, login):
    import time_machine

    url = page("meeting_sign_in_self", invited_meeting, token=invited_meeting.signin_token)
    # Half an hour before the meeting (1 December 2026, 09:00).
    with time_machine.travel(datetime.datetime(2026, 12, 1, 8, 30, tzinfo=SHANGHAI), tick=False):
        assert login("employee_rep").post(url).status_code == 302
    assert invited_meeting.participants.get(user__username="employee_rep").attended
    wrong = page("meeting_sign_in_self", invited_meeting, token="guessed")
    assert login("dept_head").post(wrong).status_code == 404
    assert login("employee").post(url).status_code == 404
