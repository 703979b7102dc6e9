"""Factories for the meetings tests: topics waiting in the meeting queue, department heads, a
meeting; all built through the services (see tests/factories.py)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model

from consult.models import Category, Department, Membership, MembershipRole, OrgUnit
from consult.roles import Role
from grievances.models import Disclosure
from meetings import services
from tests import factories

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


@pytest.fixture
def queued_topic(demo):
    """queued_topic("加班费核算", "工资福利类", unit="一班") → a QUEUED topic with one grievance
    that union staff registered from a talk and management routed to the meeting path."""

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
        return factories.topic(
            "queued",
            enterprise=enterprise,
            title=title,
            category=cat,
            departments=list(cat.default_departments.all()),
            responsible_person="",
            disclosure=disclosure,
            requester_name=requester_name,
            unit=OrgUnit.objects.filter(enterprise=enterprise, name=unit).first() if unit else None,
        )

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
    return factories.meeting(
        "notice_sent",
        enterprise=meeting.enterprise,
        existing=meeting,
        topics=[queued_topic("加班费核算不清")],
    )


def page(name, meeting=None, code="demo", **kw):
    """The URL of a meetings page of `demo`."""
    from django.urls import reverse

    if meeting is not None:
        kw["pk"] = meeting.pk
    return reverse(name, kwargs={"code": code, **kw})
