"""Factories for the meetings tests: topics waiting in the meeting queue (made with the ORM,
since the intake pages belong to the grievances app), department heads, a meeting."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from consult.models import Category, Department, Membership, MembershipRole, OrgUnit
from consult.roles import Role
from grievances.models import Disclosure, Grievance, Status, Topic
from meetings import services

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 11, 24)
NEXT_WEEK = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 0, tzinfo=SHANGHAI), tick=False):
        yield


def on_meeting_day():
    """Travel to the meeting's day (1 December 2026), when the minutes can be finalised."""
    return time_machine.travel(datetime.datetime(2026, 12, 1, 11, 0, tzinfo=SHANGHAI), tick=False)


_serial = iter(range(1, 10_000))


@pytest.fixture
def queued_topic(demo):
    """queued_topic("加班费核算", "工资福利类", unit="一班") → a QUEUED topic with one grievance
    routed to the meeting path."""

    def make(
        title,
        category="工资福利类",
        *,
        enterprise=None,
        unit="一班",
        disclosure=Disclosure.NAMED,
        requester_name="张三",
    ):
        enterprise = enterprise or demo
        cat = Category.objects.get(enterprise=enterprise, name=category)
        topic = Topic.objects.create(
            enterprise=enterprise,
            title=title,
            summary=f"{title}的情况说明",
            category=cat,
            status=Topic.Status.QUEUED,
        )
        topic.departments.set(cat.default_departments.all())
        Grievance.objects.create(
            enterprise=enterprise,
            year=2026,
            serial=next(_serial),
            content=f"{title}：请求解决",
            received_at=timezone.now(),
            status=Status.ROUTED_MEETING,
            disclosure=disclosure,
            requester_name=requester_name if disclosure != Disclosure.ANONYMOUS else "",
            requester_unit=OrgUnit.objects.filter(enterprise=enterprise, name=unit).first()
            if unit
            else None,
            category=cat,
            topic=topic,
        )
        return topic

    return make


@pytest.fixture
def dept_head_of(demo):
    """dept_head_of("财务部") → a new user who heads that department of `demo`."""

    def make(department, username=None, enterprise=None):
        enterprise = enterprise or demo
        dept = Department.objects.get(enterprise=enterprise, name=department)
        user = get_user_model().objects.create_user(
            username=username or f"head_{dept.pk}",
            password="demo-pass-2026",
            last_name="钱",
            first_name=department[:2],
        )
        m = Membership.objects.create(user=user, enterprise=enterprise, department=dept)
        MembershipRole.objects.create(membership=m, role=Role.DEPT_HEAD)
        return user

    return make


@pytest.fixture
def user(demo):
    def get(username):
        return get_user_model().objects.get(username=username)

    return get


@pytest.fixture
def meeting(demo, user):
    """A draft special consultation meeting next week, convened by the union chair."""
    return services.meeting_create(
        enterprise=demo,
        by=user("union_chair"),
        kind="special",
        date=NEXT_WEEK,
        time=datetime.time(9, 0),
        place="三楼会议室",
        host=user("union_chair"),
        reply_by=datetime.date(2026, 11, 27),
    )


@pytest.fixture
def invited_meeting(meeting, queued_topic, user):
    """The draft meeting with one wage topic, proposed participants and the notice sent."""
    chair = user("union_chair")
    services.meeting_add_topic(meeting=meeting, topic=queued_topic("加班费核算不清"), by=chair)
    services.participants_propose(meeting=meeting, by=chair)
    services.notice_submit(meeting=meeting, by=chair)
    services.notice_approve(meeting=meeting, by=user("admin_head"))
    return meeting


def page(name, meeting=None, code="demo", **kw):
    """The URL of a meetings page of `demo`."""
    from django.urls import reverse

    if meeting is not None:
        kw["pk"] = meeting.pk
    return reverse(name, kwargs={"code": code, **kw})
