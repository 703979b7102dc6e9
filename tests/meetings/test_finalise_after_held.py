"""Issue 13 point 5: the minutes are finalised after the meeting was held. Before that the
button is not offered and the step is refused with a message that says what to do first."""

import pytest

from consult.workflow import StepRefused
from meetings import services
from meetings.models import Decision, MeetingStatus

from .conftest import on_meeting_day, page
from .test_minutes import _minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(invited_meeting):
    return invited_meeting.items.get()


def test_the_finalise_button_is_not_offered_before_the_meeting_is_held(
    invited_meeting, item, login
):
    chair = login("union_chair")
    chair.post(page("meeting_minutes", invited_meeting), _minutes(item))
    with on_meeting_day():
        body = chair.get(page("meeting_detail", invited_meeting)).content.decode()
        assert page("meeting_minutes_finalise", invited_meeting) not in body
        assert page("meeting_mark_held", invited_meeting) in body
        chair.post(page("meeting_mark_held", invited_meeting))
        body = chair.get(page("meeting_detail", invited_meeting)).content.decode()
    assert page("meeting_minutes_finalise", invited_meeting) in body
    assert "data-confirm" in body.split(page("meeting_minutes_finalise", invited_meeting))[1][:200]


def test_finalising_before_the_meeting_is_held_is_refused_with_a_clear_message(
    invited_meeting, item, login, user
):
    chair = login("union_chair")
    chair.post(page("meeting_minutes", invited_meeting), _minutes(item))
    with on_meeting_day():
        with pytest.raises(StepRefused, match="尚未标记为已召开"):
            services.minutes_finalise(meeting=invited_meeting, by=user("union_chair"))
        response = chair.post(page("meeting_minutes_finalise", invited_meeting))
    assert response.status_code == 409
    assert "尚未标记为已召开" in response.content.decode()
    invited_meeting.refresh_from_db()
    assert invited_meeting.status == MeetingStatus.NOTICE_SENT
    assert not Decision.objects.exists()


def test_once_held_the_minutes_are_finalised(invited_meeting, item, login):
    chair = login("union_chair")
    chair.post(page("meeting_minutes", invited_meeting), _minutes(item))
    with on_meeting_day():
        assert chair.post(page("meeting_mark_held", invited_meeting)).status_code == 302
        assert chair.post(page("meeting_minutes_finalise", invited_meeting)).status_code == 302
    invited_meeting.refresh_from_db()
    assert invited_meeting.status == MeetingStatus.MINUTES_FINAL
