"""Every change of a consultation meeting (steps 4–5 of the eight).

Each function is keyword-only, runs in a transaction, checks the meeting's status against
`TRANSITIONS` (or the statuses in which an edit is allowed) and writes one audit event, the
meeting's timeline. Notifications go out through `consult.audit.notify` (e-mail after commit).
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consult import numbering
from consult.audit import notify, record_event
from consult.models import Department, Enterprise, Membership, OrgUnit
from consult.roles import Role
from consult.workdays import add_working_days
from grievances import services as grievance_services
from grievances.models import Topic
from meetings import signals
from meetings.models import (
    GROUP_ORDER,
    AgendaItem,
    Decision,
    Meeting,
    MeetingCounter,
    MeetingKind,
    MeetingStatus,
    Participant,
    ParticipantGroup,
    Rsvp,
)

S = MeetingStatus


class MeetingError(Exception):
    """A change the meeting cannot take; the message is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.NOTICE_PENDING}),
    S.NOTICE_PENDING: frozenset({S.NOTICE_SENT, S.DRAFT}),
    S.NOTICE_SENT: frozenset({S.HELD, S.MINUTES_FINAL}),
    S.HELD: frozenset({S.MINUTES_FINAL}),
    S.MINUTES_FINAL: frozenset(),
}

# What may still change in each status.
AGENDA_EDITABLE = frozenset({S.DRAFT})
PARTICIPANTS_EDITABLE = frozenset({S.DRAFT, S.NOTICE_PENDING, S.NOTICE_SENT, S.HELD})
RSVP_OPEN = frozenset({S.NOTICE_SENT})
SIGNIN_OPEN = frozenset({S.NOTICE_SENT, S.HELD})
MINUTES_EDITABLE = frozenset({S.NOTICE_SENT, S.HELD})
SCRIPT_EDITABLE = frozenset({S.DRAFT, S.NOTICE_PENDING, S.NOTICE_SENT, S.HELD})


def _lock(meeting: Meeting) -> Meeting:
    """Re-read the meeting under a row lock and refresh the caller's copy."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.status = locked.status
    return locked


def _require(meeting: Meeting, allowed: frozenset[str], message: str) -> Meeting:
    locked = _lock(meeting)
    if locked.status not in allowed:
        raise MeetingError(message)
    return locked


def _move(meeting: Meeting, to: str, *, by, action: str, note: str = "") -> None:
    locked = _lock(meeting)
    if to not in TRANSITIONS[locked.status]:
        raise MeetingError(_("This step is not possible in the meeting's current status."))
    before = locked.status
    Meeting.objects.filter(pk=meeting.pk).update(status=to)
    meeting.status = to
    _event(meeting, by=by, action=action, from_state=before, to_state=to, note=note)


def _event(meeting: Meeting, *, by, action: str, from_state="", to_state="", note="", data=None):
    record_event(
        enterprise=meeting.enterprise,
        target=meeting,
        action=action,
        actor=by,
        from_state=from_state or meeting.status,
        to_state=to_state or meeting.status,
        note=note,
        data=data,
    )


def meeting_url(meeting: Meeting) -> str:
    return reverse("meeting_detail", kwargs={"code": meeting.enterprise.code, "pk": meeting.pk})


def next_number(*, enterprise: Enterprise, year: int) -> int:
    """The next meeting number of the enterprise and year (see consult.numbering)."""
    return numbering.next_number(MeetingCounter, enterprise=enterprise, year=year)


def _check_member(enterprise: Enterprise, user) -> Membership:
    membership = (
        Membership.objects.filter(enterprise=enterprise, user=user, is_active=True)
        .select_related("department", "unit")
        .first()
    )
    if membership is None:
        raise MeetingError(_("This person is not a member of this enterprise."))
    return membership


# --------------------------------------------------------------------------------------------
# Convening (step 4)
# --------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    enterprise: Enterprise,
    by,
    kind: str,
    date: datetime.date,
    time: datetime.time,
    place: str,
    host=None,
    reply_by: datetime.date | None = None,
) -> Meeting:
    """Step 4: the union convenes a meeting; it gets the year's next number."""
    today = timezone.localdate()
    if date < today:
        raise MeetingError(_("A meeting cannot be convened for a date in the past."))
    if reply_by is not None and not today <= reply_by <= date:
        raise MeetingError(_("The reply date must lie between today and the meeting date."))
    if host is not None:
        _check_member(enterprise, host)
    if kind not in MeetingKind.values:
        raise MeetingError(_("Unknown form of meeting."))
    meeting = Meeting.objects.create(
        enterprise=enterprise,
        year=date.year,
        number=next_number(enterprise=enterprise, year=date.year),
        kind=kind,
        date=date,
        time=time,
        place=place,
        host=host,
        reply_by=reply_by,
        created_by=by,
    )
    _event(meeting, by=by, action="meeting_created", to_state=meeting.status)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by,
    kind: str,
    date: datetime.date,
    time: datetime.time,
    place: str,
    host=None,
    reply_by: datetime.date | None = None,
) -> Meeting:
    """Step 4: date, time, place and host change while the notice has not gone out.

    The number stays, so the date stays in the year the meeting is numbered in."""
    _require(meeting, frozenset({S.DRAFT}), _("Only a draft meeting can be changed."))
    today = timezone.localdate()
    if date.year != meeting.year:
        raise MeetingError(
            _("The meeting is numbered in %(year)s; convene a new one for another year.")
            % {"year": meeting.year}
        )
    if date < today:
        raise MeetingError(_("A meeting cannot be convened for a date in the past."))
    if reply_by is not None and not today <= reply_by <= date:
        raise MeetingError(_("The reply date must lie between today and the meeting date."))
    if host is not None:
        _check_member(meeting.enterprise, host)
    meeting.kind, meeting.date, meeting.time, meeting.place = kind, date, time, place
    meeting.host, meeting.reply_by = host, reply_by
    meeting.save(update_fields=["kind", "date", "time", "place", "host", "reply_by"])
    _event(meeting, by=by, action="meeting_edited")
    return meeting


@transaction.atomic
def meeting_add_topic(*, meeting: Meeting, topic: Topic, by) -> AgendaItem:
    """Step 4: a topic waiting in the queue goes onto the agenda (and its grievances follow)."""
    _require(meeting, AGENDA_EDITABLE, _("The agenda is fixed once the notice is submitted."))
    if topic.enterprise_id != meeting.enterprise_id:
        raise MeetingError(_("This topic belongs to another enterprise."))
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    if locked.status != Topic.Status.QUEUED:
        if locked.status == Topic.Status.DECIDED:
            raise MeetingError(_("This topic was already decided at another meeting."))
        raise MeetingError(_("Only topics waiting in the meeting queue can be added."))
    last = meeting.items.order_by("-order").values_list("order", flat=True).first() or 0
    item = AgendaItem.objects.create(meeting=meeting, topic=topic, order=last + 1)
    grievance_services.topic_schedule(topic=topic, by=by, meeting_label=meeting.label)
    _event(meeting, by=by, action="topic_added", note=topic.title, data={"topic": topic.pk})
    return item


@transaction.atomic
def meeting_remove_topic(*, item: AgendaItem, by) -> None:
    """Step 4: a topic goes back to the queue."""
    meeting = item.meeting
    _require(meeting, AGENDA_EDITABLE, _("The agenda is fixed once the notice is submitted."))
    topic = item.topic
    # Kept for the record, out of the agenda.
    AgendaItem.objects.filter(pk=item.pk).update(removed_at=timezone.now(), removed_by=by)
    grievance_services.topic_unschedule(topic=topic, by=by, meeting_label=meeting.label)
    _event(meeting, by=by, action="topic_removed", note=topic.title, data={"topic": topic.pk})


@transaction.atomic
def meeting_reorder(*, item: AgendaItem, by, direction: str) -> None:
    """Step 4: move an agenda item one place up or down."""
    meeting = item.meeting
    _require(meeting, AGENDA_EDITABLE, _("The agenda is fixed once the notice is submitted."))
    items = list(meeting.items.order_by("order", "id"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, it in enumerate(items, start=1):
        if it.order != position:
            AgendaItem.objects.filter(pk=it.pk).update(order=position)
    _event(meeting, by=by, action="agenda_reordered", note=item.topic.title)


# --------------------------------------------------------------------------------------------
# Participants (step 4: 确定协商人员)
# --------------------------------------------------------------------------------------------


def _unit_chain(units: set[OrgUnit]) -> set[int]:
    ids: set[int] = set()
    for unit in units:
        while unit is not None and unit.pk not in ids:
            ids.add(unit.pk)
            unit = unit.parent
    return ids


def proposed_departments(meeting: Meeting) -> list[Department]:
    """The departments the agenda's topics name: their own and their categories' defaults."""
    ids: set[int] = set()
    for item in meeting.items.select_related("topic__category__parent"):
        topic = item.topic
        ids |= set(topic.departments.values_list("pk", flat=True))
        category = topic.category
        if category is not None:
            ids |= set(category.default_departments.values_list("pk", flat=True))
            if category.parent_id:
                ids |= set(category.parent.default_departments.values_list("pk", flat=True))
    return list(Department.objects.filter(pk__in=ids, is_active=True))


@transaction.atomic
def participants_propose(*, meeting: Meeting, by) -> tuple[list[Participant], list[Department]]:
    """Step 4: propose participants from the agenda, as the handbook groups them.

    企业行政: the administrative head; 企业工会: the union chair and union staff; 行政部门: heads
    of the departments the topics' categories name; 职工代表: representatives of the units the
    topics' grievances came from (and the units above them). People already on the list are
    kept as they are. Returns the new rows and the departments that have no head on record.
    """
    _require(meeting, PARTICIPANTS_EDITABLE, _("The participant list is closed."))
    enterprise = meeting.enterprise
    members = (
        Membership.objects.filter(enterprise=enterprise, is_active=True)
        .select_related("user", "department", "unit")
        .prefetch_related("roles")
    )
    by_role: dict[str, list[Membership]] = {}
    for m in members:
        for r in m.roles.all():
            by_role.setdefault(r.role, []).append(m)

    departments = proposed_departments(meeting)
    units = set()
    for item in meeting.items.select_related("topic"):
        for grievance in item.topic.grievances.select_related("requester_unit__parent__parent"):
            if grievance.requester_unit is not None:
                units.add(grievance.requester_unit)
    unit_ids = _unit_chain(units)

    wanted: list[tuple[Membership, str, str]] = []
    for m in by_role.get(Role.ADMIN_HEAD, []):
        wanted.append((m, ParticipantGroup.ADMINISTRATION, m.post or "企业行政负责人"))
    union = {m.pk: m for m in by_role.get(Role.UNION_CHAIR, []) + by_role.get(Role.UNION_STAFF, [])}
    for m in union.values():
        wanted.append((m, ParticipantGroup.UNION, m.post or "工会"))
    dept_ids = {d.pk for d in departments}
    headed: set[int] = set()
    for m in by_role.get(Role.DEPT_HEAD, []):
        if m.department_id in dept_ids:
            headed.add(m.department_id)
            wanted.append((m, ParticipantGroup.DEPARTMENTS, m.department.name))
    for m in by_role.get(Role.EMPLOYEE_REP, []):
        if m.unit_id in unit_ids:
            wanted.append((m, ParticipantGroup.REPRESENTATIVES, m.unit.name))

    present = set(meeting.participants.exclude(user=None).values_list("user_id", flat=True))
    created = []
    for m, group, label in wanted:
        if m.user_id in present:
            continue
        present.add(m.user_id)
        created.append(
            Participant.objects.create(
                meeting=meeting, user=m.user, group=group, label=label, phone=m.phone
            )
        )
    if meeting.status == S.NOTICE_SENT:
        _invite(meeting, [p.user for p in created])
    _event(
        meeting,
        by=by,
        action="participants_proposed",
        note="、".join(p.display_name for p in created),
    )
    without_head = [d for d in departments if d.pk not in headed]
    return created, without_head


@transaction.atomic
def participant_add(
    *,
    meeting: Meeting,
    by,
    user,
    group: str,
    label: str = "",
    substitute_for: Participant | None = None,
) -> Participant:
    """Step 4: staff add a person (a member of the same enterprise), or record a substitute
    for someone whose leave was granted."""
    _require(meeting, PARTICIPANTS_EDITABLE, _("The participant list is closed."))
    membership = _check_member(meeting.enterprise, user)
    if meeting.participants.filter(user=user).exists():
        raise MeetingError(_("This person is already on the list."))
    if substitute_for is not None:
        if substitute_for.meeting_id != meeting.pk:
            raise MeetingError(_("This person is not on this meeting's list."))
        if substitute_for.rsvp != Rsvp.LEAVE_GRANTED:
            raise MeetingError(_("A substitute can only stand in for someone granted leave."))
        group = substitute_for.group
        label = label or substitute_for.label
    if group not in ParticipantGroup.values:
        raise MeetingError(_("Choose one of the four groups."))
    if not label:
        label = (
            membership.department.name
            if group == ParticipantGroup.DEPARTMENTS and membership.department
            else membership.unit.name
            if group == ParticipantGroup.REPRESENTATIVES and membership.unit
            else membership.post
        )
    participant = Participant.objects.create(
        meeting=meeting,
        user=user,
        group=group,
        label=label,
        phone=membership.phone,
        substitute_for=substitute_for,
    )
    if meeting.status == S.NOTICE_SENT:
        _invite(meeting, [user])
    _event(
        meeting,
        by=by,
        action="substitute_added" if substitute_for else "participant_added",
        note=participant.display_name,
    )
    return participant


@transaction.atomic
def participant_remove(*, participant: Participant, by) -> None:
    meeting = participant.meeting
    _require(meeting, PARTICIPANTS_EDITABLE, _("The participant list is closed."))
    if participant.attended:
        raise MeetingError(_("Someone who signed in cannot be removed."))
    if participant.substitutes.exists():
        raise MeetingError(_("Remove the substitute first."))
    name = participant.display_name
    # Kept for the record, off the list.
    Participant.objects.filter(pk=participant.pk).update(removed_at=timezone.now(), removed_by=by)
    _event(meeting, by=by, action="participant_removed", note=name)


def sorted_participants(participants) -> list[Participant]:
    return sorted(participants, key=lambda p: (GROUP_ORDER[p.group], p.pk))


# --------------------------------------------------------------------------------------------
# Notice (会议通知)
# --------------------------------------------------------------------------------------------


def _members_with(enterprise: Enterprise, roles) -> list:
    return [
        m.user
        for m in Membership.objects.filter(
            enterprise=enterprise, is_active=True, roles__role__in=roles
        )
        .select_related("user")
        .distinct()
    ]


@transaction.atomic
def notice_submit(*, meeting: Meeting, by) -> Meeting:
    """Step 4: the union submits the notice to the administrative head (报经企业行政负责人同意)."""
    _lock(meeting)
    if not meeting.items.exists():
        raise MeetingError(_("Put at least one topic on the agenda first."))
    if not meeting.participants.exists():
        raise MeetingError(_("Add the participants first."))
    if meeting.reply_by is None:
        raise MeetingError(_("Set the date by which participants must reply."))
    if meeting.date < timezone.localdate():
        raise MeetingError(_("The meeting date has passed; change it first."))
    _move(meeting, S.NOTICE_PENDING, by=by, action="notice_submitted")
    notify(
        enterprise=meeting.enterprise,
        recipients=_members_with(meeting.enterprise, [Role.ADMIN_HEAD]),
        subject=_("Meeting notice %(label)s waits for your approval") % {"label": meeting.label},
        url=meeting_url(meeting),
    )
    return meeting


@transaction.atomic
def notice_return(*, meeting: Meeting, by, note: str) -> Meeting:
    """Step 4: the administrative head sends the notice back to the union with a reason."""
    if not note.strip():
        raise MeetingError(_("Say why the notice goes back."))
    _move(meeting, S.DRAFT, by=by, action="notice_returned", note=note)
    notify(
        enterprise=meeting.enterprise,
        recipients=_members_with(meeting.enterprise, [Role.UNION_CHAIR, Role.UNION_STAFF]),
        subject=_("Meeting notice %(label)s was returned") % {"label": meeting.label},
        body=note,
        url=meeting_url(meeting),
    )
    return meeting


def _invite(meeting: Meeting, users) -> None:
    notify(
        enterprise=meeting.enterprise,
        recipients=[u for u in users if u is not None],
        subject=_("Invitation: consultation meeting %(label)s on %(date)s at %(place)s")
        % {"label": meeting.label, "date": meeting.date.isoformat(), "place": meeting.place},
        body=_("Please confirm or ask for leave by %(reply_by)s.")
        % {"reply_by": meeting.reply_by.isoformat() if meeting.reply_by else "—"},
        url=meeting_url(meeting),
    )


@transaction.atomic
def notice_approve(*, meeting: Meeting, by) -> Meeting:
    """Step 4: the administrative head approves; the notice goes to every participant and to
    every department and workshop (department heads and unit union leaders), in-app and by
    e-mail."""
    _move(meeting, S.NOTICE_SENT, by=by, action="notice_approved")
    Meeting.objects.filter(pk=meeting.pk).update(
        notice_approved_by=by, notice_approved_at=timezone.now()
    )
    meeting.notice_approved_by, meeting.notice_approved_at = by, timezone.now()
    invited = [p.user for p in meeting.participants.select_related("user") if p.user_id]
    _invite(meeting, invited)
    others = [
        u
        for u in _members_with(meeting.enterprise, [Role.DEPT_HEAD, Role.UNIT_COLLECTOR])
        if u.pk not in {i.pk for i in invited}
    ]
    notify(
        enterprise=meeting.enterprise,
        recipients=others,
        subject=_("Notice: consultation meeting %(label)s on %(date)s at %(place)s")
        % {"label": meeting.label, "date": meeting.date.isoformat(), "place": meeting.place},
        url=meeting_url(meeting),
    )
    return meeting


# --------------------------------------------------------------------------------------------
# RSVP
# --------------------------------------------------------------------------------------------


def _rsvp_open(participant: Participant) -> Participant:
    _require(participant.meeting, RSVP_OPEN, _("Answers are taken once the notice is sent."))
    return Participant.objects.select_for_update().get(pk=participant.pk)


@transaction.atomic
def rsvp_confirm(*, participant: Participant, by) -> Participant:
    """Step 4: the invited person confirms they will attend."""
    locked = _rsvp_open(participant)
    if locked.rsvp == Rsvp.LEAVE_GRANTED:
        raise MeetingError(_("Your leave was already granted."))
    before = locked.rsvp
    Participant.objects.filter(pk=participant.pk).update(rsvp=Rsvp.CONFIRMED, reason="")
    participant.rsvp, participant.reason = Rsvp.CONFIRMED, ""
    _event(
        participant.meeting,
        by=by,
        action="rsvp_confirmed",
        note=participant.display_name,
        data={"participant": participant.pk, "from": before},
    )
    return participant


@transaction.atomic
def rsvp_request_leave(*, participant: Participant, by, reason: str) -> Participant:
    """Step 4: 无特殊情况不得请假 — leave needs a reason and the union chair's consent."""
    if not reason.strip():
        raise MeetingError(_("Give a reason for the leave."))
    locked = _rsvp_open(participant)
    if locked.rsvp == Rsvp.LEAVE_GRANTED:
        raise MeetingError(_("Your leave was already granted."))
    Participant.objects.filter(pk=participant.pk).update(
        rsvp=Rsvp.LEAVE_REQUESTED, reason=reason.strip()
    )
    participant.rsvp, participant.reason = Rsvp.LEAVE_REQUESTED, reason.strip()
    meeting = participant.meeting
    _event(meeting, by=by, action="leave_requested", note=f"{participant.display_name}：{reason}")
    notify(
        enterprise=meeting.enterprise,
        recipients=_members_with(meeting.enterprise, [Role.UNION_CHAIR]),
        subject=_("%(name)s asks for leave from meeting %(label)s")
        % {"name": participant.display_name, "label": meeting.label},
        body=reason,
        url=meeting_url(meeting),
    )
    return participant


@transaction.atomic
def leave_decide(*, participant: Participant, by, grant: bool) -> Participant:
    """Step 4: the union chair grants or refuses a leave request."""
    locked = _rsvp_open(participant)
    if locked.rsvp != Rsvp.LEAVE_REQUESTED:
        raise MeetingError(_("There is no leave request to answer."))
    to = Rsvp.LEAVE_GRANTED if grant else Rsvp.LEAVE_REFUSED
    Participant.objects.filter(pk=participant.pk).update(rsvp=to)
    participant.rsvp = to
    meeting = participant.meeting
    _event(
        meeting,
        by=by,
        action="leave_granted" if grant else "leave_refused",
        note=participant.display_name,
    )
    notify(
        enterprise=meeting.enterprise,
        recipients=[participant.user],
        subject=(
            _("Your leave from meeting %(label)s was granted")
            if grant
            else _("Your leave from meeting %(label)s was refused; please attend")
        )
        % {"label": meeting.label},
        url=meeting_url(meeting),
    )
    return participant


# --------------------------------------------------------------------------------------------
# Sign-in (签到)
# --------------------------------------------------------------------------------------------


@transaction.atomic
def participant_sign_in(*, participant: Participant, by, present: bool = True) -> Participant:
    """Step 5: attendance, ticked by staff or confirmed by the participant on their phone."""
    _require(participant.meeting, SIGNIN_OPEN, _("Sign-in is open once the notice is sent."))
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    if locked.attended == present:
        return participant
    when = timezone.now() if present else None
    Participant.objects.filter(pk=participant.pk).update(attended=present, signed_in_at=when)
    participant.attended, participant.signed_in_at = present, when
    _event(
        participant.meeting,
        by=by,
        action="signed_in" if present else "sign_in_undone",
        note=participant.display_name,
    )
    return participant


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, by) -> Meeting:
    """Step 5: the meeting took place; answers close and the minutes are written."""
    if meeting.date > timezone.localdate():
        raise MeetingError(_("The meeting cannot be marked held before its date."))
    _move(meeting, S.HELD, by=by, action="meeting_held")
    return meeting


# --------------------------------------------------------------------------------------------
# Chairing script and minutes (step 5)
# --------------------------------------------------------------------------------------------


@transaction.atomic
def script_save(*, meeting: Meeting, by, text: str) -> Meeting:
    """Step 5: the chairing script, generated from the data and edited by the union."""
    _require(meeting, SCRIPT_EDITABLE, _("The minutes are final; the script is archived."))
    Meeting.objects.filter(pk=meeting.pk).update(script=text)
    meeting.script = text
    _event(meeting, by=by, action="script_saved")
    return meeting


def resolve_deadline(
    *, meeting: Meeting, deadline: datetime.date | None, working_days: int | None
) -> datetime.date | None:
    """A deadline given as N working days counts from the meeting date on the calendar."""
    if working_days is not None:
        return add_working_days(meeting.date, working_days)
    return deadline


@transaction.atomic
def minutes_save(*, meeting: Meeting, by, items: list[dict], head_remarks: str) -> Meeting:
    """Step 5: the minutes of every topic and the administrative head's remarks.

    `items` holds one dict per agenda item (item, statement, reply, decision, departments,
    responsible_person, deadline, deadline_working_days, summary). A decision needs at least
    one handling department and a deadline.
    """
    _require(meeting, MINUTES_EDITABLE, _("The minutes can no longer be changed."))
    for data in items:
        item = data["item"]
        if item.meeting_id != meeting.pk:
            raise MeetingError(_("This agenda item belongs to another meeting."))
        departments = list(data.get("departments") or [])
        if any(d.enterprise_id != meeting.enterprise_id for d in departments):
            raise MeetingError(_("A handling department belongs to another enterprise."))
        deadline = resolve_deadline(
            meeting=meeting,
            deadline=data.get("deadline"),
            working_days=data.get("deadline_working_days"),
        )
        if data.get("decision", "").strip() and (not departments or deadline is None):
            raise MeetingError(
                _("“%(topic)s”: a decision needs at least one handling department and a deadline.")
                % {"topic": item.topic.title}
            )
        for field in ("statement", "reply", "decision", "responsible_person", "summary"):
            setattr(item, field, (data.get(field) or "").strip())
        item.deadline = deadline
        item.deadline_working_days = data.get("deadline_working_days")
        item.save()
        item.departments.set(departments)
    Meeting.objects.filter(pk=meeting.pk).update(head_remarks=head_remarks)
    meeting.head_remarks = head_remarks
    _event(meeting, by=by, action="minutes_saved")
    return meeting


@transaction.atomic
def minutes_finalise(*, meeting: Meeting, by) -> list[Decision]:
    """Step 5 → 6: finalising locks the minutes, stores every decision for supervision, and
    moves each topic (and its grievances) to decided."""
    _require(meeting, MINUTES_EDITABLE, _("The minutes can no longer be changed."))
    if meeting.date > timezone.localdate():
        raise MeetingError(_("The minutes can be finalised on the meeting day or later."))
    items = list(meeting.items.select_related("topic").prefetch_related("departments"))
    if not items:
        raise MeetingError(_("The meeting has no agenda."))
    problems = [
        item.topic.title
        for item in items
        if not item.decision.strip() or not item.departments.all() or item.deadline is None
    ]
    if problems:
        raise MeetingError(
            _(
                "Every topic needs a decision, at least one handling department and a deadline: "
                "%(topics)s"
            )
            % {"topics": "、".join(problems)}
        )
    decisions = []
    for item in items:
        decision = Decision.objects.create(
            meeting=meeting,
            agenda_item=item,
            topic=item.topic,
            text=item.decision,
            responsible_person=item.responsible_person,
            deadline=item.deadline,
        )
        decision.departments.set(item.departments.all())
        decisions.append(decision)
        grievance_services.topic_decide(
            topic=item.topic, by=by, note=f"{meeting.label}：{item.decision}"
        )
    now = timezone.now()
    _move(meeting, S.MINUTES_FINAL, by=by, action="minutes_finalised")
    Meeting.objects.filter(pk=meeting.pk).update(minutes_finalised_by=by, minutes_finalised_at=now)
    meeting.minutes_finalised_by, meeting.minutes_finalised_at = by, now
    signals.minutes_finalised.send(sender=Meeting, meeting=meeting, decisions=decisions)
    return decisions


def participant_names(participants) -> str:
    return "、".join(p.display_name for p in participants)
