"""Items and tasks of step 6, built through the services of steps 3–6 (never the ORM), and a
parent body (group company) above `demo` for escalation."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from consult.models import Department, Enterprise, Membership, MembershipRole
from consult.roles import Role
from grievances import services as grievance_services
from grievances.models import Disclosure
from meetings import services as meeting_services
from supervision.models import Task
from tests import factories
from tests.helpers import SHANGHAI, at  # noqa: F401 (imported by the tests)

PASSWORD = "demo-pass-2026"


@pytest.fixture(autouse=True)
def _in_september_2026():
    with at(datetime.date(2026, 9, 1)):
        yield


@pytest.fixture
def dept(demo):
    return lambda name, enterprise=None: Department.objects.get(
        enterprise=enterprise or demo, name=name
    )


def _routed_item(enterprise, user, *, route, disclosure, content, departments, anonymous=False):
    """An item routed to `departments` ("department") or to a meeting ("meeting")."""
    return factories.grievance(
        f"routed_{route}",
        enterprise=enterprise,
        content=content,
        disclosure=disclosure,
        departments=departments,
        anonymous=anonymous,
    )


@pytest.fixture
def direct_task(demo, user, dept):
    """direct_task(disclosure=...) → the task made from HR's answer on the direct path."""

    def make(
        *,
        disclosure=Disclosure.CONFIDENTIAL,
        anonymous=False,
        due=datetime.date(2026, 9, 15),
        content="食堂饭菜价格偏高",
        enterprise=None,
    ):
        enterprise = enterprise or demo
        prefix = "" if enterprise.code == "demo" else "b_"
        hr = dept("人力资源部", enterprise)
        g = _routed_item(
            enterprise,
            user,
            route="department",
            disclosure=disclosure,
            content=content,
            departments=[hr],
            anonymous=anonymous,
        )
        grievance_services.grievance_answer(
            grievance=g,
            by=user(prefix + "dept_head"),
            department=hr,
            measures="下月起调整价格",
            due=due,
        )
        return Task.objects.get(grievances=g)

    return make


@pytest.fixture
def decided_task(demo, user, dept):
    """decided_task(departments=[...]) → the task made from a meeting decision today."""

    def make(
        *,
        departments=("人力资源部",),
        deadline=datetime.date(2026, 9, 20),
        disclosure=Disclosure.NAMED,
        anonymous=False,
        title="加班费核算",
    ):
        from django.utils import timezone

        chair = user("union_chair")
        depts = [dept(d) for d in departments]
        g = _routed_item(
            demo,
            user,
            route="meeting",
            disclosure=disclosure,
            content=f"{title}：请求解决",
            departments=depts,
            anonymous=anonymous,
        )
        topic = grievance_services.topic_create(
            enterprise=demo, by=user("union_staff"), title=title, grievances=[g]
        )
        today = timezone.localdate()
        meeting = meeting_services.meeting_create(
            enterprise=demo,
            by=chair,
            kind="special",
            date=today,
            time=datetime.time(0, 0),  # started already, so it can be marked held
            place="三楼会议室",
            host=chair,
            reply_by=today,
        )
        meeting_services.meeting_add_topic(meeting=meeting, topic=topic, by=chair)
        meeting_services.participants_propose(meeting=meeting, by=chair)
        meeting_services.notice_submit(meeting=meeting, by=chair)
        meeting_services.notice_approve(meeting=meeting, by=user("admin_head"))
        item = meeting.items.get()
        meeting_services.minutes_save(
            meeting=meeting,
            by=chair,
            items=[
                {
                    "item": item,
                    "statement": "请求解决",
                    "reply": "同意办理",
                    "decision": f"{title}按期落实",
                    "departments": depts,
                    "responsible_person": "钱经理",
                    "deadline": deadline,
                    "summary": "按期落实",
                }
            ],
            head_remarks="抓紧落实。",
        )
        meeting_services.meeting_mark_held(meeting=meeting, by=chair)
        meeting_services.minutes_finalise(meeting=meeting, by=chair)
        return Task.objects.get(decision__meeting=meeting)

    return make


@pytest.fixture
def parent(demo, user):
    """A group company above `demo` with its own union staff member (`g_union_staff`)."""
    group = Enterprise.objects.create(
        code="group", name="蒙阴示范集团有限公司", federation=demo.federation
    )
    demo.parent = group
    demo.save(update_fields=["parent"])
    staff = get_user_model().objects.create_user(
        username="g_union_staff", password=PASSWORD, last_name="陈", first_name="集"
    )
    m = Membership.objects.create(user=staff, enterprise=group)
    MembershipRole.objects.create(membership=m, role=Role.UNION_STAFF)
    return group


def visit(task, by, **kw):
    from supervision import services

    data = {
        "visited_on": task.started_on,
        "method": "site",
        "findings": "现场查看，已按要求落实",
        "status": "done",
        "union_members": "赵敏",
        "management_members": "人力资源部郑芳",
        "representatives": "李四",
    }
    data.update(kw)
    return services.visit_record(task=task, by=by, **data)


def url(name, *args, code="demo"):
    from django.urls import reverse

    return reverse(name, args=[code, *args])
