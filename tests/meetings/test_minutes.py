"""Minutes and decisions: every decision needs a department and a deadline; finalising locks
the minutes, stores the decisions and moves the topics on; the agenda takes only queued
topics."""

import datetime

import pytest
import time_machine

from consult.models import Department
from grievances.models import Status, Topic
from meetings import services
from meetings.models import AgendaItem, Decision, MeetingStatus
from tests import factories

from .conftest import NEXT_WEEK, SHANGHAI, TODAY, on_meeting_day, page


def _minutes(item, **overrides):
    p = f"item{item.pk}-"
    finance = Department.objects.get(enterprise=item.meeting.enterprise, name="财务部")
    data = {
        p + "statement": "加班费按基本工资核算",
        p + "reply": "按合同工资重新核算",
        p + "decision": "12月底前补发差额",
        p + "departments": [finance.pk],
        p + "responsible_person": "钱经理",
        p + "deadline": "2026-12-31",
        p + "deadline_working_days": "",
        p + "summary": "按期落实",
        "head_remarks": "财务部牵头落实。",
    }
    data.update({(p + k if k != "head_remarks" else k): v for k, v in overrides.items()})
    return data


@pytest.fixture
def item(invited_meeting):
    return invited_meeting.items.get()


def test_a_decision_without_a_handling_department_is_rejected_and_nothing_is_saved(
    invited_meeting, item, login
):
    response = login("union_chair").post(
        page("meeting_minutes", invited_meeting), _minutes(item, departments=[])
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.statement == "" and item.decision == ""


def test_a_decision_without_a_deadline_is_rejected(invited_meeting, item, login):
    response = login("union_chair").post(
        page("meeting_minutes", invited_meeting), _minutes(item, deadline="")
    )
    assert response.status_code == 400
    assert AgendaItem.objects.get(pk=item.pk).decision == ""


def test_a_deadline_in_working_days_counts_from_the_meeting_date(invited_meeting, item, login):
    # Tuesday 1 December 2026 + 3 working days = Friday 4 December
    login("union_chair").post(
        page("meeting_minutes", invited_meeting),
        _minutes(item, deadline="", deadline_working_days="3"),
    )
    item.refresh_from_db()
    assert item.deadline == datetime.date(2026, 12, 4)


def test_finalising_without_a_decision_on_every_topic_is_refused(invited_meeting, login):
    with on_meeting_day():
        login("union_chair").post(page("meeting_mark_held", invited_meeting))
        response = login("union_chair").post(page("meeting_minutes_finalise", invited_meeting))
    assert response.status_code == 400
    invited_meeting.refresh_from_db()
    assert invited_meeting.status == MeetingStatus.HELD
    assert not Decision.objects.exists()
    assert invited_meeting.items.get().topic.status == Topic.Status.SCHEDULED


def test_minutes_cannot_be_finalised_before_the_meeting_day(invited_meeting, item, login):
    chair = login("union_chair")
    chair.post(page("meeting_minutes", invited_meeting), _minutes(item))
    # It cannot be marked held before its day either, so the step stays refused.
    assert chair.post(page("meeting_mark_held", invited_meeting)).status_code == 400
    assert chair.post(page("meeting_minutes_finalise", invited_meeting)).status_code == 409
    assert not Decision.objects.exists()


def test_finalised_minutes_are_locked(invited_meeting, item, login):
    chair = login("union_chair")
    chair.post(page("meeting_minutes", invited_meeting), _minutes(item))
    with on_meeting_day():
        assert chair.post(page("meeting_mark_held", invited_meeting)).status_code == 302
        assert chair.post(page("meeting_minutes_finalise", invited_meeting)).status_code == 302

    response = chair.post(
        page("meeting_minutes", invited_meeting), _minutes(item, decision="改为明年再议")
    )
    assert 400 <= response.status_code < 500
    item.refresh_from_db()
    assert item.decision == "12月底前补发差额"
    again = chair.post(page("meeting_minutes_finalise", invited_meeting))
    assert again.status_code == 409  # the minutes are final: a refused step
    assert Decision.objects.count() == 1
    decision = Decision.objects.get()
    assert decision.deadline == datetime.date(2026, 12, 31)
    assert [d.name for d in decision.departments.all()] == ["财务部"]
    assert item.topic.grievances.get().status == Status.DECIDED


def test_a_topic_already_decided_at_another_meeting_cannot_be_added(demo, meeting, login):
    topic = factories.topic("decided", enterprise=demo, title="加班费")
    response = login("union_chair").post(page("meeting_agenda_add", meeting), {"topic": topic.pk})
    assert response.status_code == 400
    assert not meeting.items.exists()


def test_a_topic_on_another_agenda_cannot_be_added_twice(meeting, queued_topic, user):
    topic = queued_topic("加班费")
    chair = user("union_chair")
    services.meeting_add_topic(meeting=meeting, topic=topic, by=chair)
    other = services.meeting_create(
        enterprise=meeting.enterprise,
        by=chair,
        kind="special",
        date=datetime.date(2026, 12, 10),
        time=datetime.time(9),
        place="会议室",
    )
    with pytest.raises(services.MeetingError):
        services.meeting_add_topic(meeting=other, topic=topic, by=chair)


def test_topics_taken_off_the_agenda_go_back_to_the_queue(meeting, queued_topic, user, login):
    topic = queued_topic("加班费")
    chair = login("union_chair")
    chair.post(page("meeting_agenda_add", meeting), {"topic": topic.pk})
    item = meeting.items.get()
    chair.post(page("meeting_agenda_remove", meeting), {"item": item.pk})
    topic.refresh_from_db()
    assert topic.status == Topic.Status.QUEUED
    assert topic.grievances.get().status == Status.ROUTED_MEETING


def test_staff_reorder_the_agenda(meeting, queued_topic, user, login):
    chair = user("union_chair")
    for title in ("甲", "乙", "丙"):
        services.meeting_add_topic(meeting=meeting, topic=queued_topic(title), by=chair)
    third = meeting.items.get(topic__title="丙")
    login("union_chair").post(
        page("meeting_agenda_move", meeting), {"item": third.pk, "direction": "up"}
    )
    assert [i.topic.title for i in meeting.items.order_by("order")] == ["甲", "丙", "乙"]


def test_supervision_hears_of_every_decision_when_the_minutes_are_finalised(
    invited_meeting, item, login
):
    from meetings.signals import minutes_finalised

    heard = []

    def receiver(sender, meeting, decisions, **kwargs):
        heard.extend(d.text for d in decisions)

    minutes_finalised.connect(receiver)
    try:
        chair = login("union_chair")
        chair.post(page("meeting_minutes", invited_meeting), _minutes(item))
        with on_meeting_day():
            chair.post(page("meeting_mark_held", invited_meeting))
            chair.post(page("meeting_minutes_finalise", invited_meeting))
    finally:
        minutes_finalised.disconnect(receiver)
    assert heard == ["12月底前补发差额"]


def test_minutes_warn_when_working_day_deadlines_reach_a_year_without_a_holiday_schedule(
    demo, queued_topic, user, login
):
    # 2099/2100: years no release of chinesecalendar will know for a long time (a year close
    # to today would stop being "unknown" the day the library ships it).
    december = datetime.datetime(2099, 12, 18, 9, 0, tzinfo=SHANGHAI)
    with time_machine.travel(december, tick=False):
        chair = user("union_chair")
        late = services.meeting_create(
            enterprise=demo,
            by=chair,
            kind="special",
            date=datetime.date(2099, 12, 28),
            time=datetime.time(9),
            place="会议室",
            reply_by=datetime.date(2099, 12, 22),
        )
        services.meeting_add_topic(meeting=late, topic=queued_topic("加班费"), by=chair)
        services.participants_propose(meeting=late, by=chair)
        services.notice_submit(meeting=late, by=chair)
        services.notice_approve(meeting=late, by=user("admin_head"))
        body = login("union_chair").get(page("meeting_minutes", late)).content.decode()
    assert 'id="calendar-warning"' in body and "2100" in body


def test_a_deadline_in_the_past_is_refused_and_nothing_is_saved(invited_meeting, item, login):
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    response = login("union_chair").post(
        page("meeting_minutes", invited_meeting), _minutes(item, deadline=yesterday)
    )
    assert response.status_code == 400
    assert "时限不能早于今天" in response.content.decode()
    item.refresh_from_db()
    assert item.decision == "" and item.deadline is None


def test_a_deadline_in_working_days_that_has_already_run_out_is_refused(
    invited_meeting, item, login
):
    # The minutes are written a month after the meeting: "3 working days" is long past.
    with time_machine.travel(NEXT_WEEK + datetime.timedelta(days=30), tick=False):
        response = login("union_chair").post(
            page("meeting_minutes", invited_meeting),
            _minutes(item, deadline="", deadline_working_days="3"),
        )
    assert response.status_code == 400
    assert "已经过去" in response.content.decode()
    item.refresh_from_db()
    assert item.decision == "" and item.deadline is None


def test_minutes_whose_deadline_passed_since_they_were_saved_cannot_be_finalised(
    invited_meeting, item, login
):
    chair = login("union_chair")
    soon = (NEXT_WEEK + datetime.timedelta(days=2)).isoformat()
    assert (
        chair.post(
            page("meeting_minutes", invited_meeting), _minutes(item, deadline=soon)
        ).status_code
        == 302
    )
    with on_meeting_day():
        assert chair.post(page("meeting_mark_held", invited_meeting)).status_code == 302
    with time_machine.travel(NEXT_WEEK + datetime.timedelta(days=10), tick=False):
        response = chair.post(page("meeting_minutes_finalise", invited_meeting))
    assert response.status_code == 400
    assert not Decision.objects.exists()
