"""Tenancy and visibility: other enterprises get 404; only invited people, the union office
and the administrative head see a meeting; the list costs the same queries however long."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import services
from tests.helpers import refused

from .conftest import page


@pytest.mark.parametrize(
    "name,kw",
    [
        ("meeting_detail", {}),
        ("document", {"document": "meeting_notice", "fmt": "pdf"}),
        ("meeting_archive", {}),
        ("meeting_minutes", {}),
    ],
)
def test_a_user_of_another_enterprise_gets_404_on_demo_meeting_pages(
    invited_meeting, login, name, kw
):
    assert login("b_union_chair").get(page(name, invited_meeting, **kw)).status_code == 404


def test_another_enterprise_cannot_post_to_a_demo_meeting(invited_meeting, login):
    outsider = login("b_union_chair")
    url = page("meeting_minutes_finalise", invited_meeting)
    refused(lambda: outsider.post(url), 404, invited_meeting)


def test_the_demo_b_union_cannot_open_the_demo_meeting_under_its_own_code(invited_meeting, login):
    url = page("meeting_detail", invited_meeting, code="demo-b")
    assert login("b_union_chair").get(url).status_code == 404


def test_an_invited_representative_sees_only_meetings_they_are_invited_to(
    invited_meeting, user, login
):
    services.meeting_create(
        enterprise=invited_meeting.enterprise,
        by=user("union_chair"),
        kind="dispatch",
        date=datetime.date(2026, 12, 20),
        time=datetime.time(14),
        place="调度室",
    )
    body = login("employee_rep").get(page("meeting_list")).content.decode()
    assert invited_meeting.label in body and "2026年第2次" not in body


def test_only_the_administrative_head_approves_the_notice(meeting, queued_topic, user, login):
    chair = user("union_chair")
    services.meeting_add_topic(meeting=meeting, topic=queued_topic("加班费"), by=chair)
    services.participants_propose(meeting=meeting, by=chair)
    services.notice_submit(meeting=meeting, by=chair)
    # the head of a department does not see a meeting before its notice is out
    approve = page("meeting_notice_approve", meeting)
    refused(lambda: login("dept_head").post(approve), 404, meeting)
    # union staff see it but the approval is the administrative head's
    refused(lambda: login("union_staff").post(approve), 403, meeting)
    assert login("admin_head").post(page("meeting_notice_approve", meeting)).status_code == 302


def test_state_changes_refuse_get(invited_meeting, login):
    url = page("meeting_minutes_finalise", invited_meeting)
    refused(lambda: login("union_chair").get(url), 405, invited_meeting)


def test_meeting_list_costs_the_same_queries_for_one_or_five_meetings(
    demo, user, login, django_assert_num_queries
):
    chair = login("union_chair")
    convene = lambda day: services.meeting_create(  # noqa: E731
        enterprise=demo,
        by=user("union_chair"),
        kind="special",
        date=datetime.date(2026, 12, day),
        time=datetime.time(9),
        place="会议室",
    )
    convene(1)
    chair.get(page("meeting_list"))  # warm the session
    with django_assert_num_queries(5) as one:
        chair.get(page("meeting_list"))
    for day in range(2, 6):
        convene(day)
    with django_assert_num_queries(len(one.captured_queries)):
        body = chair.get(page("meeting_list")).content.decode()
    assert "2026年第5次" in body


def test_meeting_page_costs_the_same_queries_however_long_the_agenda_and_the_list(
    meeting, queued_topic, dept_head_of, user, login, django_assert_num_queries
):
    chair_user = user("union_chair")
    services.meeting_add_topic(meeting=meeting, topic=queued_topic("加班费"), by=chair_user)
    services.participants_propose(meeting=meeting, by=chair_user)
    chair = login("union_chair")
    chair.get(page("meeting_detail", meeting))
    with CaptureQueriesContext(connection) as short:
        chair.get(page("meeting_detail", meeting))
    dept_head_of("后勤部")
    dept_head_of("办公室")
    for title in ("食堂", "宿舍"):
        topic = queued_topic(title, "生活保障类", unit="装配车间")
        services.meeting_add_topic(meeting=meeting, topic=topic, by=chair_user)
    services.participants_propose(meeting=meeting, by=chair_user)
    assert meeting.participants.count() >= 7
    with django_assert_num_queries(len(short.captured_queries)):
        chair.get(page("meeting_detail", meeting))
