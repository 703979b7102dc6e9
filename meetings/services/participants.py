"""Step 4 (确定协商人员): participants."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consult.models import Department, Membership, OrgUnit
from consult.roles import Role
from grievances.models import Disclosure
from meetings.models import (
    GROUP_ORDER,
    Meeting,
    MeetingStatus,
    Participant,
    ParticipantGroup,
    Rsvp,
)
from meetings.services._core import (
    PARTICIPANTS_EDITABLE,
    MeetingError,
    _check_member,
    _event,
    _require,
)
from meetings.services.notice import _invite

S = MeetingStatus

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
    topics' named (实名) grievances came from (and the units above them): a 保密 requester's
    unit must not shape a list that people who may not know it read (CONVENTIONS rule 18).
    People already on the list are kept as they are. Returns the new rows and the departments
    that have no head on record.
    """
    _require(meeting, PARTICIPANTS_EDITABLE, _("The participant list is closed."))
    departments = proposed_departments(meeting)
    wanted, headed = _wanted_participants(meeting, departments)
    created = _participants_create(meeting, wanted)
    note = "、".join(p.display_name for p in created)
    _listed(
        meeting, by=by, users=[p.user for p in created], action="participants_proposed", note=note
    )
    without_head = [d for d in departments if d.pk not in headed]
    return created, without_head


def _members_by_role(enterprise) -> dict[str, list[Membership]]:
    """The enterprise's active members under each role they hold."""
    members = (
        Membership.objects.filter(enterprise=enterprise, is_active=True)
        .select_related("user", "department", "unit__parent")
        .prefetch_related("roles")
    )
    by_role: dict[str, list[Membership]] = {}
    for m in members:
        for r in m.roles.all():
            by_role.setdefault(r.role, []).append(m)
    return by_role


def _named_requester_units(meeting: Meeting) -> set[int]:
    """The units (and those above them) of the agenda's named (实名) grievances' requesters."""
    units = set()
    for item in meeting.items.select_related("topic"):
        named = item.topic.grievances.filter(disclosure=Disclosure.NAMED)
        for grievance in named.select_related("requester_unit__parent__parent"):
            if grievance.requester_unit is not None:
                units.add(grievance.requester_unit)
    return _unit_chain(units)


def _wanted_participants(
    meeting: Meeting, departments: list[Department]
) -> tuple[list[tuple[Membership, str, str]], set[int]]:
    """Who the handbook's four groups name for this agenda (member, group, label), and the
    departments that have a head among them."""
    by_role = _members_by_role(meeting.enterprise)
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
    unit_ids = _named_requester_units(meeting)
    for m in by_role.get(Role.EMPLOYEE_REP, []):
        if m.unit_id in unit_ids:
            wanted.append((m, ParticipantGroup.REPRESENTATIVES, m.unit.label))
    return wanted, headed


def _participants_create(meeting: Meeting, wanted) -> list[Participant]:
    """The rows of the people wanted who are not on the list yet (each person once)."""
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
    return created


def _listed(meeting: Meeting, *, by, users: list, action: str, note: str) -> None:
    """People added to the list: invited at once when the notice is already out; one event."""
    if meeting.status == S.NOTICE_SENT:
        _invite(meeting, users)
    _event(meeting, by=by, action=action, note=note)


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
    membership = _check_addition(meeting, user, group=group, substitute_for=substitute_for)
    group, label = _group_and_label(membership, group, label, substitute_for)
    participant = Participant.objects.create(
        meeting=meeting,
        user=user,
        group=group,
        label=label,
        phone=membership.phone,
        substitute_for=substitute_for,
    )
    action = "substitute_added" if substitute_for else "participant_added"
    _listed(meeting, by=by, users=[user], action=action, note=participant.display_name)
    return participant


def _check_addition(
    meeting: Meeting, user, *, group: str, substitute_for: Participant | None
) -> Membership:
    """The person's membership, or MeetingError when they may not be added as asked."""
    _require(meeting, PARTICIPANTS_EDITABLE, _("The participant list is closed."))
    membership = _check_member(meeting.enterprise, user)
    if meeting.participants.filter(user=user).exists():
        raise MeetingError(_("This person is already on the list."))
    if substitute_for is not None:
        if substitute_for.meeting_id != meeting.pk:
            raise MeetingError(_("This person is not on this meeting's list."))
        if substitute_for.rsvp != Rsvp.LEAVE_GRANTED:
            raise MeetingError(_("A substitute can only stand in for someone granted leave."))
    elif group not in ParticipantGroup.values:
        raise MeetingError(_("Choose one of the four groups."))
    return membership


def _group_and_label(
    membership: Membership, group: str, label: str, substitute_for: Participant | None
) -> tuple[str, str]:
    """A substitute stands in the group of the person on leave; the label says by default
    the department, unit or post the group calls for."""
    if substitute_for is not None:
        group, label = substitute_for.group, label or substitute_for.label
    if not label:
        label = (
            membership.department.name
            if group == ParticipantGroup.DEPARTMENTS and membership.department
            else membership.unit.label
            if group == ParticipantGroup.REPRESENTATIVES and membership.unit
            else membership.post
        )
    return group, label


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
