"""Step 4: convening a meeting and its agenda."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consult.models import Enterprise
from consult.workflow import StepRefused, lock
from grievances import services as grievance_services
from grievances.models import Topic
from grievances.workflow import TOPIC_FLOW
from meetings.models import (
    RHYTHM_KINDS,
    AgendaItem,
    Meeting,
    MeetingKind,
    MeetingStatus,
    series_of,
)
from meetings.services._core import (
    AGENDA_EDITABLE,
    MeetingError,
    _check_member,
    _event,
    _require,
    next_number,
)

S = MeetingStatus


def rhythm_agenda(kind: str, date: datetime.date) -> str:
    """A rhythm meeting's own agenda (领导小组职责 五、六): review of the period, progress of the
    open items, problems and next steps. The union edits it before the notice goes out."""
    if kind == MeetingKind.QUARTERLY:
        period = f"{date.year}年第{(date.month - 1) // 3 + 1}季度"
    else:
        period = f"{date.year}年{date.month}月"
    return (
        f"一、回顾{period}沟通协商工作情况；\n"
        "二、通报未办结诉求事项和协商会议决定事项的办理进展；\n"
        "三、分析总结经验和问题，研究加强承办部门和人员检查督导的措施；\n"
        "四、部署下一阶段工作。"
    )


@transaction.atomic
def meeting_set_agenda(*, meeting: Meeting, by, agenda: str) -> Meeting:
    """Step 4: the union edits a rhythm meeting's own agenda while it is a draft."""
    from consult.workflow import edit
    from meetings.workflow import MEETING_FLOW

    if not meeting.is_rhythm:
        raise MeetingError(_("A consultation meeting's agenda is its topics."))
    if not agenda.strip():
        raise MeetingError(_("Write the agenda."))
    edit(
        MEETING_FLOW,
        meeting,
        "meeting_edited",
        by=by,
        fields={"agenda": agenda.strip()},
        allowed=AGENDA_EDITABLE,
        refusal=_("The agenda is fixed once the notice is submitted."),
    )
    return meeting


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
    series = series_of(kind)
    meeting = Meeting.objects.create(
        enterprise=enterprise,
        year=date.year,
        number=next_number(enterprise=enterprise, year=date.year, series=series),
        series=series,
        agenda=rhythm_agenda(kind, date) if kind in RHYTHM_KINDS else "",
        kind=kind,
        date=date,
        time=time,
        place=place,
        host=host,
        reply_by=reply_by,
        created_by=by,
    )
    _event(meeting, by=by, action="meeting_created")
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
    if series_of(kind) != meeting.series:
        raise MeetingError(
            _(
                "A consultation meeting and a leading-group or dispatch meeting are numbered "
                "apart; convene a new meeting of that form instead."
            )
        )
    meeting.kind, meeting.date, meeting.time, meeting.place = kind, date, time, place
    meeting.host, meeting.reply_by = host, reply_by
    meeting.save(update_fields=["kind", "date", "time", "place", "host", "reply_by"])
    _event(meeting, by=by, action="meeting_edited")
    return meeting


@transaction.atomic
def meeting_add_topic(*, meeting: Meeting, topic: Topic, by) -> AgendaItem:
    """Step 4: a topic waiting in the queue goes onto the agenda (and its grievances follow)."""
    _require(meeting, AGENDA_EDITABLE, _("The agenda is fixed once the notice is submitted."))
    if meeting.is_rhythm:
        raise MeetingError(
            _(
                "A leading-group quarterly or dispatch meeting has its own agenda; put "
                "consultation topics on a consultation meeting."
            )
        )
    if topic.enterprise_id != meeting.enterprise_id:
        raise MeetingError(_("This topic belongs to another enterprise."))
    try:
        lock(TOPIC_FLOW, topic, "schedule")
    except StepRefused as refused:
        if topic.meeting_decisions.exists():
            raise MeetingError(_("This topic was already decided at another meeting.")) from refused
        raise MeetingError(_("Only topics waiting in the meeting queue can be added.")) from refused
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
