"""Items of step 7, built through the services of steps 3–6 (never the ORM): an item whose
requester has just been told the result, so that its first survey round is open."""

import datetime

import pytest

from grievances import services as grievance_services
from grievances.models import Disclosure, Kind
from supervision import services as supervision_services
from supervision.models import Task
from surveys.models import SurveyRound
from tests.supervision import conftest as supervision

# The fixtures of step 6, shared here.
_in_september_2026 = supervision._in_september_2026
decided_task = supervision.decided_task
dept = supervision.dept
direct_task = supervision.direct_task
_routed_item = supervision._routed_item
at = supervision.at
url = supervision.url
visit = supervision.visit

TODAY = datetime.date(2026, 9, 1)


def report(task, user, text="已按要求办结"):
    supervision_services.task_report(
        task=task,
        by=user("dept_head"),
        department=task.lead_department,
        outcome="done",
        text=text,
        completed_on=TODAY,
    )


def tell(task, grievance, user, *, method="phone", text="已办结，请评价"):
    supervision_services.requester_tell(
        task=task, grievance=grievance, by=user("union_staff"), method=method, text=text
    )


@pytest.fixture
def told(demo, user, dept, direct_task):
    """told(disclosure=...) → (grievance, its open first round); anonymous ones carry
    `receipt_secret`."""

    def make(*, disclosure=Disclosure.NAMED, anonymous=False, content="食堂饭菜价格偏高"):
        hr = dept("人力资源部")
        secret = None
        if anonymous:
            g = grievance_services.grievance_submit_anonymous(
                enterprise=demo, kind=Kind.GRIEVANCE, content=content
            )
            secret = g.receipt_secret
            g = _routed_existing(g, user, hr)
        else:
            g = _routed_item(
                demo,
                user,
                route="department",
                disclosure=disclosure,
                content=content,
                departments=[hr],
            )
        grievance_services.grievance_answer(
            grievance=g, by=user("dept_head"), department=hr, measures="下月起调整", due=TODAY
        )
        task = Task.objects.get(grievances=g)
        report(task, user)
        tell(task, g, user, method="online" if anonymous else "phone")
        g.refresh_from_db()
        g.receipt_secret = secret
        return g, SurveyRound.objects.get(grievance=g, number=1)

    return make


def _routed_existing(g, user, hr):
    from consult.models import Category

    staff = user("union_staff")
    grievance_services.grievance_verify(grievance=g, by=staff)
    grievance_services.grievance_classify(
        grievance=g,
        by=staff,
        category=Category.objects.filter(enterprise=g.enterprise, parent__isnull=False).first(),
        departments=[hr],
        responsible_person="郑芳",
    )
    grievance_services.grievance_sign_opinion(
        grievance=g, by=user("union_chair"), route="department", opinion="按程序办理"
    )
    grievance_services.grievance_approve_routing(grievance=g, by=user("admin_deputy"))
    return g
