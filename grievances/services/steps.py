"""Step 3: verification, classification, the union's opinion, routing approval, answers.

Each service takes one step of `grievances.workflow.GRIEVANCE_FLOW` through
`consult.workflow.apply`, which locks the item, checks the move, writes the fields and the
event, and notifies whoever the table names.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consult.workflow import StepRefused, apply, lock
from grievances.models import DepartmentAnswer, Grievance, Route
from grievances.services._core import record
from grievances.workflow import ALREADY_ANSWERED, ENDED_STATES, GRIEVANCE_FLOW, current_answers

FLOW = GRIEVANCE_FLOW


def _require_text(text: str, message) -> None:
    if not text.strip():
        raise ValidationError(message)


@transaction.atomic
def grievance_verify(*, grievance: Grievance, by, note: str = "") -> Grievance:
    """Step 3: union staff find the item authentic (辨别真伪)."""
    apply(FLOW, grievance, "verify", by=by, note=note)
    return grievance


@transaction.atomic
def grievance_reject(*, grievance: Grievance, by, reason: str) -> Grievance:
    """Step 3: union staff find the item unfounded or out of scope; the requester reads why."""
    _require_text(reason, _("Give the reason the requester will read."))
    apply(FLOW, grievance, "reject", by=by, note=reason, fields={"public_reply": reason})
    return grievance


@transaction.atomic
def grievance_merge(*, grievance: Grievance, into: Grievance, by, note: str = "") -> Grievance:
    """Step 3: a duplicate is merged into another item; its requester follows the survivor."""
    if into.pk == grievance.pk or into.enterprise_id != grievance.enterprise_id:
        raise ValidationError(_("Choose another item of the same enterprise."))
    if into.status in ENDED_STATES:
        raise ValidationError(_("That item is closed; merge into an open one."))
    apply(
        FLOW,
        grievance,
        "merge",
        by=by,
        note=note or into.number,
        fields={"merged_into": into},
        data={"into": into.pk, "into_number": into.number},
    )
    record(grievance=into, by=by, action="absorbed", note=grievance.number)
    return grievance


def _check_departments(enterprise_id: int, departments) -> list:
    departments = list(departments)
    if any(d.enterprise_id != enterprise_id for d in departments):
        raise ValidationError(_("A department belongs to another enterprise."))
    return departments


@transaction.atomic
def grievance_classify(
    *, grievance: Grievance, by, category, departments, responsible_person: str = ""
) -> Grievance:
    """Step 3 (梳理): category, handling department(s) and responsible person."""
    if category is None or category.enterprise_id != grievance.enterprise_id:
        raise ValidationError(_("Choose a category of this enterprise."))
    departments = _check_departments(grievance.enterprise_id, departments)
    # The departments are set first so the step's notices and event see them.
    grievance.departments.set(departments)
    apply(
        FLOW,
        grievance,
        "classify",
        by=by,
        note=responsible_person,
        fields={"category": category, "responsible_person": responsible_person},
        data={"category": category.name, "departments": [d.name for d in departments]},
    )
    return grievance


@transaction.atomic
def grievance_sign_opinion(*, grievance: Grievance, by, route: str, opinion: str) -> Grievance:
    """Step 3: the union chair writes and signs the initial handling opinion."""
    if route not in Route.values:
        raise ValidationError(_("Choose how the item is to be handled."))
    _require_text(opinion, _("Write the opinion."))
    if route == Route.DEPARTMENT and not grievance.departments.exists():
        raise ValidationError(_("Classify the item with a handling department first."))
    apply(
        FLOW,
        grievance,
        "sign_opinion",
        by=by,
        note=opinion,
        fields={"route": route, "opinion": opinion, "opinion_by": by, "opinion_at": timezone.now()},
        data={"route": route},
    )
    return grievance


@transaction.atomic
def grievance_approve_routing(*, grievance: Grievance, by, note: str = "") -> Grievance:
    """Step 3: the management deputy approves the union's routing (分管负责人审批)."""
    fields = {"approved_by": by, "approved_at": timezone.now(), "approval_note": note}
    apply(FLOW, grievance, "approve_routing", by=by, note=note, fields=fields)
    return grievance


@transaction.atomic
def grievance_return_routing(*, grievance: Grievance, by, note: str) -> Grievance:
    """Step 3: the management deputy returns the opinion to the union with a comment."""
    _require_text(note, _("Say why the opinion is returned."))
    fields = {"approved_by": None, "approved_at": None, "approval_note": note}
    apply(FLOW, grievance, "return_routing", by=by, note=note, fields=fields)
    return grievance


def _routed_to(department):
    def check(locked: Grievance) -> None:
        if department is None or not locked.departments.filter(pk=department.pk).exists():
            raise StepRefused(_("This item is not routed to your department."))

    return check


def _department_answer(
    *, grievance: Grievance, by, department, step: str, outcome: str, text: str, due
) -> Grievance:
    """Record one department's answer and take the step; the item moves on (answered, or
    waiting for the union's decision) once every handling department has answered."""
    locked = lock(FLOW, grievance, step)
    _routed_to(department)(locked)
    if current_answers(locked).filter(department=department).exists():
        raise StepRefused(ALREADY_ANSWERED)
    now = timezone.now()
    DepartmentAnswer.objects.create(
        grievance=grievance,
        department=department,
        outcome=outcome,
        text=text,
        due=due,
        answered_by=by,
        answered_at=now,
    )
    answers = list(current_answers(locked).select_related("department").order_by("department"))
    measures = [a for a in answers if not a.cannot_solve]
    dues = [a.due for a in measures if a.due]
    several = locked.departments.count() > 1
    fields = {
        # What supervision's task reads (step 6): every department's measures, the last date.
        "answer_measures": "\n".join(
            f"{a.department.name}：{a.text}" if several else a.text for a in measures
        ),
        "answer_due": max(dues) if dues else None,
        "answered_by": by,
        "answered_at": now,
    }
    apply(
        FLOW,
        grievance,
        step,
        by=by,
        note=text,
        fields=fields,
        data={"department": department.name, "due": due.isoformat() if due else ""},
    )
    return grievance


@transaction.atomic
def grievance_answer(*, grievance: Grievance, by, department, measures: str, due) -> Grievance:
    """Step 3 → 6: a department answers with measures (职能部门意见/解决措施) and a date."""
    _require_text(measures, _("Describe the measures."))
    return _department_answer(
        grievance=grievance,
        by=by,
        department=department,
        step="answer",
        outcome=DepartmentAnswer.Outcome.MEASURES,
        text=measures,
        due=due,
    )


@transaction.atomic
def grievance_cannot_solve(*, grievance: Grievance, by, department, note: str) -> Grievance:
    """Step 3: a department cannot solve the item and says why, signed; once every department
    answered, the union decides whether it goes to a meeting (never automatically)."""
    _require_text(note, _("Say why the department cannot solve it."))
    return _department_answer(
        grievance=grievance,
        by=by,
        department=department,
        step="cannot_solve",
        outcome=DepartmentAnswer.Outcome.CANNOT_SOLVE,
        text=note,
        due=None,
    )


@transaction.atomic
def grievance_refer_to_meeting(*, grievance: Grievance, by, note: str) -> Grievance:
    """Step 3 → 4: the union, after talking with management, sends the item to a consultation
    meeting: a department cannot solve it, or the union finds the answer inadequate."""
    _require_text(note, _("Say what the union and management agreed and why it goes to a meeting."))
    apply(FLOW, grievance, "refer_to_meeting", by=by, note=note, fields={"route": Route.MEETING})
    return grievance


@transaction.atomic
def grievance_return_to_departments(*, grievance: Grievance, by, note: str) -> Grievance:
    """Step 3: the union, after talking with management, sends a cannot-solve item back to
    the departments that could not solve it; their answers are kept, superseded."""
    _require_text(note, _("Say what the union and management agreed for the department."))
    locked = lock(FLOW, grievance, "return_to_departments")
    current_answers(locked).filter(outcome=DepartmentAnswer.Outcome.CANNOT_SOLVE).update(
        superseded_at=timezone.now()
    )
    apply(FLOW, grievance, "return_to_departments", by=by, note=note)
    return grievance


@transaction.atomic
def grievance_withdraw(*, grievance: Grievance, by, note: str = "") -> Grievance:
    """Step 3: the requester withdraws the item (kept, never deleted)."""
    # A protected requester's account must not show up as the actor of the item's events.
    actor = None if grievance.is_protected and grievance.requester_id == by.pk else by
    apply(FLOW, grievance, "withdraw", by=actor, note=note)
    return grievance
