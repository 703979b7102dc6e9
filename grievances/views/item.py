"""One item's page with its timeline and the forms of the steps the user may take.
Views parse, check access, call a service and redirect; they never change a status themselves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consult.roles import Action
from consult.steps import run_step
from grievances import services
from grievances.actors import Actors
from grievances.events import GrievanceEventType, event_label
from grievances.forms import (
    AnswerForm,
    ApprovalForm,
    ClassifyForm,
    NoteForm,
    OpinionForm,
    UnionDecisionForm,
    VerifyForm,
)
from grievances.next_actors import next_actors, waits_here
from grievances.sections import detail_sections, has_part
from grievances.selectors import (
    ITEM_PREFETCH,
    answering_department,
    deadline_of,
    get_grievance_for,
    headless_departments,
    headless_warning,
    read_signers,
    requester_display,
    sees_uncleared_attachments,
    visible_attachments,
)
from grievances.suggestions import suggest_categories
from grievances.timeline import ALL_EVENTS, timeline_of
from grievances.views._common import _detail_url
from grievances.workflow import FORMS, GRIEVANCE_FLOW, offered_forms

# --------------------------------------------------------------------------------------------
# One item
# --------------------------------------------------------------------------------------------


def _available_forms(request, access, grievance, departments) -> dict:
    offered = offered_forms(access, request.user, grievance)
    forms: dict = {}
    if "verify" in offered:
        forms["verify"] = VerifyForm(grievance=grievance)
    if "classify" in offered:
        forms["classify"] = ClassifyForm(
            enterprise=access.enterprise,
            initial={
                "category": grievance.category_id,
                "departments": [d.pk for d in departments],
                "responsible_person": grievance.responsible_person,
            },
        )
    if "opinion" in offered:
        forms["opinion"] = OpinionForm(
            initial={"route": grievance.route, "opinion": grievance.opinion}
        )
    if "approval" in offered:
        forms["approval"] = ApprovalForm()
    if "answer" in offered:
        forms["answer"] = AnswerForm()
    if "union_decision" in offered:
        forms["union_decision"] = UnionDecisionForm(may_send_back=_may_send_back(grievance))
    if "withdraw" in offered:
        forms["withdraw"] = NoteForm()
    return forms


def _detail(request, access, grievance, *, bound: dict | None = None, status: int = 200):
    staff = access.may(Action.VIEW_ALL_GRIEVANCES) or access.may(Action.ANSWER_AS_DEPARTMENT)
    # Read once for the page, the answers' list (staff) and who acts next (next_actors).
    prefetch_related_objects([grievance], *(ITEM_PREFETCH if staff else ITEM_PREFETCH[:1]))
    departments = list(grievance.departments.all())
    forms = _available_forms(request, access, grievance, departments)
    forms.update(bound or {})
    shown = timeline_of(
        grievance, public_only=not staff, show_all=request.GET.get("events") == ALL_EVENTS
    )
    # Who signed and approved usually took those steps on the timeline: not read again.
    read_signers(grievance, known=[e.actor for e in shown.events])
    requester = requester_display(grievance, access, request.user, context="detail")
    actors = Actors([grievance], access, request.user, context="detail")
    timeline = [(e, event_label(e.action), actors.name(e.actor, e.action)) for e in shown.events]
    sees_uncleared = sees_uncleared_attachments(grievance, access, request.user)
    if not sees_uncleared:
        # An upload's event names the file, which may identify the requester.
        timeline = [
            (e, label, actor)
            if e.action != GrievanceEventType.ATTACHMENT_ADDED
            else (_without_note(e), label, actor)
            for e, label, actor in timeline
        ]
    return render(
        request,
        "grievances/detail.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "grievance": grievance,
            "requester": requester,
            "timeline": timeline,
            "earlier_events": shown.earlier,
            "forms": forms,
            "attachments": visible_attachments(grievance, access, request.user)
            if has_part(grievance, "attachments")
            else [],
            # Union staff who may see the requester clear uploads of identifying content.
            "may_clear": sees_uncleared and access.may(Action.VERIFY_GRIEVANCE),
            "departments": departments,
            "merged_items": grievance.merged_items.all()
            if staff and has_part(grievance, "merged_items")
            else [],
            # Each handling department's answer (staff and departments; not the requester).
            "answers": [(a, actors.name(a.answered_by)) for a in grievance.department_answers.all()]
            if staff
            else [],
            "opinion_by": actors.name(grievance.opinion_by),
            "approved_by": actors.name(grievance.approved_by),
            "suggestions": suggest_categories(grievance) if "classify" in forms else [],
            "staff": staff,
            "sections": detail_sections(request, access, grievance),
            "next_text": next_text(grievance),
            "headless": _headless(access, grievance, departments),
            "deadline": deadline_of(grievance),
            # Forms of steps the item does not wait for (classifying again) start folded.
            "folded": {
                name
                for name in forms
                if name not in (bound or {})
                and not any(waits_here(step, grievance.status) for step in FORMS[name])
            },
        },
        status=status,
    )


def _headless(access, grievance, departments: list) -> str:
    """The warning for those who route the item, on its page (one query)."""
    if not (access.may(Action.VERIFY_GRIEVANCE) or access.may(Action.APPROVE_ROUTING)):
        return ""
    headless = headless_departments(grievance, departments) if departments else []
    return headless_warning(headless) if headless else ""


def _without_note(event):
    event.note = ""
    return event


@login_required
def grievance_detail(request, code, pk):
    access, grievance = get_grievance_for(request.user, code, pk, parts=True)
    return _detail(request, access, grievance)


def _run(request, access, grievance, name, form, call, *, step=None, choose=None):
    """The page's form `name` through the one step runner (consult.steps): the table first
    (403/409), then the form (400), the service, the message and the redirect. A form that
    offers several steps passes their names and `choose`, the step its posted data takes."""

    def page(bound, status):
        return _detail(
            request,
            access,
            grievance,
            bound={name: bound} if bound is not None else None,
            status=status,
        )

    def said(_data, _result):
        grievance.refresh_from_db()
        return after_step_message(grievance)

    response = run_step(
        request,
        flow=GRIEVANCE_FLOW,
        access=access,
        obj=grievance,
        step=step or FORMS[name],
        choose=choose,
        form=form,
        call=call,
        page=page,
        said=said,
        to=_detail_url(grievance),
    )
    if response.status_code == 302 and name in ("classify", "approval"):
        warn_headless(request, grievance)
    return response


def warn_headless(request, grievance) -> None:
    """Routing to a department nobody can open (issue 18 point 9): say so when classifying
    and approving, as the meeting's participants proposal does."""
    departments = headless_departments(grievance)
    if departments:
        messages.warning(request, headless_warning(departments))


def next_text(grievance) -> str:
    """ "Next: <who> (<what>)" from the step table, or that nothing more waits."""
    actors = next_actors(grievance)
    if not actors:
        return _("Nothing more waits on this item.")
    return _("Next: %(next)s.") % {"next": "；".join(str(a) for a in actors)}


def after_step_message(grievance) -> str:
    """What the step did (its event's label) and who acts next."""
    last = grievance.events.order_by("-created_at", "-id").first()
    done = event_label(last.action) if last else grievance.get_status_display()
    return _("%(done)s. %(next)s") % {"done": done, "next": next_text(grievance)}


@require_POST
@login_required
def grievance_verify(request, code, pk):
    access, grievance = get_grievance_for(request.user, code, pk, action=Action.VERIFY_GRIEVANCE)
    form = VerifyForm(request.POST, grievance=grievance)

    def call(data):
        if data["outcome"] == VerifyForm.AUTHENTIC:
            services.grievance_verify(grievance=grievance, by=request.user)
        elif data["outcome"] == VerifyForm.UNFOUNDED:
            services.grievance_reject(grievance=grievance, by=request.user, reason=data["reason"])
        else:
            services.grievance_merge(
                grievance=grievance,
                into=data["duplicate_of"],
                by=request.user,
                note=data["reason"],
            )

    return _run(
        request,
        access,
        grievance,
        "verify",
        form,
        call,
        step=("verify", "reject", "merge"),
        choose=lambda d: {VerifyForm.AUTHENTIC: "verify", VerifyForm.UNFOUNDED: "reject"}.get(
            d["outcome"], "merge"
        ),
    )


@require_POST
@login_required
def grievance_classify(request, code, pk):
    access, grievance = get_grievance_for(request.user, code, pk, action=Action.VERIFY_GRIEVANCE)
    form = ClassifyForm(request.POST, enterprise=access.enterprise)
    return _run(
        request,
        access,
        grievance,
        "classify",
        form,
        lambda d: services.grievance_classify(
            grievance=grievance,
            by=request.user,
            category=d["category"],
            departments=d["departments"],
            responsible_person=d["responsible_person"],
        ),
    )


@require_POST
@login_required
def grievance_opinion(request, code, pk):
    access, grievance = get_grievance_for(request.user, code, pk, action=Action.SIGN_OPINION)
    form = OpinionForm(request.POST)
    return _run(
        request,
        access,
        grievance,
        "opinion",
        form,
        lambda d: services.grievance_sign_opinion(
            grievance=grievance, by=request.user, route=d["route"], opinion=d["opinion"]
        ),
    )


@require_POST
@login_required
def grievance_approval(request, code, pk):
    access, grievance = get_grievance_for(request.user, code, pk, action=Action.APPROVE_ROUTING)
    form = ApprovalForm(request.POST)

    def call(data):
        if data["decision"] == ApprovalForm.APPROVE:
            services.grievance_approve_routing(
                grievance=grievance, by=request.user, note=data["note"]
            )
        else:
            services.grievance_return_routing(
                grievance=grievance, by=request.user, note=data["note"]
            )

    return _run(
        request,
        access,
        grievance,
        "approval",
        form,
        call,
        choose=lambda d: (
            "approve_routing" if d["decision"] == ApprovalForm.APPROVE else "return_routing"
        ),
    )


@require_POST
@login_required
def grievance_answer(request, code, pk):
    access, grievance = get_grievance_for(
        request.user, code, pk, action=Action.ANSWER_AS_DEPARTMENT
    )
    form = AnswerForm(request.POST)

    def call(data):
        # The table's condition (routed to my department, not answered yet) held.
        department = answering_department(access, grievance)
        if data["outcome"] == AnswerForm.MEASURES:
            services.grievance_answer(
                grievance=grievance,
                by=request.user,
                department=department,
                measures=data["measures"],
                due=data["due"],
            )
        else:
            services.grievance_cannot_solve(
                grievance=grievance, by=request.user, department=department, note=data["measures"]
            )

    return _run(
        request,
        access,
        grievance,
        "answer",
        form,
        call,
        choose=lambda d: "answer" if d["outcome"] == AnswerForm.MEASURES else "cannot_solve",
    )


def _may_send_back(grievance) -> bool:
    return grievance.status in GRIEVANCE_FLOW.step("return_to_departments").sources


@require_POST
@login_required
def grievance_union_decision(request, code, pk):
    access, grievance = get_grievance_for(request.user, code, pk, action=Action.SIGN_OPINION)
    form = UnionDecisionForm(request.POST, may_send_back=_may_send_back(grievance))

    def call(data):
        if data["decision"] == UnionDecisionForm.MEETING:
            services.grievance_refer_to_meeting(
                grievance=grievance, by=request.user, note=data["note"]
            )
        else:
            services.grievance_return_to_departments(
                grievance=grievance, by=request.user, note=data["note"]
            )

    return _run(
        request,
        access,
        grievance,
        "union_decision",
        form,
        call,
        choose=lambda d: (
            "refer_to_meeting"
            if d["decision"] == UnionDecisionForm.MEETING
            else "return_to_departments"
        ),
    )


@require_POST
@login_required
def grievance_withdraw(request, code, pk):
    access, grievance = get_grievance_for(request.user, code, pk)
    form = NoteForm(request.POST)
    return _run(
        request,
        access,
        grievance,
        "withdraw",
        form,
        lambda d: services.grievance_withdraw(grievance=grievance, by=request.user, note=d["note"]),
    )
