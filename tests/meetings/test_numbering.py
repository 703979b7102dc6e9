"""Meetings are numbered per enterprise and year (2026年第N次), without gaps."""

import datetime

import pytest

from meetings import services
from meetings.models import Meeting
from meetings.services import MeetingError

from .conftest import page


def _convene(enterprise, user, date):
    return services.meeting_create(
        enterprise=enterprise,
        by=user("union_chair"),
        kind="special",
        date=date,
        time=datetime.time(9),
        place="会议室",
    )


def test_meetings_of_a_year_are_numbered_first_second(demo, user):
    first = _convene(demo, user, datetime.date(2026, 12, 1))
    second = _convene(demo, user, datetime.date(2026, 12, 15))
    assert (first.label, second.label) == ("2026年第1次", "2026年第2次")


def test_a_new_year_starts_again_at_the_first_meeting(demo, user):
    _convene(demo, user, datetime.date(2026, 12, 1))
    assert _convene(demo, user, datetime.date(2027, 1, 6)).label == "2027年第1次"


def test_each_enterprise_counts_its_own_meetings(demo_b, demo, user):
    _convene(demo, user, datetime.date(2026, 12, 1))
    other = services.meeting_create(
        enterprise=demo_b,
        by=user("b_union_chair"),
        kind="special",
        date=datetime.date(2026, 12, 2),
        time=datetime.time(9),
        place="会议室",
    )
    assert other.label == "2026年第1次"


def test_a_meeting_in_the_past_is_rejected_and_uses_no_number(demo, user, login):
    with pytest.raises(MeetingError):
        _convene(demo, user, datetime.date(2026, 11, 23))
    response = login("union_chair").post(
        page("meeting_create"),
        {"kind": "special", "date": "2026-11-23", "time": "09:00", "place": "会议室"},
    )
    assert response.status_code == 400
    assert "不能召开日期已过的会议" in response.content.decode()
    assert not Meeting.objects.exists()
    assert _convene(demo, user, datetime.date(2026, 12, 1)).label == "2026年第1次"


def test_a_draft_cannot_move_into_another_year_and_keep_its_number(demo, user, login):
    meeting = _convene(demo, user, datetime.date(2026, 12, 28))
    response = login("union_chair").post(
        page("meeting_edit", meeting),
        {"kind": "special", "date": "2027-01-05", "time": "09:00", "place": "会议室"},
    )
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2026, 12, 28)
