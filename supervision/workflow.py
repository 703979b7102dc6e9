"""The task's and the bulletin's steps (step 6): who may take each, from which state to which,
the event it writes and who hears of it (see consult.workflow).

The grievances a task serves move through `grievances.workflow.GRIEVANCE_FLOW` ("report",
"escalate", "escalation_answered", "inform"), taken by `supervision.services` alongside.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consult.roles import Action
from consult.workflow import AuditFlow, Notice, Step
from supervision.events import SupervisionEvent as E
from supervision.models import Bulletin, Escalation, Task, TaskStatus

S = TaskStatus


def task_url(task: Task) -> str:
    return reverse("task_detail", args=[task.enterprise.code, task.pk])


def _department_id(access) -> int | None:
    return access.membership.department_id if access.membership else None


def task_of_my_department(access, user, task) -> bool:
    """The user heads the task's lead department or a co-operating one."""
    department_id = _department_id(access)
    if department_id is None or access.enterprise.pk != task.enterprise_id:
        return False
    if task.lead_department_id == department_id:
        return True
    return any(d.pk == department_id for d in task.co_departments.all())


def led_by_my_department(access, user, task) -> bool:
    """Only the lead department reports the outcome (牵头部门)."""
    department_id = _department_id(access)
    return (
        department_id is not None
        and access.enterprise.pk == task.enterprise_id
        and task.lead_department_id == department_id
    )


def my_department_scope(access) -> Q | None:
    department_id = _department_id(access)
    if department_id is None:
        return None
    return Q(lead_department=department_id) | Q(co_departments=department_id)


def lead_scope(access) -> Q | None:
    department_id = _department_id(access)
    return None if department_id is None else Q(lead_department=department_id)


def of_this_enterprise(access, user, task) -> bool:
    return access.enterprise.pk == task.enterprise_id


def answers_for_the_child(access, user, task) -> bool:
    """The body an item is handed up to answers it: the parent body, or a level above it when
    the parent handed it up again (分级负责制)."""
    return task.escalations.filter(
        to_enterprise=access.enterprise, status=Escalation.Status.OPEN
    ).exists()


_SUPERVISED = frozenset({S.OPEN, S.REPORTED, S.ESCALATED})

TASK_FLOW = AuditFlow(
    Task,
    [
        Step(
            "record_progress",
            frozenset({S.OPEN}),
            None,
            E.PROGRESS_RECORDED,
            action=Action.ANSWER_AS_DEPARTMENT,
            condition=task_of_my_department,
            scope=my_department_scope,
            waits=frozenset(),
            progress_only=True,
        ),
        Step(
            "report",
            frozenset({S.OPEN}),
            S.REPORTED,
            E.TASK_REPORTED,
            action=Action.ANSWER_AS_DEPARTMENT,
            condition=led_by_my_department,
            scope=lead_scope,
            refusal=_("The result of this task was already reported."),
            notices=(
                Notice(Action.SUPERVISE, _("Result reported: tell the requester by %(due)s")),
            ),
        ),
        Step(
            "visit",
            _SUPERVISED,
            None,
            E.VISIT_RECORDED,
            action=Action.SUPERVISE,
            condition=of_this_enterprise,
            waits=frozenset(),
            progress_only=True,
            refusal=_("The requester was already told; the task is closed."),
        ),
        Step(
            "require_visits",
            _SUPERVISED,
            None,
            E.VISITS_REQUIRED,
            action=Action.SUPERVISE,
            condition=of_this_enterprise,
            waits=frozenset(),
        ),
        Step(
            "escalate",
            frozenset({S.OPEN, S.REPORTED}),
            S.ESCALATED,
            E.TASK_ESCALATED,
            action=Action.SUPERVISE,
            condition=of_this_enterprise,
            waits=frozenset(),
            refusal=_("This task cannot be handed up in its current state."),
        ),
        Step(
            "escalation_answered",
            frozenset({S.ESCALATED}),
            S.REPORTED,
            E.ESCALATION_ANSWERED,
            action=Action.SUPERVISE,
            condition=answers_for_the_child,
            refusal=_("The escalation was already answered."),
            notices=(Notice(Action.SUPERVISE, _("The parent body answered: tell the requester")),),
        ),
        Step(
            "tell",
            frozenset({S.REPORTED}),
            None,
            E.REQUESTER_TOLD,
            action=Action.SUPERVISE,
            condition=of_this_enterprise,
            refusal=_("The requester can be told once the result is reported to the union."),
        ),
        Step(
            "close",
            frozenset({S.REPORTED}),
            S.INFORMED,
            E.TASK_INFORMED,
            action=Action.SUPERVISE,
            condition=of_this_enterprise,
            waits=frozenset(),
        ),
        # The union found a department's answer inadequate and sent the item to a meeting
        # (grievance step "refer_to_meeting"): the answer's task stops; the meeting's decision
        # becomes the item's new task.
        Step(
            "withdraw",
            frozenset({S.OPEN}),
            S.WITHDRAWN,
            E.TASK_WITHDRAWN,
            action=Action.SIGN_OPINION,
            condition=of_this_enterprise,
            waits=frozenset(),
        ),
    ],
    url=task_url,
    refusal=_("This step is not possible in the task's current state."),
)

B = Bulletin.Status

BULLETIN_FLOW = AuditFlow(
    Bulletin,
    [
        Step(
            "issue",
            frozenset({B.DRAFT}),
            B.ISSUED,
            E.BULLETIN_ISSUED,
            action=Action.SUPERVISE,
            refusal=_("The bulletin was already issued."),
        ),
    ],
    url=lambda b: reverse("bulletin_detail", args=[b.enterprise.code, b.pk]),
    refusal=_("The bulletin was already issued and can no longer change."),
)
BULLETIN_EDITABLE = frozenset({B.DRAFT})

X = Escalation.Status


def handed_up_to_me(access, user, escalation) -> bool:
    """My enterprise is the body the item was handed up to: it answers or hands it up again."""
    return access.enterprise.pk == escalation.to_enterprise_id


def _handed_up_to_me_scope(access) -> Q:
    return Q(to_enterprise=access.enterprise)


# 分级负责制: an item handed up waits for the body it went to, which answers it or hands it up
# to its own parent. The events are the escalation's (its page, at every level); the task's
# own steps ("escalation_answered", the hand-up's record) keep the task's timeline and send
# the notices, so these steps send none.
ESCALATION_FLOW = AuditFlow(
    Escalation,
    [
        Step(
            "answer",
            frozenset({X.OPEN}),
            X.ANSWERED,
            E.ESCALATION_ANSWER,
            action=Action.SUPERVISE,
            condition=handed_up_to_me,
            scope=_handed_up_to_me_scope,
            refusal=_("The escalation was already answered."),
        ),
        Step(
            "hand_up",
            frozenset({X.OPEN}),
            X.HANDED_UP,
            E.ESCALATION_HAND_UP,
            action=Action.SUPERVISE,
            condition=handed_up_to_me,
            scope=_handed_up_to_me_scope,
            waits=frozenset(),
            refusal=_("The escalation was already answered or handed up."),
        ),
        # The answer goes back down the chain: each level below, which handed it up, is
        # answered by the same answer (caused by the step above; no notice of its own).
        # Taken only by the service as the answer's consequence: no one may take it by hand.
        Step(
            "answered_above",
            frozenset({X.HANDED_UP}),
            X.ANSWERED,
            E.ESCALATION_ANSWER,
            condition=lambda access, user, escalation: False,
            waits=frozenset(),
        ),
    ],
    url=lambda e: reverse("escalation_detail", args=[e.to_enterprise.code, e.pk]),
    enterprise=lambda e: e.to_enterprise,
    refusal=_("The escalation was already answered or handed up."),
)
