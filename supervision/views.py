"""Step 6 pages: the supervision queue, a task, visits, telling the requester, escalation,
bulletins and the notice of results. Views parse, check access, call a service, redirect."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consult.access import get_enterprise_for
from consult.audit import events_for
from consult.events import audit_label
from consult.messages import MSGID, PARAMS
from consult.messages import render as render_message
from consult.models import Enterprise
from consult.pagination import PAGE_SIZE, query_without_page
from consult.roles import Action
from consult.steps import run_step
from grievances.actors import Actors
from grievances.selectors import requester_label
from grievances.workflow import GRIEVANCE_FLOW
from meetings.models import Meeting
from supervision import services
from supervision.clocks import clocks_for, warning_years
from supervision.forms import (
    AnswerEscalationForm,
    EscalateForm,
    HandUpForm,
    ProgressForm,
    QueueFilterForm,
    ReportForm,
    RequireVisitsForm,
    TellForm,
    VisitForm,
)
from supervision.models import Outcome
from supervision.selectors import (
    escalations_received,
    get_escalation_for,
    get_task_for,
    notice_rows,
    sees_all_tasks,
    task_queue,
)
from supervision.workflow import ESCALATION_FLOW, TASK_FLOW

INVALID, CONFLICT = 400, 409

INFORMABLE = GRIEVANCE_FLOW.step("inform").sources  # items waiting to be told


def _task_url(task):
    return reverse("task_detail", args=[task.enterprise.code, task.pk])


# -- the queue --------------------------------------------------------------------------------


@login_required
def supervision_queue(request, code):
    access = get_enterprise_for(request.user, code)
    if not (sees_all_tasks(access) or access.may(Action.ANSWER_AS_DEPARTMENT)):
        raise PermissionDenied
    today = timezone.localdate()
    meetings = Meeting.objects.filter(enterprise=access.enterprise, tasks__isnull=False).distinct()
    form = QueueFilterForm(request.GET or None, enterprise=access.enterprise, meetings=meetings)
    filters = form.cleaned_data if form.is_valid() else {}
    department = filters.get("department")
    queue = task_queue(
        access,
        today=today,
        department=department.pk if department else None,
        clock=filters.get("clock") or "",
        overdue=bool(filters.get("overdue")),
        meeting=filters.get("meeting"),
        show=filters.get("show") or "",
    )
    # A page at a time: the clocks and rows of old, finished tasks are not worked out for
    # every visit (an enterprise keeps thousands over the years).
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    tasks = list(page.object_list)
    clocks = clocks_for(tasks, today=today)
    rows = [{"task": t, "clock1": clocks[t.pk][0], "clock2": clocks[t.pk][1]} for t in tasks]
    received = []
    if access.may(Action.SUPERVISE):
        received = list(escalations_received(access).order_by("status", "-created_at")[:50])
    return render(
        request,
        "supervision/queue.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "form": form,
            "rows": rows,
            "page": page,
            "query": query_without_page(request),
            "received": received,
            "today": today,
            "uncovered": warning_years(tasks),
        },
    )


# -- one task ---------------------------------------------------------------------------------


def _task_forms(request, access, task) -> dict:
    allowed = TASK_FLOW.allowed(access, request.user, task)
    forms = {}
    if "record_progress" in allowed:
        forms["progress"] = ProgressForm(initial={"text": task.progress})
    if "report" in allowed:
        forms["report"] = ReportForm(initial={"completed_on": timezone.localdate()})
    if "visit" in allowed:
        forms["visit"] = VisitForm(initial={"visited_on": timezone.localdate()})
    if "require_visits" in allowed:
        forms["require_visits"] = RequireVisitsForm(initial={"count": task.visits_required})
    if "tell" in allowed:
        waiting = [g for g in task.grievances.all() if g.status in INFORMABLE]
        if waiting:
            forms["tell"] = TellForm(grievances=waiting)
    if "escalate" in allowed and task.enterprise.parent_id:
        forms["escalate"] = EscalateForm(initial={"to": task.enterprise.parent_id})
    return forms


def _task_page(request, access, task, *, bound=None, status=200):
    forms = _task_forms(request, access, task)
    forms.update(bound or {})
    today = timezone.localdate()
    clock1, clock2 = clocks_for([task], today=today)[task.pk]
    served = list(task.grievances.order_by("id"))
    items = [{"g": g, "requester": requester_label(g, access, request.user)} for g in served]
    actors = Actors(served, access, request.user)
    timeline = [
        (e, audit_label(e.action), actors.name(e.actor, e.action), _event_note(e))
        for e in events_for(task).order_by("created_at", "id")
    ]
    return render(
        request,
        "supervision/task.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "task": task,
            "items": items,
            "visits": list(task.visits.all()),
            "told": list(task.told.select_related("grievance")),
            "escalations": list(task.escalations.select_related("to_enterprise")),
            "clock1": clock1,
            "clock2": clock2,
            "timeline": timeline,
            "forms": forms,
            "co_departments": list(task.co_departments.all()),
            "uncovered": warning_years([task]),
            "staff": sees_all_tasks(access),
        },
        status=status,
    )


@login_required
def task_detail(request, code, pk):
    access, task = get_task_for(request.user, code, pk)
    return _task_page(request, access, task)


def _event_note(event) -> str:
    """The note, or the source meeting's number in the reader's language."""
    meeting = (event.data or {}).get("meeting")
    return render_message(meeting[MSGID], meeting[PARAMS]) if meeting else event.note


def _run(request, access, task, step, name, form, call):
    """The task's step through the one step runner (consult.steps): 403/409/400, nothing
    saved; on success what happened and who acts next."""
    return run_step(
        request,
        flow=TASK_FLOW,
        access=access,
        obj=task,
        step=step,
        form=form,
        call=call,
        page=lambda bound, status: _task_page(
            request, access, task, bound={name: bound} if bound is not None else None, status=status
        ),
        said=lambda data, _result: _said(step, task, data),
        to=_task_url(task),
    )


def _said(step: str, task, data) -> str:
    """What a step did and who acts next, for the message above the task's page."""
    if step == "record_progress":
        return _("Progress recorded; the union's supervisors see it. Report the result when done.")
    if step == "report" and data["outcome"] == "impossible":
        return _(
            "Reported to the union that the task cannot be carried out now. Next: the union "
            "tells the requester, or hands the task up to the parent body."
        )
    if step == "report":
        return _(
            "Result reported to the union. Next: the union tells the requester within 3 "
            "working days."
        )
    if step == "visit":
        return _("Tracking visit of %(day)s recorded in the tracking table (%(found)s).") % {
            "day": formats.date_format(data["visited_on"]),
            "found": Outcome(data["status"]).label,
        }
    if step == "require_visits":
        return _("This item now needs %(n)d tracking visit(s) before the requester is told.") % {
            "n": data["count"]
        }
    if step == "tell":
        return _(
            "The requester was told the result. Next: the satisfaction survey asks whether "
            "they are satisfied."
        )
    return _("Handed up to the parent body, which answers; the task stays on both levels' lists.")


def _department(access):
    return access.membership.department if access.membership else None


@require_POST
@login_required
def task_progress(request, code, pk):
    access, task = get_task_for(request.user, code, pk, action=Action.ANSWER_AS_DEPARTMENT)
    return _run(
        request,
        access,
        task,
        "record_progress",
        "progress",
        ProgressForm(request.POST),
        lambda d: services.task_record_progress(
            task=task, by=request.user, department=_department(access), text=d["text"]
        ),
    )


@require_POST
@login_required
def task_report(request, code, pk):
    access, task = get_task_for(request.user, code, pk, action=Action.ANSWER_AS_DEPARTMENT)
    return _run(
        request,
        access,
        task,
        "report",
        "report",
        ReportForm(request.POST),
        lambda d: services.task_report(
            task=task,
            by=request.user,
            department=_department(access),
            outcome=d["outcome"],
            text=d["text"],
            completed_on=d["completed_on"],
        ),
    )


@require_POST
@login_required
def task_visit(request, code, pk):
    access, task = get_task_for(request.user, code, pk, action=Action.SUPERVISE)
    return _run(
        request,
        access,
        task,
        "visit",
        "visit",
        VisitForm(request.POST),
        lambda d: services.visit_record(task=task, by=request.user, **d),
    )


@require_POST
@login_required
def task_require_visits(request, code, pk):
    access, task = get_task_for(request.user, code, pk, action=Action.SUPERVISE)
    return _run(
        request,
        access,
        task,
        "require_visits",
        "require_visits",
        RequireVisitsForm(request.POST),
        lambda d: services.task_require_visits(task=task, by=request.user, count=d["count"]),
    )


@require_POST
@login_required
def task_tell(request, code, pk):
    access, task = get_task_for(request.user, code, pk, action=Action.SUPERVISE)
    grievances = {g.pk: g for g in task.grievances.all()}
    form = TellForm(request.POST, grievances=grievances.values())
    return _run(
        request,
        access,
        task,
        "tell",
        "tell",
        form,
        lambda d: services.requester_tell(
            task=task,
            grievance=grievances[d["grievance"]],
            by=request.user,
            method=d["method"],
            text=d["text"],
        ),
    )


@require_POST
@login_required
def task_escalate(request, code, pk):
    access, task = get_task_for(request.user, code, pk, action=Action.SUPERVISE)
    return _run(
        request,
        access,
        task,
        "escalate",
        "escalate",
        EscalateForm(request.POST),
        lambda d: services.task_escalate(
            task=task,
            by=request.user,
            to_enterprise=Enterprise.objects.filter(pk=d["to"]).first(),
            reason=d["reason"],
        ),
    )


# -- the tracking table -----------------------------------------------------------------------


# -- escalations ------------------------------------------------------------------------------


def _escalation_page(request, access, escalation, *, form=None, hand_up=None, status=200):
    task = escalation.task
    answering = ESCALATION_FLOW.may(access, request.user, escalation, "answer")
    may_hand_up = (
        ESCALATION_FLOW.may(access, request.user, escalation, "hand_up")
        and access.enterprise.parent_id is not None
    )
    served = list(task.grievances.order_by("id"))
    actors = Actors(served, access, request.user)
    timeline = [
        (e, audit_label(e.action), actors.name(e.actor, e.action))
        for e in events_for(escalation).order_by("created_at", "id")
    ]
    return render(
        request,
        "supervision/escalation.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "escalation": escalation,
            "task": task,
            # The parent body sees the matter, never who raised it (as within one enterprise
            # for anyone outside the union office).
            "items": served,
            "timeline": timeline,
            "visits": list(task.visits.all()),
            "form": (form or AnswerEscalationForm()) if answering else None,
            "hand_up": (hand_up or HandUpForm()) if may_hand_up else None,
            "parent": access.enterprise.parent if may_hand_up else None,
            # Every level the item went through, from the enterprise that raised it up.
            "chain": list(
                task.escalations.select_related("from_enterprise", "to_enterprise").order_by(
                    "created_at", "id"
                )
            ),
        },
        status=status,
    )


@login_required
def escalation_detail(request, code, pk):
    access, escalation = get_escalation_for(request.user, code, pk)
    return _escalation_page(request, access, escalation)


def _escalation_step(request, access, escalation, step, form, call, said):
    def page(bound, status):
        kept = {("form" if step == "answer" else "hand_up"): bound} if bound is not None else {}
        return _escalation_page(request, access, escalation, status=status, **kept)

    return run_step(
        request,
        flow=ESCALATION_FLOW,
        access=access,
        obj=escalation,
        step=step,
        form=form,
        call=call,
        page=page,
        said=said,
        to=reverse("escalation_detail", args=[access.enterprise.code, escalation.pk]),
    )


@require_POST
@login_required
def escalation_answer(request, code, pk):
    access, escalation = get_escalation_for(request.user, code, pk)
    return _escalation_step(
        request,
        access,
        escalation,
        "answer",
        AnswerEscalationForm(request.POST),
        lambda d: services.escalation_answer(
            escalation=escalation, by=request.user, answer=d["answer"]
        ),
        lambda _d, _r: (
            _("Your answer was sent to %(name)s, whose union tells the requester.")
            % {"name": escalation.task.enterprise.name}
        ),
    )


@require_POST
@login_required
def escalation_hand_up(request, code, pk):
    """分级负责制: the body the item was handed up to hands it up to its own parent."""
    access, escalation = get_escalation_for(request.user, code, pk)
    return _escalation_step(
        request,
        access,
        escalation,
        "hand_up",
        HandUpForm(request.POST),
        lambda d: services.escalation_hand_up(
            escalation=escalation, by=request.user, reason=d["reason"]
        ),
        lambda _d, higher: (
            _("Handed up to %(name)s; this page shows their answer when it comes.")
            % {"name": higher.to_enterprise.name}
        ),
    )


@login_required
def supervision_notice(request, code):
    """公示: the decided matters of issued bulletins and their results, with no requester."""
    access = get_enterprise_for(request.user, code)
    return render(
        request,
        "supervision/notice.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "notice": {"rows": notice_rows(access.enterprise), "under_title": True},
        },
    )
