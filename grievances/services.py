"""Every change of a grievance's or topic's status (step 3, and the meeting path's hand-offs).

Each function is keyword-only, runs in a transaction, checks the allowed transitions in
`TRANSITIONS`/`TOPIC_TRANSITIONS`, and writes one event row. Views and admin call these;
nothing else sets `status`.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consult.audit import notify
from consult.audit import record_event as record_audit
from consult.models import Membership, display_name
from consult.numbering import next_number
from consult.roles import ROLE_ACTIONS, Action
from grievances.models import (
    Attachment,
    CollectionRegister,
    Disclosure,
    Grievance,
    GrievanceCounter,
    GrievanceEvent,
    IntakeChannel,
    Kind,
    RegisterRow,
    Route,
    Status,
    Topic,
)

User = get_user_model()


class TransitionError(Exception):
    """The requested change does not follow from the item's current status."""

    def __init__(self, message=None):
        super().__init__(message or _("This step is not possible in the item's current status."))


# Allowed transitions: from status → set of target statuses.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SUBMITTED: frozenset(
        {Status.VERIFIED, Status.REJECTED, Status.MERGED, Status.WITHDRAWN}
    ),
    Status.VERIFIED: frozenset(
        {Status.CLASSIFIED, Status.REJECTED, Status.MERGED, Status.WITHDRAWN}
    ),
    Status.CLASSIFIED: frozenset(
        {Status.CLASSIFIED, Status.OPINION_SIGNED, Status.MERGED, Status.WITHDRAWN}
    ),
    Status.OPINION_SIGNED: frozenset(
        {Status.ROUTED_DEPARTMENT, Status.ROUTED_MEETING, Status.RETURNED, Status.WITHDRAWN}
    ),
    Status.RETURNED: frozenset({Status.CLASSIFIED, Status.OPINION_SIGNED, Status.WITHDRAWN}),
    Status.ROUTED_DEPARTMENT: frozenset({Status.ANSWERED, Status.ROUTED_MEETING}),
    Status.ROUTED_MEETING: frozenset({Status.IN_MEETING}),
    Status.IN_MEETING: frozenset({Status.DECIDED, Status.ROUTED_MEETING}),
    Status.ANSWERED: frozenset({Status.CLOSED}),
    Status.DECIDED: frozenset({Status.CLOSED}),
    Status.REJECTED: frozenset(),
    Status.MERGED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.CLOSED: frozenset(),
}

TOPIC_TRANSITIONS: dict[str, frozenset[str]] = {
    Topic.Status.OPEN: frozenset({Topic.Status.QUEUED, Topic.Status.CLOSED}),
    Topic.Status.QUEUED: frozenset({Topic.Status.SCHEDULED, Topic.Status.OPEN}),
    Topic.Status.SCHEDULED: frozenset({Topic.Status.DECIDED, Topic.Status.QUEUED}),
    Topic.Status.DECIDED: frozenset({Topic.Status.CLOSED}),
    Topic.Status.CLOSED: frozenset(),
}


def next_serial(*, enterprise, year: int) -> int:
    """The next grievance serial of the enterprise and year (see consult.numbering)."""
    return next_number(GrievanceCounter, enterprise=enterprise, year=year)


def transition(
    *,
    grievance: Grievance,
    to: str,
    by,
    action: str,
    note: str = "",
    public: bool = False,
    data: dict | None = None,
) -> GrievanceEvent:
    """Move `grievance` to `to` and write its event. Call inside a service's transaction.

    The row is re-read under a lock so two requests cannot both make the same step.
    """
    locked = Grievance.objects.select_for_update().get(pk=grievance.pk)
    if to not in TRANSITIONS.get(locked.status, frozenset()):
        raise TransitionError()
    before = locked.status
    Grievance.objects.filter(pk=locked.pk).update(status=to)
    grievance.status = to
    return GrievanceEvent.objects.create(
        grievance=grievance,
        actor=by if by is not None and by.is_authenticated else None,
        action=action,
        from_status=before,
        to_status=to,
        note=note,
        public=public,
        data=data or {},
    )


def record(
    *,
    grievance: Grievance,
    by,
    action: str,
    note: str = "",
    public: bool = False,
    data: dict | None = None,
) -> GrievanceEvent:
    """An event that changes no status (a reply, an attachment, a reclassification note)."""
    return GrievanceEvent.objects.create(
        grievance=grievance,
        actor=by if by is not None and by.is_authenticated else None,
        action=action,
        from_status=grievance.status,
        to_status=grievance.status,
        note=note,
        public=public,
        data=data or {},
    )


def _topic_move(topic: Topic, to: str) -> str:
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    if to not in TOPIC_TRANSITIONS.get(locked.status, frozenset()):
        raise TransitionError()
    before = locked.status
    Topic.objects.filter(pk=topic.pk).update(status=to)
    topic.status = to
    return before


def _topic_and_grievances(
    *,
    topic: Topic,
    by,
    to: str,
    grievances_from: str,
    grievances_to: str,
    action: str,
    note: str,
    public: bool,
) -> Topic:
    _topic_move(topic, to)
    for grievance in topic.grievances.filter(status=grievances_from):
        transition(
            grievance=grievance,
            to=grievances_to,
            by=by,
            action=action,
            note=note,
            public=public,
        )
    return topic


@transaction.atomic
def topic_schedule(*, topic: Topic, by, meeting_label: str) -> Topic:
    """Steps 4–5: the topic goes onto a meeting's agenda; its grievances follow."""
    return _topic_and_grievances(
        topic=topic,
        by=by,
        to=Topic.Status.SCHEDULED,
        grievances_from=Status.ROUTED_MEETING,
        grievances_to=Status.IN_MEETING,
        action="put_on_agenda",
        note=meeting_label,
        public=True,
    )


@transaction.atomic
def topic_unschedule(*, topic: Topic, by, meeting_label: str) -> Topic:
    """Steps 4–5: the topic is taken off an agenda and waits for another meeting."""
    return _topic_and_grievances(
        topic=topic,
        by=by,
        to=Topic.Status.QUEUED,
        grievances_from=Status.IN_MEETING,
        grievances_to=Status.ROUTED_MEETING,
        action="taken_off_agenda",
        note=meeting_label,
        public=False,
    )


@transaction.atomic
def topic_decide(*, topic: Topic, by, note: str) -> Topic:
    """Step 5: the meeting decided the topic (minutes finalised); its grievances follow."""
    return _topic_and_grievances(
        topic=topic,
        by=by,
        to=Topic.Status.DECIDED,
        grievances_from=Status.IN_MEETING,
        grievances_to=Status.DECIDED,
        action="decided",
        note=note,
        public=True,
    )


# ---------------------------------------------------------------------------------------------
# Step 3: intake
# ---------------------------------------------------------------------------------------------


class DuplicateSubmission(Exception):
    def __init__(self, grievance):
        super().__init__("duplicate submission")
        self.grievance = grievance


# Receipt codes avoid letters and digits that are easily confused (0/O, 1/I/L).
_RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _random(length: int) -> str:
    return "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(length))


def _users_who_may(enterprise, action: str, *, department_ids=None):
    roles = [role for role, actions in ROLE_ACTIONS.items() if action in actions]
    qs = User.objects.filter(
        memberships__enterprise=enterprise,
        memberships__is_active=True,
        memberships__roles__role__in=roles,
        is_active=True,
    )
    if department_ids is not None:
        qs = qs.filter(memberships__department_id__in=department_ids)
    return list(qs.distinct())


def _url(grievance: Grievance) -> str:
    return reverse("grievance_detail", args=[grievance.enterprise.code, grievance.pk])


def _notify_action(grievance: Grievance, action: str, subject: str, **kwargs) -> None:
    recipients = _users_who_may(grievance.enterprise, action, **kwargs)
    if recipients:
        notify(
            enterprise=grievance.enterprise,
            recipients=recipients,
            subject=f"{grievance.number} {subject}",
            url=_url(grievance),
        )


def _notify_requester(grievance: Grievance, subject: str, body: str = "") -> None:
    if grievance.requester_id:
        notify(
            enterprise=grievance.enterprise,
            recipients=[grievance.requester],
            subject=f"{grievance.number} {subject}",
            body=body,
            url=_url(grievance),
        )


def _create(
    *,
    enterprise,
    by,
    token: str | None,
    action: str,
    note: str = "",
    attachments=(),
    **fields,
) -> Grievance:
    """Number and save a new grievance with its first event (inside the caller's transaction).

    A repeated form token returns the grievance the first post created (`DuplicateSubmission`).
    """
    if token:
        existing = Grievance.objects.filter(submission_token=token).first()
        if existing is not None:
            raise DuplicateSubmission(existing)
    received_at = fields.pop("received_at", None) or timezone.now()
    year = timezone.localtime(received_at).year
    serial = next_serial(enterprise=enterprise, year=year)
    if token and Grievance.objects.filter(submission_token=token).exists():
        # Another request with the same token committed while we waited for the number lock.
        raise DuplicateSubmission(Grievance.objects.get(submission_token=token))
    grievance = Grievance.objects.create(
        enterprise=enterprise,
        year=year,
        serial=serial,
        received_at=received_at,
        submission_token=token or None,
        **fields,
    )
    GrievanceEvent.objects.create(
        grievance=grievance,
        actor=by if by is not None and by.is_authenticated else None,
        action=action,
        from_status="",
        to_status=grievance.status,
        note=note,
        public=True,
    )
    for upload in attachments:
        attachment_add(grievance=grievance, by=by, upload=upload, _event=False)
    return grievance


def _submit_atomic(fn):
    """Run a creating service in a transaction; a duplicate token answers the first item."""

    def wrapper(**kwargs):
        try:
            with transaction.atomic():
                return fn(**kwargs)
        except DuplicateSubmission as duplicate:
            return duplicate.grievance

    wrapper.__doc__ = fn.__doc__
    wrapper.__name__ = fn.__name__
    return wrapper


def _check_category(enterprise, category) -> None:
    if category is not None and category.enterprise_id != enterprise.pk:
        raise ValidationError(_("The category belongs to another enterprise."))


@_submit_atomic
def grievance_submit(
    *,
    enterprise,
    by,
    kind: str,
    content: str,
    disclosure: str,
    category=None,
    attachments=(),
    token: str | None = None,
) -> Grievance:
    """Step 3: a logged-in employee submits a grievance or suggestion online."""
    _check_category(enterprise, category)
    membership = Membership.objects.filter(user=by, enterprise=enterprise).first()
    anonymous = disclosure == Disclosure.ANONYMOUS
    # A protected requester's account must not show up as the actor of the item's events.
    grievance = _create(
        enterprise=enterprise,
        by=by if disclosure == Disclosure.NAMED else None,
        token=token,
        action="submitted",
        attachments=attachments,
        kind=kind,
        content=content,
        disclosure=disclosure,
        category=category,
        channel=IntakeChannel.ONLINE,
        requester=None if anonymous else by,
        requester_name="" if anonymous else display_name(by),
        requester_unit=None if anonymous or membership is None else membership.unit,
        requester_phone="" if anonymous or membership is None else membership.phone,
    )
    if anonymous:
        # A logged-in employee who chooses anonymity follows the item with a receipt too.
        grievance.receipt_secret = _set_receipt(grievance)
    _notify_action(grievance, Action.VERIFY_GRIEVANCE, str(_("New item to verify")))
    return grievance


def _set_receipt(grievance: Grievance) -> str:
    secret = _random(10)
    for _attempt in range(5):
        code = _random(8)
        if not Grievance.objects.filter(receipt_code=code).exists():
            break
    grievance.receipt_code = code
    grievance.receipt_secret_hash = make_password(secret)
    Grievance.objects.filter(pk=grievance.pk).update(
        receipt_code=code, receipt_secret_hash=grievance.receipt_secret_hash
    )
    return secret


@_submit_atomic
def grievance_submit_anonymous(
    *, enterprise, kind: str, content: str, category=None, token: str | None = None
) -> Grievance:
    """Step 3: anyone submits on the public page, without an account.

    Nothing that identifies the submitter is stored. The returned grievance carries
    `receipt_secret` (only on the object, never saved) to be shown once.
    """
    _check_category(enterprise, category)
    grievance = _create(
        enterprise=enterprise,
        by=None,
        token=token,
        action="submitted",
        kind=kind,
        content=content,
        category=category,
        disclosure=Disclosure.ANONYMOUS,
        channel=IntakeChannel.ONLINE,
    )
    grievance.receipt_secret = _set_receipt(grievance)
    _notify_action(grievance, Action.VERIFY_GRIEVANCE, str(_("New anonymous item to verify")))
    return grievance


@_submit_atomic
def grievance_register(
    *,
    enterprise,
    by,
    channel: str,
    received_at,
    kind: str,
    content: str,
    disclosure: str,
    category=None,
    requester=None,
    requester_name: str = "",
    requester_unit=None,
    requester_phone: str = "",
    attachments=(),
    token: str | None = None,
) -> Grievance:
    """Step 3: union staff register an item received by talk, phone, relay, letter…"""
    _check_category(enterprise, category)
    if requester_unit is not None and requester_unit.enterprise_id != enterprise.pk:
        raise ValidationError(_("The unit belongs to another enterprise."))
    if disclosure == Disclosure.ANONYMOUS:
        requester, requester_name, requester_unit, requester_phone = None, "", None, ""
    return _create(
        enterprise=enterprise,
        by=by,
        token=token,
        action="registered",
        attachments=attachments,
        channel=channel,
        received_at=received_at,
        kind=kind,
        content=content,
        disclosure=disclosure,
        category=category,
        requester=requester,
        requester_name=requester_name,
        requester_unit=requester_unit,
        requester_phone=requester_phone,
        registered_by=by,
    )


def attachment_add(*, grievance: Grievance, by, upload, _event: bool = True):
    """Step 3: store a checked upload under a generated name (see grievances.attachments)."""
    from grievances.attachments import clean_upload

    data, extension, content_type = clean_upload(upload)
    attachment = Attachment(
        grievance=grievance,
        extension=extension,
        original_name=(getattr(upload, "name", "") or "file")[-200:],
        content_type=content_type,
        size=len(data),
        uploaded_by=by if by is not None and by.is_authenticated else None,
    )
    attachment.file.save("upload" + extension, ContentFile(data), save=False)
    attachment.save()
    if _event:
        record(grievance=grievance, by=by, action="attachment_added", note=attachment.original_name)
    return attachment


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


def _check_waiting_for_topic(enterprise_id: int, grievances) -> None:
    """Only items of this enterprise approved for the meeting path, in no topic yet."""
    for g in grievances:
        if g.enterprise_id != enterprise_id or g.status != Status.ROUTED_MEETING or g.topic_id:
            raise ValidationError(_("Only items waiting for a meeting and not yet in a topic."))


@transaction.atomic
def topic_create(
    *, enterprise, by, title: str, grievances, summary: str = "", note: str = ""
) -> Topic:
    """Step 3: the union groups items waiting for a meeting into a topic (议题)."""
    grievances = list(grievances)
    if not grievances:
        raise ValidationError(_("Choose at least one item."))
    _check_waiting_for_topic(enterprise.pk, grievances)
    first = grievances[0]
    topic = Topic.objects.create(
        enterprise=enterprise,
        title=title,
        summary=summary or "\n".join(g.content for g in grievances),
        category=first.category,
        responsible_person=first.responsible_person,
        note=note,
        status=Topic.Status.QUEUED,
        created_by=by,
    )
    departments = {d.pk: d for g in grievances for d in g.departments.all()}
    topic.departments.set(departments.values())
    Grievance.objects.filter(pk__in=[g.pk for g in grievances]).update(topic=topic)
    for g in grievances:
        record(grievance=g, by=by, action="topic_assigned", note=title)
    return topic


@transaction.atomic
def topic_update(
    *,
    topic: Topic,
    by,
    title: str,
    summary: str,
    responsible_person: str,
    note: str,
    departments,
    add_grievances=(),
) -> Topic:
    """Step 3: the union refines a topic with management before it goes on an agenda
    (title, content, departments, responsible person, remarks, more waiting items)."""
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    if not locked.is_editable:
        raise ValidationError(_("A topic on an agenda or decided can no longer be changed."))
    departments = list(departments)
    if any(d.enterprise_id != topic.enterprise_id for d in departments):
        raise ValidationError(_("A department belongs to another enterprise."))
    added = list(add_grievances)
    _check_waiting_for_topic(topic.enterprise_id, added)
    Topic.objects.filter(pk=topic.pk).update(
        title=title, summary=summary, responsible_person=responsible_person, note=note
    )
    topic.title, topic.summary = title, summary
    topic.responsible_person, topic.note = responsible_person, note
    topic.departments.set(departments)
    if added:
        Grievance.objects.filter(pk__in=[g.pk for g in added]).update(topic=topic)
        for g in added:
            record(grievance=g, by=by, action="topic_assigned", note=title)
    record_audit(enterprise=topic.enterprise, target=topic, action="topic_edited", actor=by)
    return topic


# ---------------------------------------------------------------------------------------------
# Step 3: unit collection registers (征集协商议题记录本)
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def register_create(*, enterprise, by, unit, rows) -> CollectionRegister:
    """Step 3: a unit's union leader enters several register rows at once.

    `rows` is a list of dicts with name, content, raised_on.
    """
    if unit is None or unit.enterprise_id != enterprise.pk:
        raise ValidationError(_("Choose a unit of this enterprise."))
    rows = [r for r in rows if r.get("content")]
    if not rows:
        raise ValidationError(_("Enter at least one row."))
    register = CollectionRegister.objects.create(enterprise=enterprise, unit=unit, keeper=by)
    RegisterRow.objects.bulk_create(
        RegisterRow(
            register=register,
            position=i,
            name=r["name"],
            content=r["content"],
            raised_on=r["raised_on"],
        )
        for i, r in enumerate(rows, start=1)
    )
    record_audit(enterprise=enterprise, target=register, action="register_created", actor=by)
    return register


@transaction.atomic
def register_hand_up(*, register: CollectionRegister, by) -> CollectionRegister:
    """Step 3: the unit's union leader hands the register up to the enterprise union."""
    locked = CollectionRegister.objects.select_for_update().get(pk=register.pk)
    if locked.status != CollectionRegister.Status.DRAFT:
        raise TransitionError()
    register.status = CollectionRegister.Status.HANDED_UP
    register.handed_up_at = timezone.now()
    register.save(update_fields=["status", "handed_up_at"])
    record_audit(
        enterprise=register.enterprise,
        target=register,
        action="register_handed_up",
        actor=by,
        from_state=CollectionRegister.Status.DRAFT,
        to_state=register.status,
    )
    notify(
        enterprise=register.enterprise,
        recipients=_users_who_may(register.enterprise, Action.REGISTER_GRIEVANCE),
        subject=str(_("A unit collection register was handed up: %(unit)s"))
        % {"unit": register.unit.name},
        url=reverse("register_detail", args=[register.enterprise.code, register.pk]),
    )
    return register


@transaction.atomic
def register_convert(*, register: CollectionRegister, by) -> list[Grievance]:
    """Step 3: the enterprise union turns every row of a handed-up register into a grievance."""
    locked = CollectionRegister.objects.select_for_update().get(pk=register.pk)
    if locked.status != CollectionRegister.Status.HANDED_UP:
        raise TransitionError()
    created = []
    for row in register.rows.all():
        created.append(
            _create(
                enterprise=register.enterprise,
                by=by,
                token=None,
                action="registered",
                note=str(register),
                channel=IntakeChannel.REGISTER,
                received_at=register.handed_up_at,
                kind=Kind.GRIEVANCE,
                content=row.content,
                disclosure=Disclosure.NAMED,
                requester_name=row.name,
                requester_unit=register.unit,
                registered_by=by,
                register_row=row,
            )
        )
    register.status = CollectionRegister.Status.CONVERTED
    register.converted_at = timezone.now()
    register.save(update_fields=["status", "converted_at"])
    record_audit(
        enterprise=register.enterprise,
        target=register,
        action="register_converted",
        actor=by,
        from_state=CollectionRegister.Status.HANDED_UP,
        to_state=register.status,
        data={"grievances": [g.pk for g in created]},
    )
    return created
