"""Reads of step 6 shared by views, panels and documents, scoped to the user's enterprise."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Q, QuerySet, When
from django.http import Http404

from consult.access import EnterpriseAccess, get_enterprise_for
from consult.roles import Action
from grievances.actors import served_by
from grievances.models import Grievance
from supervision.models import Bulletin, Escalation, Task, TaskStatus


def sees_all_tasks(access: EnterpriseAccess) -> bool:
    """Union staff, supervisors and management see every task of the enterprise."""
    return access.may(Action.SUPERVISE) or access.may(Action.VIEW_ALL_GRIEVANCES)


def visible_tasks(access: EnterpriseAccess) -> QuerySet[Task]:
    qs = Task.objects.filter(enterprise=access.enterprise)
    if sees_all_tasks(access):
        return qs
    department_id = access.membership.department_id if access.membership else None
    if access.may(Action.ANSWER_AS_DEPARTMENT) and department_id is not None:
        return qs.filter(
            Q(lead_department=department_id) | Q(co_departments=department_id)
        ).distinct()
    return qs.none()


def get_task_for(
    user, code: str, pk: int, *, action: str | None = None
) -> tuple[EnterpriseAccess, Task]:
    """404 when the user may not see the task, 403 when they may see it but not do `action`."""
    access = get_enterprise_for(user, code)
    task = (
        visible_tasks(access)
        .select_related("enterprise", "enterprise__parent", "lead_department", "meeting")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404
    if action is not None and not access.may(action):
        raise PermissionDenied
    return access, task


def with_lists(qs: QuerySet[Task]) -> QuerySet[Task]:
    return qs.select_related("lead_department", "meeting").prefetch_related(
        "co_departments", "grievances"
    )


CLOCK_FILTERS = {
    "1": Q(status=TaskStatus.OPEN),  # waiting for the department's report
    "2": Q(status=TaskStatus.REPORTED),  # waiting for the union to tell the requester
}


def task_queue(
    access: EnterpriseAccess,
    *,
    today: datetime.date,
    department: int | None = None,
    clock: str = "",
    overdue: bool = False,
    meeting: int | None = None,
    show: str = "",
) -> QuerySet[Task]:
    """The queue opens on the open tasks, the earliest due first; finished ones are a filter
    away ("finished", or "all": the open first)."""
    qs = visible_tasks(access)
    if show == "finished":
        qs = qs.exclude(status__in=OPEN_TASK_STATES)
    elif show != "all":
        qs = qs.filter(status__in=OPEN_TASK_STATES)
    if department:
        qs = qs.filter(Q(lead_department=department) | Q(co_departments=department))
    if clock in CLOCK_FILTERS:
        qs = qs.filter(CLOCK_FILTERS[clock])
    if overdue:
        qs = qs.filter(Task.overdue_q(today))
    if meeting:
        qs = qs.filter(meeting=meeting)
    still_open = Case(When(status__in=OPEN_TASK_STATES, then=0), default=1)
    return with_lists(qs.distinct()).order_by(still_open, "deadline", "id")


# Tasks someone still acts on: the department, the union (to tell) or the parent body.
OPEN_TASK_STATES = (TaskStatus.OPEN, TaskStatus.REPORTED, TaskStatus.ESCALATED)


def escalations_received(access: EnterpriseAccess) -> QuerySet[Escalation]:
    return Escalation.objects.filter(to_enterprise=access.enterprise).select_related(
        "task", "from_enterprise"
    )


def get_escalation_for(user, code: str, pk: int) -> tuple[EnterpriseAccess, Escalation]:
    """Union staff of the parent body (who answer) or of the body that handed it up."""
    access = get_enterprise_for(user, code, action=Action.SUPERVISE)
    escalation = (
        Escalation.objects.filter(
            Q(to_enterprise=access.enterprise) | Q(from_enterprise=access.enterprise), pk=pk
        )
        .select_related("task", "task__enterprise", "from_enterprise", "to_enterprise")
        .first()
    )
    if escalation is None:
        raise Http404
    return access, escalation


def visible_bulletins(access: EnterpriseAccess) -> QuerySet[Bulletin]:
    qs = Bulletin.objects.filter(enterprise=access.enterprise).select_related("meeting")
    if access.may(Action.SUPERVISE):
        return qs
    return qs.filter(status=Bulletin.Status.ISSUED)


def get_bulletin_for(user, code: str, pk: int, *, action: str | None = None):
    access = get_enterprise_for(user, code)
    bulletin = visible_bulletins(access).filter(pk=pk).first()
    if bulletin is None:
        raise Http404
    if action is not None and not access.may(action):
        raise PermissionDenied
    return access, bulletin


def notice_rows(enterprise) -> list[dict]:
    """公示: issued bulletins' meetings, their decided matters and results — no requester."""
    bulletins = list(
        Bulletin.objects.filter(enterprise=enterprise, status=Bulletin.Status.ISSUED)
        .select_related("meeting")
        .order_by("-dated", "-id")
    )
    meeting_ids = [b.meeting_id for b in bulletins]
    tasks: dict[int, list[Task]] = {}
    for t in (
        Task.objects.filter(meeting_id__in=meeting_ids)
        .select_related("lead_department")
        .prefetch_related("co_departments", "escalations__to_enterprise")
        .order_by("id")
    ):
        if t.meeting_id is not None:
            tasks.setdefault(t.meeting_id, []).append(t)
    return [{"bulletin": b, "tasks": tasks.get(b.meeting_id, [])} for b in bulletins]


def grievances_served(task_ids: list[int]) -> dict[int, list[Grievance]]:
    """The items each task serves: whom its timeline's steps serve (grievances.actors)."""
    return served_by(Grievance.objects.filter(tasks__in=task_ids), "tasks")


def grievances_in_bulletins(bulletin_ids: list[int]) -> dict[int, list[Grievance]]:
    """The items of the meeting each bulletin reports on."""
    path = "topic__agenda_items__meeting__bulletins"
    return served_by(Grievance.objects.filter(**{f"{path}__in": bulletin_ids}), path)
