"""Step 3: verification, classification, the union's opinion, routing approval, answers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consult.roles import Action
from grievances.models import (
    Grievance,
    Route,
    Status,
)
from grievances.services._core import TransitionError, record, transition
from grievances.services.intake import _notify_action, _notify_requester

# ---------------------------------------------------------------------------------------------
# Step 3: verification and classification (梳理)
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def grievance_verify(*, grievance: Grievance, by, note: str = "") -> Grievance:
    """Step 3: union staff find the item authentic (辨别真伪)."""
    transition(grievance=grievance, to=Status.VERIFIED, by=by, action="verified", public=True)
    _notify_requester(grievance, str(_("Your item was accepted")))
    return grievance


@transaction.atomic
def grievance_reject(*, grievance: Grievance, by, reason: str) -> Grievance:
    """Step 3: union staff find the item unfounded or out of scope; the requester reads why."""
    if not reason.strip():
        raise ValidationError(_("Give the reason the requester will read."))
    transition(
        grievance=grievance, to=Status.REJECTED, by=by, action="rejected", note=reason, public=True
    )
    Grievance.objects.filter(pk=grievance.pk).update(public_reply=reason)
    grievance.public_reply = reason
    _notify_requester(grievance, str(_("Your item was not accepted")), reason)
    return grievance


@transaction.atomic
def grievance_merge(*, grievance: Grievance, into: Grievance, by, note: str = "") -> Grievance:
    """Step 3: a duplicate is merged into another item; its requester follows the survivor."""
    if into.pk == grievance.pk or into.enterprise_id != grievance.enterprise_id:
        raise ValidationError(_("Choose another item of the same enterprise."))
    if into.status in {Status.MERGED, Status.REJECTED, Status.WITHDRAWN}:
        raise ValidationError(_("That item is closed; merge into an open one."))
    transition(
        grievance=grievance,
        to=Status.MERGED,
        by=by,
        action="merged",
        note=note or into.number,
        public=True,
        data={"into": into.pk, "into_number": into.number},
    )
    Grievance.objects.filter(pk=grievance.pk).update(merged_into=into)
    grievance.merged_into = into
    record(grievance=into, by=by, action="absorbed", note=grievance.number)
    _notify_requester(
        grievance, str(_("Your item was merged into %(number)s")) % {"number": into.number}
    )
    return grievance


@transaction.atomic
def grievance_classify(
    *, grievance: Grievance, by, category, departments, responsible_person: str = ""
) -> Grievance:
    """Step 3 (梳理): category, handling department(s) and responsible person."""
    enterprise_id = grievance.enterprise_id
    if category is None or category.enterprise_id != enterprise_id:
        raise ValidationError(_("Choose a category of this enterprise."))
    departments = list(departments)
    if any(d.enterprise_id != enterprise_id for d in departments):
        raise ValidationError(_("A department belongs to another enterprise."))
    transition(
        grievance=grievance,
        to=Status.CLASSIFIED,
        by=by,
        action="classified",
        data={"category": category.name, "departments": [d.name for d in departments]},
        note=responsible_person,
    )
    Grievance.objects.filter(pk=grievance.pk).update(
        category=category, responsible_person=responsible_person
    )
    grievance.category = category
    grievance.responsible_person = responsible_person
    grievance.departments.set(departments)
    _notify_action(grievance, Action.SIGN_OPINION, str(_("Opinion to sign")))
    return grievance


# ---------------------------------------------------------------------------------------------
# Step 3: the union's opinion and management's approval (诉求办理意见)
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def grievance_sign_opinion(*, grievance: Grievance, by, route: str, opinion: str) -> Grievance:
    """Step 3: the union chair writes and signs the initial handling opinion."""
    if route not in Route.values:
        raise ValidationError(_("Choose how the item is to be handled."))
    if not opinion.strip():
        raise ValidationError(_("Write the opinion."))
    if route == Route.DEPARTMENT and not grievance.departments.exists():
        raise ValidationError(_("Classify the item with a handling department first."))
    transition(
        grievance=grievance,
        to=Status.OPINION_SIGNED,
        by=by,
        action="opinion_signed",
        note=opinion,
        data={"route": route},
    )
    now = timezone.now()
    Grievance.objects.filter(pk=grievance.pk).update(
        route=route, opinion=opinion, opinion_by=by, opinion_at=now
    )
    grievance.route, grievance.opinion, grievance.opinion_by, grievance.opinion_at = (
        route,
        opinion,
        by,
        now,
    )
    _notify_action(grievance, Action.APPROVE_ROUTING, str(_("Routing to approve")))
    return grievance


@transaction.atomic
def grievance_approve_routing(*, grievance: Grievance, by, note: str = "") -> Grievance:
    """Step 3: the management deputy approves the union's routing (分管负责人审批)."""
    fresh = Grievance.objects.get(pk=grievance.pk)
    to = Status.ROUTED_DEPARTMENT if fresh.route == Route.DEPARTMENT else Status.ROUTED_MEETING
    transition(grievance=grievance, to=to, by=by, action="routing_approved", note=note, public=True)
    now = timezone.now()
    Grievance.objects.filter(pk=grievance.pk).update(
        approved_by=by, approved_at=now, approval_note=note
    )
    grievance.approved_by, grievance.approved_at, grievance.approval_note = by, now, note
    if to == Status.ROUTED_DEPARTMENT:
        _notify_action(
            grievance,
            Action.ANSWER_AS_DEPARTMENT,
            str(_("Item for your department")),
            department_ids=list(grievance.departments.values_list("pk", flat=True)),
        )
    else:
        _notify_action(grievance, Action.MANAGE_MEETINGS, str(_("Item for a meeting")))
    return grievance


@transaction.atomic
def grievance_return_routing(*, grievance: Grievance, by, note: str) -> Grievance:
    """Step 3: the management deputy returns the opinion to the union with a comment."""
    if not note.strip():
        raise ValidationError(_("Say why the opinion is returned."))
    transition(grievance=grievance, to=Status.RETURNED, by=by, action="routing_returned", note=note)
    Grievance.objects.filter(pk=grievance.pk).update(
        approved_by=None, approved_at=None, approval_note=note
    )
    grievance.approval_note = note
    _notify_action(grievance, Action.SIGN_OPINION, str(_("Opinion returned")))
    return grievance


@transaction.atomic
def grievance_answer(*, grievance: Grievance, by, department, measures: str, due) -> Grievance:
    """Step 3 → 6: the department answers with measures (职能部门意见/解决措施) and a date."""
    if not grievance.departments.filter(pk=department.pk).exists():
        raise TransitionError(_("This item is not routed to your department."))
    if not measures.strip():
        raise ValidationError(_("Describe the measures."))
    transition(
        grievance=grievance,
        to=Status.ANSWERED,
        by=by,
        action="answered",
        note=measures,
        public=True,
        data={"department": department.name, "due": due.isoformat() if due else ""},
    )
    now = timezone.now()
    Grievance.objects.filter(pk=grievance.pk).update(
        answer_measures=measures, answer_due=due, answered_by=by, answered_at=now
    )
    grievance.answer_measures, grievance.answer_due = measures, due
    grievance.answered_by, grievance.answered_at = by, now
    _notify_action(grievance, Action.VERIFY_GRIEVANCE, str(_("The department answered")))
    _notify_requester(grievance, str(_("The department answered your item")), measures)
    return grievance


@transaction.atomic
def grievance_cannot_solve(*, grievance: Grievance, by, department, note: str) -> Grievance:
    """Step 3 → 4: the department cannot solve the item; it goes to the meeting path."""
    if not grievance.departments.filter(pk=department.pk).exists():
        raise TransitionError(_("This item is not routed to your department."))
    if not note.strip():
        raise ValidationError(_("Say why the department cannot solve it."))
    transition(
        grievance=grievance,
        to=Status.ROUTED_MEETING,
        by=by,
        action="department_cannot_solve",
        note=note,
        data={"department": department.name},
    )
    Grievance.objects.filter(pk=grievance.pk).update(route=Route.MEETING)
    grievance.route = Route.MEETING
    _notify_action(grievance, Action.MANAGE_MEETINGS, str(_("The department cannot solve it")))
    return grievance


@transaction.atomic
def grievance_withdraw(*, grievance: Grievance, by, note: str = "") -> Grievance:
    """Step 3: the requester withdraws the item (kept, never deleted)."""
    actor = None if grievance.is_protected and grievance.requester_id == by.pk else by
    transition(
        grievance=grievance,
        to=Status.WITHDRAWN,
        by=actor,
        action="withdrawn",
        note=note,
        public=True,
    )
    return grievance
