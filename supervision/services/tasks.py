"""Step 6: tasks from both paths, the department's progress and report, tracking visits,
telling the requester and escalation (see `supervision.services`)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consult.audit import notify
from consult.models import Department, Enterprise, MessageKind
from consult.roles import Action
from consult.selectors import members_who_may
from consult.workdays import add_working_days
from consult.workflow import StepRefused, apply, edit
from grievances.models import Disclosure, Grievance
from grievances.workflow import GRIEVANCE_FLOW
from meetings.models import Decision
from supervision.clocks import DAYS
from supervision.events import SupervisionEvent as E
from supervision.models import (
    Escalation,
    Outcome,
    RequesterTold,
    Task,
    TaskSource,
    TellMethod,
    TrackingVisit,
    VisitMethod,
)
from supervision.services._common import require_text
from supervision.workflow import ESCALATION_FLOW, TASK_FLOW, task_url


def _states(step: str) -> frozenset[str]:
    """The item statuses the grievance's step `step` starts from (grievances.workflow)."""
    return GRIEVANCE_FLOW.step(step).sources


def _today() -> datetime.date:
    return timezone.localdate()


def _tell_departments(
    task: Task, subject, params: dict | None = None, *, asks: bool = True
) -> None:
    """Notify the task's departments; a lazy `subject` with `params` reads in each reader's
    language. `asks`: the task waits for them (else the notice only tells them something)."""
    ids = [task.lead_department_id, *task.co_departments.values_list("pk", flat=True)]
    recipients = list(
        members_who_may(task.enterprise, Action.ANSWER_AS_DEPARTMENT, department_ids=ids)
    )
    if recipients:
        numbers = [g.number for g in task.grievances.only("year", "serial")[:2]]
        notify(
            enterprise=task.enterprise,
            recipients=recipients,
            subject=subject,
            params=params,
            url=task_url(task),
            kind=MessageKind.STEP if asks else MessageKind.NOTICE,
            facts={"number": numbers[0] if len(numbers) == 1 else ""},
        )


# -- tasks from both paths --------------------------------------------------------------------


@transaction.atomic
def task_create_from_decision(*, decision: Decision, by) -> Task:
    """Step 5 → 6: one decision of finalised minutes becomes a supervised task.

    The first of the decision's departments leads; the others co-operate. A meeting item
    needs at least one tracking visit before the requester is told (handbook: 多次督导).
    """
    existing = Task.objects.filter(decision=decision).first()
    if existing is not None:
        return existing
    meeting = decision.meeting
    departments = list(decision.departments.order_by("pk"))
    task = Task.objects.create(
        enterprise=meeting.enterprise,
        source=TaskSource.DECISION,
        decision=decision,
        meeting=meeting,
        title=decision.topic.title,
        content=decision.text,
        lead_department=departments[0],
        responsible_person=decision.responsible_person,
        started_on=meeting.date,
        deadline=decision.deadline,
        visits_required=1,
    )
    task.co_departments.set(departments[1:])
    task.grievances.set(decision.topic.grievances.filter(status__in=_states("report")))
    # The meeting's number is kept as a message, shown in each reader's language.
    TASK_FLOW.record(task, E.TASK_CREATED, by=by, data={"meeting": meeting.label_message()})
    _tell_departments(
        task, gettext_lazy("New task for your department: %(title)s"), {"title": task.title}
    )
    return task


@transaction.atomic
def task_create_from_answer(*, grievance: Grievance, by, department: Department) -> Task:
    """Step 3 → 6: a department's answer (measures and date) on the direct path becomes a task
    led by the answering department; the item's other departments co-operate."""
    existing = Task.objects.filter(source=TaskSource.DIRECT, grievances=grievance).first()
    if existing is not None:
        return existing
    started = timezone.localdate(grievance.answered_at) if grievance.answered_at else _today()
    task = Task.objects.create(
        enterprise=grievance.enterprise,
        source=TaskSource.DIRECT,
        title=grievance.title or grievance.content[:40],
        content=grievance.answer_measures,
        lead_department=department,
        responsible_person=grievance.responsible_person,
        started_on=started,
        deadline=grievance.answer_due or started,
        visits_required=0,
    )
    task.co_departments.set(grievance.departments.exclude(pk=department.pk))
    task.grievances.set([grievance])
    TASK_FLOW.record(task, E.TASK_CREATED, by=by, note=grievance.number)
    return task


def tasks_withdraw_for_meeting(*, grievance: Grievance, by) -> list[Task]:
    """The item went from a department's answer to a consultation meeting: the open task made
    from that answer stops (no more reminders or overdue clocks), and its departments hear why.
    Runs inside the union's step (its transaction and its check of who may decide)."""
    withdrawn = []
    open_tasks = Task.objects.filter(
        source=TaskSource.DIRECT,
        grievances=grievance,
        status__in=TASK_FLOW.step("withdraw").sources,
    )
    for task in open_tasks:
        apply(TASK_FLOW, task, "withdraw", by=by, note=grievance.number)
        _tell_departments(
            task,
            gettext_lazy("Task withdrawn, the item goes to a consultation meeting: %(title)s"),
            {"title": task.title},
            asks=False,
        )
        withdrawn.append(task)
    return withdrawn


# -- the department ---------------------------------------------------------------------------


def _department_of(task: Task, department: Department | None, *, lead: bool):
    def check(locked: Task) -> None:
        ok = department is not None and (
            locked.lead_department_id == department.pk
            or (not lead and locked.co_departments.filter(pk=department.pk).exists())
        )
        if not ok:
            raise PermissionDenied(_("This task is not your department's."))

    return check


@transaction.atomic
def task_record_progress(*, task: Task, by, department: Department | None, text: str) -> Task:
    """Step 6: the department records how far the work has got (正在进行中)."""
    text = require_text(text, _("Describe the progress."))
    apply(
        TASK_FLOW,
        task,
        "record_progress",
        by=by,
        note=text,
        check=_department_of(task, department, lead=False),
        fields={"progress": text},
    )
    return task


@transaction.atomic
def task_report(
    *,
    task: Task,
    by,
    department: Department | None,
    outcome: str,
    text: str,
    completed_on: datetime.date,
) -> Task:
    """Step 6, clock 1: the lead department reports the outcome to the union — completed
    (what was done) or not possible under present conditions (the explanation the requester
    will be given). Clock 2 starts on the day of the report."""
    if outcome not in (Outcome.DONE, Outcome.IMPOSSIBLE):
        raise ValidationError(_("Say whether the task was completed or cannot be done."))
    text = require_text(
        text,
        _("Say what was done.")
        if outcome == Outcome.DONE
        else _("Explain why it cannot be done; the requester will be given this explanation."),
    )
    today = _today()
    if completed_on is None or completed_on > today:
        raise ValidationError(_("The completion date cannot be in the future."))
    if completed_on < task.started_on:
        raise ValidationError(
            _("The completion date cannot be before the task began (%(day)s).")
            % {"day": task.started_on.isoformat()}
        )
    report_due = add_working_days(completed_on, DAYS)
    inform_due = add_working_days(today, DAYS)
    reported = apply(
        TASK_FLOW,
        task,
        "report",
        by=by,
        note=text,
        check=_department_of(task, department, lead=True),
        fields={
            "outcome": outcome,
            "outcome_text": text,
            "completed_on": completed_on,
            "report_due": report_due,
            "reported_at": timezone.now(),
            "reported_by": by,
            "feedback_on": today,
            "inform_due": inform_due,
        },
        data={"due": inform_due.isoformat(), "outcome": outcome},
    )
    for grievance in task.grievances.filter(status__in=_states("report")):
        apply(GRIEVANCE_FLOW, grievance, "report", by=by, note=text, caused_by=reported)
    return task


# -- the supervision group --------------------------------------------------------------------


@transaction.atomic
def visit_record(
    *,
    task: Task,
    by,
    visited_on: datetime.date,
    method: str,
    findings: str,
    status: str,
    union_members: str = "",
    management_members: str = "",
    representatives: str = "",
) -> TrackingVisit:
    """Step 6 (跟踪): one visit of the supervision group and the status it found."""
    findings = require_text(findings, _("Write what the visit found."))
    if method not in VisitMethod.values:
        raise ValidationError(_("Choose how the visit was made."))
    if status not in Outcome.values:
        raise ValidationError(_("Choose the status found."))
    if visited_on is None or visited_on > _today():
        raise ValidationError(_("The visit date cannot be in the future."))
    if visited_on < task.started_on:
        raise ValidationError(_("The visit date cannot be before the task began."))
    team = [p.strip() for p in (union_members, management_members, representatives)]
    if not any(team):
        raise ValidationError(_("Name who went."))
    apply(
        TASK_FLOW,
        task,
        "visit",
        by=by,
        note=findings,
        data={"visited_on": visited_on.isoformat(), "method": method, "status": status},
    )
    return TrackingVisit.objects.create(
        task=task,
        visited_on=visited_on,
        method=method,
        union_members=team[0],
        management_members=team[1],
        representatives=team[2],
        findings=findings,
        status=status,
        recorded_by=by,
    )


@transaction.atomic
def task_require_visits(*, task: Task, by, count: int) -> Task:
    """Step 6: the union asks for more visits before the item is closed (多次督导)."""
    minimum = 1 if task.source == TaskSource.DECISION else 0
    if count is None or count < minimum or count > 20:
        raise ValidationError(
            _("Give a number of visits between %(min)d and 20.") % {"min": minimum}
        )
    edit(
        TASK_FLOW,
        task,
        E.VISITS_REQUIRED,
        by=by,
        fields={"visits_required": count},
        allowed=TASK_FLOW.step("require_visits").sources,
    )
    return task


# -- telling the requester (clock 2) ----------------------------------------------------------


def _enough_visits(locked: Task) -> None:
    done = locked.visits.count()
    if done < locked.visits_required:
        raise StepRefused(
            _(
                "This item needs %(required)d tracking visit(s) before the requester is told; "
                "%(done)d recorded."
            )
            % {"required": locked.visits_required, "done": done}
        )


@transaction.atomic
def requester_tell(
    *,
    task: Task,
    grievance: Grievance,
    by,
    method: str,
    text: str,
    told_at: datetime.datetime | None = None,
) -> RequesterTold:
    """Step 6, clock 2: the union tells the requester the process and result (面谈/电话/网络).

    An anonymous requester can only be told online: the text appears on /track/. The item
    moves to "informed", ready for the satisfaction survey (step 7).
    """
    text = require_text(text, _("Write what the requester is told."))
    if method not in TellMethod.values:
        raise ValidationError(_("Choose how the requester was told."))
    if grievance.disclosure == Disclosure.ANONYMOUS and method != TellMethod.ONLINE:
        raise ValidationError(
            _("An anonymous requester can only be told online (on the tracking page).")
        )
    told_at = told_at or timezone.now()
    if told_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError(_("The time cannot be in the future."))
    if not task.grievances.filter(pk=grievance.pk).exists():
        raise ValidationError(_("This item is not served by this task."))
    apply(TASK_FLOW, task, "tell", by=by, note=grievance.number, check=_enough_visits)
    apply(
        GRIEVANCE_FLOW,
        grievance,
        "inform",
        by=by,
        note=text,
        fields={"public_reply": text},
        data={"method": method},
    )
    told = RequesterTold.objects.create(
        task=task, grievance=grievance, method=method, told_at=told_at, text=text, by=by
    )
    waiting = task.grievances.filter(status__in=_states("escalate") | _states("inform"))
    if not waiting.exists():
        apply(
            TASK_FLOW,
            task,
            "close",
            by=by,
            fields={"informed_on": timezone.localdate(told_at)},
        )
    return told


# -- escalation to the parent body (分级负责制) -----------------------------------------------


@transaction.atomic
def task_escalate(*, task: Task, by, to_enterprise: Enterprise | None, reason: str) -> Escalation:
    """Step 6: an item this level cannot solve is handed up to the parent body with the reason.

    Clock 2 waits for the parent's answer (it restarts when the answer comes back).
    """
    reason = require_text(reason, _("Say why this level cannot solve it."))
    parent_id = task.enterprise.parent_id
    if to_enterprise is None or parent_id is None or to_enterprise.pk != parent_id:
        raise ValidationError(_("An item can only be handed up to this enterprise's parent body."))
    escalated = apply(
        TASK_FLOW,
        task,
        "escalate",
        by=by,
        note=reason,
        fields={"feedback_on": None, "inform_due": None},
        data={"to": to_enterprise.name},
    )
    escalation = Escalation.objects.create(
        task=task,
        from_enterprise=task.enterprise,
        to_enterprise=to_enterprise,
        reason=reason,
        created_by=by,
    )
    for grievance in task.grievances.filter(status__in=_states("escalate")):
        apply(GRIEVANCE_FLOW, grievance, "escalate", by=by, note=reason, caused_by=escalated)
    _tell_the_parent(escalation)
    return escalation


def _tell_the_parent(escalation: Escalation) -> None:
    """The union staff of the body an item is handed up to hear of it."""
    to = escalation.to_enterprise
    recipients = list(members_who_may(to, Action.SUPERVISE))
    if recipients:
        from django.urls import reverse

        notify(
            enterprise=to,
            recipients=recipients,
            subject=gettext_lazy("Item handed up by %(name)s"),
            params={"name": escalation.from_enterprise.name},
            url=reverse("escalation_detail", args=[to.code, escalation.pk]),
            kind=MessageKind.STEP,
        )


@transaction.atomic
def escalation_hand_up(*, escalation: Escalation, by, reason: str) -> Escalation:
    """Step 6 (分级负责制): the body an item was handed up to cannot solve it either and hands
    it up to its own parent, with the reason; level by level, every level keeps seeing it and
    the answer, when it comes, goes back down to each."""
    reason = require_text(reason, _("Say why this level cannot solve it."))
    here, above = escalation.to_enterprise, escalation.to_enterprise.parent

    def has_a_parent(_locked) -> None:
        if above is None:
            raise ValidationError(_("This body has no parent body to hand the item up to."))

    data = {"from": here.name, "to": above.name if above else ""}
    apply(ESCALATION_FLOW, escalation, "hand_up", by=by, note=reason, data=data, check=has_a_parent)
    assert above is not None  # has_a_parent
    higher = Escalation.objects.create(
        task=escalation.task,
        from_enterprise=here,
        to_enterprise=above,
        reason=reason,
        created_by=by,
        handed_from=escalation,
    )
    TASK_FLOW.record(escalation.task, E.TASK_HANDED_UP_AGAIN, by=by, note=reason, data=data)
    _tell_the_parent(higher)
    return higher


@transaction.atomic
def escalation_answer(*, escalation: Escalation, by, answer: str) -> Escalation:
    """Step 6: the parent body's union answers; the answer joins the item's timeline at the
    lower level, and clock 2 starts there."""
    answer = require_text(answer, _("Write the answer."))
    fields = {"answer": answer, "answered_by": by, "answered_at": timezone.now()}
    data = {"from": escalation.to_enterprise.name}
    given = apply(
        ESCALATION_FLOW, escalation, "answer", by=by, note=answer, fields=fields, data=data
    )
    task = escalation.task
    today = _today()
    inform_due = add_working_days(today, DAYS)
    answered = apply(
        TASK_FLOW,
        task,
        "escalation_answered",
        by=by,
        note=answer,
        fields={"feedback_on": today, "inform_due": inform_due},
        data={"due": inform_due.isoformat(), "from": escalation.to_enterprise.name},
    )
    # The answer goes back down the chain: each level that handed it up reads it too.
    below = escalation.handed_from
    while below is not None:
        apply(
            ESCALATION_FLOW,
            below,
            "answered_above",
            by=by,
            note=answer,
            fields=fields,
            data=data,
            caused_by=given,
        )
        below = below.handed_from
    for grievance in task.grievances.filter(status__in=_states("escalation_answered")):
        apply(
            GRIEVANCE_FLOW,
            grievance,
            "escalation_answered",
            by=by,
            note=answer,
            caused_by=answered,
        )
    return escalation
