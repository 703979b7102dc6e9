"""Step 5: the chairing script and the minutes."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consult.workdays import add_working_days
from consult.workflow import StepRefused
from grievances import services as grievance_services
from meetings import signals
from meetings.models import (
    Decision,
    Meeting,
    MeetingStatus,
)
from meetings.services._core import (
    MINUTES_EDITABLE,
    SCRIPT_EDITABLE,
    MeetingError,
    _event,
    _move,
    _require,
)
from meetings.workflow import MINUTES_BEFORE_HELD

S = MeetingStatus

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


def _require_future_deadline(item, deadline: datetime.date | None) -> None:
    """A decision's deadline may not have passed: the task made at 定稿 would be overdue from
    its first day (every other deadline form refuses a past date too)."""
    if deadline is not None and deadline < timezone.localdate():
        raise MeetingError(
            _("“%(topic)s”: the deadline %(date)s has already passed; give a later one.")
            % {"topic": item.topic.title, "date": deadline.isoformat()}
        )


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
        if data.get("decision", "").strip():
            _require_future_deadline(item, deadline)
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
def rhythm_minutes_save(*, meeting: Meeting, by, text: str, head_remarks: str) -> Meeting:
    """Step 5 (领导小组职责 五、六): a rhythm meeting's minutes: what was reviewed and agreed,
    and the administrative head's remarks; no topics, no decisions for supervision."""
    _require(meeting, MINUTES_EDITABLE, _("The minutes can no longer be changed."))
    if not meeting.is_rhythm:
        raise MeetingError(_("A consultation meeting's minutes are written per topic."))
    Meeting.objects.filter(pk=meeting.pk).update(minutes_text=text, head_remarks=head_remarks)
    meeting.minutes_text, meeting.head_remarks = text, head_remarks
    _event(meeting, by=by, action="minutes_saved")
    return meeting


def _finalise_rhythm(meeting: Meeting, *, by) -> list[Decision]:
    if not meeting.minutes_text.strip():
        raise MeetingError(_("Write the minutes first."))
    now = timezone.now()
    _move(meeting, "finalise_minutes", by=by)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_finalised_by=by, minutes_finalised_at=now)
    meeting.minutes_finalised_by, meeting.minutes_finalised_at = by, now
    return []


@transaction.atomic
def minutes_finalise(*, meeting: Meeting, by) -> list[Decision]:
    """Step 5 → 6: finalising locks the minutes, stores every decision for supervision, and
    moves each topic (and its grievances) to decided."""
    locked = _require(meeting, MINUTES_EDITABLE, _("The minutes can no longer be changed."))
    if locked.status != S.HELD:
        raise StepRefused(MINUTES_BEFORE_HELD)
    if meeting.date > timezone.localdate():
        raise MeetingError(_("The minutes can be finalised on the meeting day or later."))
    if meeting.is_rhythm:
        return _finalise_rhythm(meeting, by=by)
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
    for item in items:
        _require_future_deadline(item, item.deadline)
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
    _move(meeting, "finalise_minutes", by=by)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_finalised_by=by, minutes_finalised_at=now)
    meeting.minutes_finalised_by, meeting.minutes_finalised_at = by, now
    signals.minutes_finalised.send(sender=Meeting, meeting=meeting, decisions=decisions)
    return decisions
