"""The whole path of issue 4 through the pages, as a new user in `demo` would walk it."""

import datetime

from django.urls import reverse

from consult.models import AuditEvent, Notification
from grievances.models import GrievanceEvent, Status, Topic
from meetings.models import Decision, Meeting, MeetingStatus, Participant, Rsvp

from .conftest import NEXT_WEEK, on_meeting_day


def url(name, meeting=None, **kw):
    if meeting is not None:
        kw["pk"] = meeting.pk
    return reverse(name, kwargs={"code": "demo", **kw})


def test_two_queued_topics_go_from_queue_to_finalised_decisions(
    demo, login, queued_topic, dept_head_of, user
):
    wages = queued_topic("加班费核算不清", "工资福利类", unit="一班")
    canteen = queued_topic("食堂饭菜价格偏高", "生活保障类", unit="机加工车间")
    dept_head_of("财务部")
    dept_head_of("办公室")
    dept_head_of("后勤部")
    chair = login("union_chair")

    response = chair.post(
        url("meeting_create"),
        {
            "kind": "special",
            "date": "2026-12-01",
            "time": "09:00",
            "place": "三楼会议室",
            "host": user("union_chair").pk,
            "reply_by": "2026-11-27",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    meeting = Meeting.objects.get(enterprise=demo)
    assert meeting.label == "2026年第1次"

    for topic in (wages, canteen):
        assert (
            chair.post(url("meeting_agenda_add", meeting), {"topic": topic.pk}).status_code == 302
        )
    wages.refresh_from_db()
    assert wages.status == Topic.Status.SCHEDULED
    assert wages.grievances.get().status == Status.IN_MEETING

    chair.post(url("meeting_propose", meeting))
    labels = set(meeting.participants.values_list("label", flat=True))
    # units are named with their parent
    assert {"财务部", "人力资源部", "办公室", "后勤部", "第一分厂机加工车间"} <= labels

    chair.post(url("meeting_notice_submit", meeting))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.NOTICE_PENDING

    head = login("admin_head")
    assert head.post(url("meeting_notice_approve", meeting)).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.NOTICE_SENT
    rep = user("employee_rep")
    assert Notification.objects.filter(recipient=rep, subject__contains="2026年第1次").exists()

    rep_client = login("employee_rep")
    page = rep_client.get(url("meeting_detail", meeting))
    assert "加班费核算不清" in page.content.decode()
    rep_client.post(url("meeting_rsvp", meeting), {"answer": "confirm"})
    assert meeting.participants.get(user=rep).rsvp == Rsvp.CONFIRMED

    hr = Participant.objects.get(meeting=meeting, user__username="dept_head")
    login("dept_head").post(url("meeting_rsvp", meeting), {"answer": "leave", "reason": "出差"})
    chair.post(url("meeting_leave_decide", meeting, participant=hr.pk), {"grant": "1"})
    hr.refresh_from_db()
    assert hr.rsvp == Rsvp.LEAVE_GRANTED

    rep_row = meeting.participants.get(user=rep)
    chair.post(url("meeting_sign_in_tick", meeting, participant=rep_row.pk), {"present": "1"})
    rep_row.refresh_from_db()
    assert rep_row.attended

    dep = {d.name: d.pk for d in demo.departments.all()}
    items = list(meeting.items.order_by("order"))
    data = {"head_remarks": "各部门要抓好落实。"}
    for item, depts in zip(items, (["财务部", "人力资源部"], ["后勤部"]), strict=True):
        p = f"item{item.pk}-"
        data.update(
            {
                p + "statement": "代表陈述",
                p + "reply": "行政答复",
                p + "decision": "限期解决",
                p + "departments": [dep[n] for n in depts],
                p + "responsible_person": "钱经理",
                p + "deadline_working_days": "5",
                p + "summary": "小结",
            }
        )
    assert chair.post(url("meeting_minutes", meeting), data).status_code == 302
    with on_meeting_day():
        assert chair.post(url("meeting_mark_held", meeting)).status_code == 302
        assert chair.post(url("meeting_minutes_finalise", meeting)).status_code == 302

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_FINAL
    decisions = Decision.objects.filter(meeting=meeting)
    assert decisions.count() == 2
    # five working days after Tuesday 1 December 2026
    assert {d.deadline for d in decisions} == {datetime.date(2026, 12, 8)}
    wages.refresh_from_db()
    assert wages.status == Topic.Status.DECIDED
    assert GrievanceEvent.objects.filter(grievance__topic=wages, to_status=Status.DECIDED).exists()
    page = chair.get(url("meeting_detail", meeting)).content.decode()
    assert "限期解决" in page and "2026-12-08" in page
    assert AuditEvent.objects.filter(target_id=meeting.pk, action="minutes_finalised").exists()
    assert meeting.date == NEXT_WEEK
