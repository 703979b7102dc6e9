"""Issue 13 point 7: the leading group's quarterly meeting and the monthly dispatch meeting
(调度会议) are held without a consultation topic, with an agenda of their own; they are numbered
apart from the consultation meetings (2026年第N次 stays the consultation series) and printed
as themselves; the rhythm panel counts calendar quarters and months and goes quiet once the
meeting is held."""

import datetime

import pytest
import time_machine

from meetings import services
from meetings.models import MeetingKind, MeetingStatus
from meetings.panels import rhythm_items
from tests import factories

from .conftest import NEXT_WEEK, SHANGHAI, on_meeting_day, page
from .test_documents_as_printed import pdf_text


def flat(text: str) -> str:
    return "".join(text.split())


pytestmark = pytest.mark.django_db


def _convene(demo, user, kind, date=NEXT_WEEK):
    return services.meeting_create(
        enterprise=demo,
        by=user("union_chair"),
        kind=kind,
        date=date,
        time=datetime.time(9, 0),  # started by on_meeting_day (11:00), so it can be held
        place="二楼小会议室",
        host=user("union_chair"),
        reply_by=datetime.date(2026, 11, 27),
    )


def test_a_dispatch_meeting_is_held_without_a_topic(demo, user):
    chair = user("union_chair")
    m = _convene(demo, user, MeetingKind.DISPATCH)
    assert "未办结" in m.agenda and "2026年12月" in m.agenda
    services.participants_propose(meeting=m, by=chair)
    services.notice_submit(meeting=m, by=chair)
    services.notice_approve(meeting=m, by=user("admin_head"))
    with on_meeting_day():
        services.meeting_mark_held(meeting=m, by=chair)
        services.rhythm_minutes_save(
            meeting=m, by=chair, text="各部门通报了本月办理进展。", head_remarks="按期办结。"
        )
        assert services.minutes_finalise(meeting=m, by=chair) == []
    m.refresh_from_db()
    assert m.status == MeetingStatus.MINUTES_FINAL


def test_a_rhythm_meeting_takes_no_consultation_topic(demo, user, queued_topic):
    m = _convene(demo, user, MeetingKind.QUARTERLY)
    with pytest.raises(services.MeetingError):
        services.meeting_add_topic(meeting=m, topic=queued_topic("加班费"), by=user("union_chair"))


def test_rhythm_meetings_are_numbered_apart_from_consultation_meetings(demo, user):
    first = _convene(demo, user, MeetingKind.SPECIAL)
    dispatch = _convene(demo, user, MeetingKind.DISPATCH)
    quarterly = _convene(demo, user, MeetingKind.QUARTERLY)
    second = _convene(demo, user, MeetingKind.JOINT)
    assert (first.number, second.number) == (1, 2)
    assert (dispatch.number, quarterly.number) == (1, 1)
    assert first.label == "2026年第1次" and second.label == "2026年第2次"
    assert dispatch.label == "2026年第1次调度会议"
    assert quarterly.label == "2026年第1次领导小组季度会议"
    with pytest.raises(services.MeetingError):
        services.meeting_update(
            meeting=dispatch,
            by=user("union_chair"),
            kind=MeetingKind.SPECIAL,
            date=dispatch.date,
            time=dispatch.time,
            place=dispatch.place,
        )


def test_a_dispatch_meeting_prints_as_itself(demo, user, login):
    m = factories.meeting("minutes_final", enterprise=demo, kind=MeetingKind.DISPATCH)
    client = login("union_chair")
    notice = client.get(f"/e/demo/documents/meeting_notice/{m.pk}.pdf")
    assert notice.status_code == 200
    text = "".join(pdf_text(notice.content).split())
    assert "关于召开2026年第1次调度会议的通知" in text
    assert "工会与行政沟通协商会议" not in text and "不得请假、不得替会" not in text
    assert "未办结" in text
    minutes = client.get(f"/e/demo/documents/minutes/{m.pk}.pdf")
    text = "".join(pdf_text(minutes.content).split())
    assert "2026年第1次调度会议纪要" in text and "各部门通报了办理进展" in text
    assert "工会与行政沟通协商会议" not in text
    assert client.get(f"/e/demo/documents/script/{m.pk}.pdf").status_code == 404
    for name, response in (("notice", notice), ("minutes", minutes)):
        with open(f"/tmp/flow13-dispatch-{name}.pdf", "wb") as f:
            f.write(response.content)


def test_the_rhythm_panel_counts_calendar_quarters_and_months(demo, user):
    # Nothing held this quarter or month: due by the end of each.
    quarterly, dispatch = rhythm_items(demo, datetime.date(2026, 11, 24))
    assert "2026-12-31" in quarterly.note and "2026-11-30" in dispatch.note
    assert dispatch.urgent  # six days left in the month


def test_the_rhythm_panel_goes_quiet_once_the_meeting_is_held(demo, user):
    m = factories.meeting("held", enterprise=demo, kind=MeetingKind.QUARTERLY)
    quarterly, _dispatch = rhythm_items(demo, datetime.date(2026, 12, 20))
    assert not quarterly.urgent and m.date.isoformat() in quarterly.note
    # a quarterly meeting held in November does not count for the next quarter
    next_quarter, _ = rhythm_items(demo, datetime.date(2027, 3, 25))
    assert next_quarter.urgent and "2027-03-31" in next_quarter.note


def test_the_meeting_page_of_a_dispatch_meeting_shows_its_agenda(demo, user, login):
    m = _convene(demo, user, MeetingKind.DISPATCH)
    body = login("union_chair").get(page("meeting_detail", m)).content.decode()
    assert "通报未办结诉求事项" in body
    assert page("meeting_agenda_add", m) not in body
    response = login("union_chair").post(
        page("meeting_rhythm_agenda", m), {"agenda": "一、通报本月进展。"}
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.agenda == "一、通报本月进展。"


def _open_now(demo):
    from grievances.models import Grievance
    from grievances.workflow import FINISHED_STATES

    return Grievance.objects.filter(enterprise=demo).exclude(status__in=FINISHED_STATES)


def test_a_quarterly_meetings_record_counts_open_items_as_of_the_meeting_and_its_host_present(
    demo, user, login
):
    from grievances import services as grievance_services

    chair = user("union_chair")
    m = _convene(demo, user, MeetingKind.QUARTERLY)
    factories.grievance("submitted", enterprise=demo, content="宿舍热水不足")
    later_rejected = factories.grievance("verified", enterprise=demo, content="班车时间")
    services.participants_propose(meeting=m, by=chair)
    services.notice_submit(meeting=m, by=chair)
    services.notice_approve(meeting=m, by=user("admin_head"))
    at_notice = _open_now(demo).count()
    # An item that comes in on the meeting's morning, before it starts (9:00), is counted.
    before_start = datetime.datetime.combine(m.date, datetime.time(8, 30), tzinfo=SHANGHAI)
    with time_machine.travel(before_start, tick=False):
        factories.grievance("submitted", enterprise=demo, content="食堂排队时间长")
        at_meeting = _open_now(demo).count()
    with on_meeting_day():
        services.meeting_mark_held(meeting=m, by=chair)
        services.rhythm_minutes_save(
            meeting=m, by=chair, text="听取诉求办理情况汇报。", head_remarks="按期办结。"
        )
        services.minutes_finalise(meeting=m, by=chair)
    # Ten days later the items have moved on; the record of the meeting has not.
    with time_machine.travel(NEXT_WEEK + datetime.timedelta(days=10), tick=False):
        grievance_services.grievance_reject(
            grievance=later_rejected, by=user("union_staff"), reason="不属于受理范围"
        )
        factories.grievance("submitted", enterprise=demo, content="更衣室太小")
        client = login("union_chair")
        minutes = flat(pdf_text(client.get(f"/e/demo/documents/minutes/{m.pk}.pdf").content))
        notice = flat(pdf_text(client.get(f"/e/demo/documents/meeting_notice/{m.pk}.pdf").content))
    assert f"截至2026年12月1日，未办结诉求事项{at_meeting}项" in minutes
    assert f"截至2026年11月24日，未办结诉求事项{at_notice}项" in notice
    # The host chaired the meeting: present, though nobody ticked them.
    assert "实到1人" in minutes
    assert f"{chair.last_name}{chair.first_name}（" in minutes
    assert f"{chair.last_name}{chair.first_name}〔未到〕" not in minutes
    assert m.participants.get(user=chair).attended
