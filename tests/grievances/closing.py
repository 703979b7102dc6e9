"""Items at the end of the eight steps, for the tests of personal data over time: built through
the services of steps 3–7 (answered, reported, told, surveyed, signed, reviewed, closed)."""

import datetime

import time_machine
from django.utils import timezone

from consult.models import Department, Membership
from consult.roles import Role
from grievances.models import Disclosure, Grievance
from supervision import services as supervision_services
from supervision.models import Task, VisitMethod
from surveys import services as survey_services
from surveys.models import Respondent, RespondentKind, SurveyRound
from tests import factories


def later(days: int):
    """Travel `days` after today, 10:00 in Shanghai (the clock stands still)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    moment = datetime.datetime.combine(day, datetime.time(10), timezone.get_current_timezone())
    return time_machine.travel(moment, tick=False)


def closed_item(
    enterprise,
    *,
    disclosure=Disclosure.NAMED,
    content="食堂饭菜价格偏高",
    requester_name=None,
    phone="",
    comment="",
    level="satisfied",
) -> Grievance:
    """An item closed after its survey. With `requester_name` the union registered it from a
    talk (no account, with `phone`); else the demo `employee` submitted it online and answers
    the survey online with `comment`."""
    staff = factories.person(enterprise, Role.UNION_STAFF)
    g = factories.grievance(
        "answered",
        enterprise=enterprise,
        content=content,
        disclosure=disclosure,
        requester_name=requester_name,
    )
    if phone:
        Grievance.objects.filter(pk=g.pk).update(requester_phone=phone)
    task = Task.objects.get(grievances=g)
    hr = Department.objects.get(enterprise=enterprise, name="人力资源部")
    supervision_services.visit_record(
        task=task,
        by=factories.person(enterprise, Role.SUPERVISOR),
        visited_on=timezone.localdate(),
        method=VisitMethod.SITE,
        findings=f"已与{requester_name or '诉求人'}核实情况",
        status="in_progress",
        union_members="王工会",
    )
    supervision_services.task_report(
        task=task,
        by=Membership.objects.filter(enterprise=enterprise, roles__role=Role.DEPT_HEAD)
        .first()
        .user,
        department=hr,
        outcome="done",
        text="已调整价格。",
        completed_on=timezone.localdate(),
    )
    supervision_services.requester_tell(
        task=task,
        grievance=g,
        by=staff,
        method="phone",
        text=f"已电话告知{requester_name or '诉求人'}办理结果",
    )
    survey_round = SurveyRound.objects.get(grievance=g, number=1)
    respondent = Respondent.objects.get(round=survey_round, kind=RespondentKind.REQUESTER)
    if respondent.user_id is not None:
        survey_services.answer_submit(
            respondent=respondent, by=respondent.user, level=level, comment=comment
        )
    else:
        survey_services.answer_record(
            respondent=respondent,
            by=staff,
            level=level,
            method="phone",
            answered_at=timezone.now(),
            comment=comment,
        )
    survey_round.refresh_from_db()
    survey_services.round_sign(
        survey_round=survey_round, by=factories.person(enterprise, Role.SUPERVISOR)
    )
    survey_services.round_review(
        survey_round=survey_round,
        by=factories.person(enterprise, Role.UNION_CHAIR),
        review="办理及时，职工满意。",
    )
    g.refresh_from_db()
    return g
