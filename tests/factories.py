"""Test data at any step of the workflow, built only through the public services (the same
calls the pages make), so every item carries the events and side effects a real one has.

    grievance("answered", enterprise=demo)          # a grievance the department answered
    topic("queued", enterprise=demo, title="加班费")  # a topic waiting for a meeting
    meeting("notice_sent", enterprise=demo, topics=[t])

The people acting are the enterprise's members holding the role (the demo personas).
"""

import contextlib
import datetime

import time_machine
from django.utils import timezone

from consult.models import Category, Department, Membership, OrgUnit
from consult.roles import Role
from grievances import services as grievance_services
from grievances.models import Disclosure, Grievance, IntakeChannel, Kind, Route, Topic
from meetings import services as meeting_services
from meetings.models import Meeting, MeetingKind, MeetingStatus

GRIEVANCE_STEPS = (
    "submitted",
    "verified",
    "classified",
    "opinion_signed",
    "routed_department",
    "answered",
    "routed_meeting",
    "in_meeting",  # its topic is on a draft meeting's agenda
    "decided",  # the meeting's minutes are final
)
_DEPARTMENT_PATH = ("routed_department", "answered")
_MEETING_PATH = ("routed_meeting", "in_meeting", "decided")

TOPIC_STEPS = ("queued", "scheduled", "decided")

MEETING_STEPS = tuple(MeetingStatus.values)  # draft, notice_pending, notice_sent, held, …

# seed_demo writes the implementation notice (step 2) of the year the suite starts in; tests
# that open it ask for this year, never a literal one (the suite must pass in any year).
NOTICE_YEAR = timezone.localdate().year


def person(enterprise, role: str):
    """The first active member of the enterprise holding the role."""
    membership = (
        Membership.objects.filter(enterprise=enterprise, is_active=True, roles__role=role)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    assert membership is not None, f"nobody is {role} in {enterprise.code}"
    return membership.user


def _on_day(day: datetime.date, starts: datetime.time = datetime.time(10)):
    """Travel to 10:00 (or the meeting's later start) on the meeting's day in the site's time
    zone, unless that moment has passed (the clock stands still)."""
    at = max(starts, datetime.time(10))
    moment = datetime.datetime.combine(day, at, timezone.get_current_timezone())
    if moment <= timezone.now():
        return contextlib.nullcontext()
    return time_machine.travel(moment, tick=False)


def grievance(
    step: str = "submitted",
    *,
    enterprise,
    content: str = "食堂饭菜价格偏高",
    disclosure: str = Disclosure.CONFIDENTIAL,
    kind: str = Kind.GRIEVANCE,
    category: Category | None = None,
    departments: list[Department] | None = None,
    responsible_person: str = "郑芳",
    requester_name: str | None = None,
    unit: OrgUnit | None = None,
    topic_title: str | None = None,
    on_meeting: Meeting | None = None,
    anonymous: bool = False,
) -> Grievance:
    """A grievance moved to `step` (see GRIEVANCE_STEPS).

    By default the enterprise's employee submits it online. With `requester_name` (and
    `unit`), union staff register it from a talk instead, for a requester without an account;
    with `anonymous`, it comes through the public form with no name.
    The category defaults to the enterprise's first sub-category, the handling department to
    人力资源部 (whose head is the demo `dept_head`). Meeting-path steps put the item in a topic
    (`topic_title`, default its content) and that topic on `on_meeting` (default: a new one).
    """
    if step not in GRIEVANCE_STEPS:
        raise ValueError(f"unknown step {step!r}; choose one of {GRIEVANCE_STEPS}")
    staff = person(enterprise, Role.UNION_STAFF)
    if anonymous:
        g = grievance_services.grievance_submit_anonymous(
            enterprise=enterprise, kind=kind, content=content
        )
    elif requester_name is None:
        g = grievance_services.grievance_submit(
            enterprise=enterprise,
            by=person(enterprise, Role.EMPLOYEE),
            kind=kind,
            content=content,
            disclosure=disclosure,
        )
    else:
        g = grievance_services.grievance_register(
            enterprise=enterprise,
            by=staff,
            channel=IntakeChannel.TALK,
            received_at=timezone.now(),
            kind=kind,
            content=content,
            disclosure=disclosure,
            requester_name=requester_name,
            requester_unit=unit,
        )
    if step == "submitted":
        return g
    grievance_services.grievance_verify(grievance=g, by=staff)
    if step == "verified":
        return g
    if category is None:
        category = Category.objects.filter(enterprise=enterprise, parent__isnull=False).first()
    if departments is None:
        departments = [Department.objects.get(enterprise=enterprise, name="人力资源部")]
    grievance_services.grievance_classify(
        grievance=g,
        by=staff,
        category=category,
        departments=departments,
        responsible_person=responsible_person,
    )
    if step == "classified":
        return g
    to_meeting = step in _MEETING_PATH
    grievance_services.grievance_sign_opinion(
        grievance=g,
        by=person(enterprise, Role.UNION_CHAIR),
        route=Route.MEETING if to_meeting else Route.DEPARTMENT,
        opinion="提交协商会议协商" if to_meeting else f"转{departments[0].name}办理",
    )
    if step == "opinion_signed":
        return g
    grievance_services.grievance_approve_routing(
        grievance=g, by=person(enterprise, Role.ADMIN_DEPUTY)
    )
    if step in ("routed_department", "routed_meeting"):
        return g
    if step == "answered":
        department = departments[0]
        head = (
            Membership.objects.filter(
                enterprise=enterprise, department=department, roles__role=Role.DEPT_HEAD
            )
            .select_related("user")
            .first()
        )
        grievance_services.grievance_answer(
            grievance=g,
            by=head.user if head else staff,
            department=department,
            measures="下月起调整价格",
            due=timezone.localdate() + datetime.timedelta(days=10),
        )
        return g
    t = grievance_services.topic_create(
        enterprise=enterprise, by=staff, title=topic_title or content, grievances=[g]
    )
    _put_on_meeting(t, on_meeting=on_meeting, decide=step == "decided")
    g.refresh_from_db()
    return g


def topic(
    step: str = "queued",
    *,
    enterprise,
    title: str = "加班费核算不清",
    category: Category | None = None,
    summary: str = "",
    on_meeting: Meeting | None = None,
    **grievance_fields,
) -> Topic:
    """A topic of one grievance (made with `grievance_fields`), moved to `step`: queued (waiting
    for a meeting), scheduled (on `on_meeting`'s agenda, default a new draft meeting) or decided
    (the minutes of that meeting are final)."""
    if step not in TOPIC_STEPS:
        raise ValueError(f"unknown step {step!r}; choose one of {TOPIC_STEPS}")
    g = grievance(
        "routed_meeting",
        enterprise=enterprise,
        category=category,
        **{"content": f"{title}：请求解决", **grievance_fields},
    )
    t = grievance_services.topic_create(
        enterprise=enterprise,
        by=person(enterprise, Role.UNION_STAFF),
        title=title,
        summary=summary or f"{title}的情况说明",
        grievances=[g],
    )
    if step != "queued":
        _put_on_meeting(t, on_meeting=on_meeting, decide=step == "decided")
    return t


def _put_on_meeting(t: Topic, *, on_meeting: Meeting | None, decide: bool) -> Meeting:
    enterprise = t.enterprise
    m = on_meeting or meeting("draft", enterprise=enterprise)
    meeting_services.meeting_add_topic(meeting=m, topic=t, by=person(enterprise, Role.UNION_CHAIR))
    if decide:
        m = meeting("minutes_final", enterprise=enterprise, existing=m)
    t.refresh_from_db()
    return m


def meeting(
    step: str = "draft",
    *,
    enterprise,
    topics=(),
    kind: str = MeetingKind.SPECIAL,
    date: datetime.date | None = None,
    time: datetime.time = datetime.time(9, 0),
    place: str = "三楼会议室",
    reply_by: datetime.date | None = None,
    existing: Meeting | None = None,
) -> Meeting:
    """A meeting convened by the union chair and moved to `step` (a MeetingStatus value).

    It is dated a week from today (today for `held` and `minutes_final`) unless `date` says
    otherwise; marking it held or finalising travels to a later meeting day. `topics` go on
    the agenda while it is a draft; from `notice_pending` on it needs at least one, so a queued
    topic is made if none is given.
    `existing` moves a meeting made earlier on instead of convening a new one. The minutes
    decide every topic: its departments (or 财务部) within 30 days of the meeting.
    """
    if step not in MEETING_STEPS:
        raise ValueError(f"unknown step {step!r}; choose one of {MEETING_STEPS}")
    chair = person(enterprise, Role.UNION_CHAIR)
    today = timezone.localdate()
    if existing is None:
        if date is None:
            late = step in (MeetingStatus.HELD, MeetingStatus.MINUTES_FINAL)
            date = today if late else today + datetime.timedelta(days=7)
        m = meeting_services.meeting_create(
            enterprise=enterprise,
            by=chair,
            kind=kind,
            date=date,
            time=time,
            place=place,
            host=chair,
            reply_by=reply_by or min(date, today + datetime.timedelta(days=3)),
        )
    else:
        m = existing
    for t in topics:
        meeting_services.meeting_add_topic(meeting=m, topic=t, by=chair)
    if step == MeetingStatus.DRAFT:
        return m
    if m.status == MeetingStatus.DRAFT:
        if not m.items.exists() and not m.is_rhythm:
            meeting_services.meeting_add_topic(
                meeting=m, topic=topic("queued", enterprise=enterprise), by=chair
            )
        meeting_services.participants_propose(meeting=m, by=chair)
        meeting_services.notice_submit(meeting=m, by=chair)
    if step == MeetingStatus.NOTICE_PENDING:
        return m
    if m.status == MeetingStatus.NOTICE_PENDING:
        meeting_services.notice_approve(meeting=m, by=person(enterprise, Role.ADMIN_HEAD))
    if step == MeetingStatus.NOTICE_SENT:
        return m
    with _on_day(m.date, m.time):
        if m.status == MeetingStatus.NOTICE_SENT:
            meeting_services.meeting_mark_held(meeting=m, by=chair)
        if step == MeetingStatus.HELD:
            return m
        if m.is_rhythm:
            meeting_services.rhythm_minutes_save(
                meeting=m, by=chair, text="各部门通报了办理进展。", head_remarks="抓紧落实。"
            )
            meeting_services.minutes_finalise(meeting=m, by=chair)
            m.refresh_from_db()
            return m
        finance = Department.objects.filter(enterprise=enterprise, name="财务部").first()
        deadline = m.date + datetime.timedelta(days=30)
        items = []
        for item in m.items.select_related("topic").prefetch_related("topic__departments"):
            departments = list(item.topic.departments.all()) or [finance]
            items.append(
                {
                    "item": item,
                    "statement": f"{item.topic.title}的情况",
                    "reply": "按期解决",
                    "decision": f"{deadline.isoformat()}前落实",
                    "departments": departments,
                    "responsible_person": "钱经理",
                    "deadline": deadline,
                }
            )
        meeting_services.minutes_save(meeting=m, by=chair, items=items, head_remarks="抓紧落实。")
        meeting_services.minutes_finalise(meeting=m, by=chair)
    m.refresh_from_db()
    return m
