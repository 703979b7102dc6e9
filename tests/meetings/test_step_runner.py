"""Issue 18 point 23: the meeting page's buttons that are steps of a meeting's flow go through
the one step runner, which asks the table before anything else: a status that refuses the step
answers 409 with nothing changed, whatever else the request lacks; input the service cannot
take answers 400 (MeetingError is a ValidationError)."""

import pytest

from meetings import services
from meetings.models import MeetingStatus, Rsvp
from tests.helpers import refused, table_asked

from .conftest import on_meeting_day, page

pytestmark = pytest.mark.django_db


def test_returning_a_draft_notice_is_refused_by_its_status_before_the_missing_reason(
    meeting, login
):
    head = login("admin_head")
    with table_asked() as asked:
        refused(
            lambda: head.post(page("meeting_notice_return", meeting), {"note": ""}), 409, meeting
        )
    assert asked == [("Meeting", ("return_notice",))]


def test_a_draft_meeting_cannot_be_marked_held_whatever_the_time(meeting, login):
    chair = login("union_chair")
    refused(lambda: chair.post(page("meeting_mark_held", meeting)), 409, meeting)
    with on_meeting_day():
        refused(lambda: chair.post(page("meeting_mark_held", meeting)), 409, meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT


def test_a_leave_already_granted_cannot_be_asked_for_again(invited_meeting, login, user):
    rep = invited_meeting.participants.get(user__username="employee_rep")
    services.rsvp_request_leave(participant=rep, by=user("employee_rep"), reason="住院")
    services.leave_decide(participant=rep, by=user("union_chair"), grant=True)
    rep.refresh_from_db()
    client = login("employee_rep")
    with table_asked() as asked:
        refused(
            lambda: client.post(page("meeting_rsvp", invited_meeting), {"answer": "leave"}),
            409,
            invited_meeting,
            rep,
        )
    assert asked == [("Participant", ("request_leave",))]
    rep.refresh_from_db()
    assert rep.rsvp == Rsvp.LEAVE_GRANTED


def test_every_step_button_of_the_meeting_asks_the_table(meeting, queued_topic, login, user):
    chair, head = login("union_chair"), login("admin_head")
    services.meeting_add_topic(
        meeting=meeting, topic=queued_topic("加班费"), by=user("union_chair")
    )
    services.participants_propose(meeting=meeting, by=user("union_chair"))
    with table_asked() as asked:
        assert chair.post(page("meeting_notice_submit", meeting)).status_code == 302
        assert head.post(page("meeting_notice_approve", meeting)).status_code == 302
        with on_meeting_day():
            assert chair.post(page("meeting_mark_held", meeting)).status_code == 302
            # No decision yet: input the service cannot take (400), after the table said yes.
            assert chair.post(page("meeting_minutes_finalise", meeting)).status_code == 400
    assert asked == [
        ("Meeting", ("submit_notice",)),
        ("Meeting", ("approve_notice",)),
        ("Meeting", ("mark_held",)),
        ("Meeting", ("finalise_minutes",)),
    ]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_a_notice_without_participants_is_input_to_complete_not_a_refused_status(
    meeting, queued_topic, login, user
):
    services.meeting_add_topic(
        meeting=meeting, topic=queued_topic("加班费"), by=user("union_chair")
    )
    response = refused(
        lambda: login("union_chair").post(page("meeting_notice_submit", meeting)), 400, meeting
    )
    assert "参会" in response.content.decode()
