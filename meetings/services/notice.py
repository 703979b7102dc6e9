"""Step 4: the meeting notice, its approval and the invitations."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consult.audit import notify
from consult.models import MessageKind
from consult.roles import Action
from consult.selectors import members_who_may
from consult.workflow import lock
from meetings.models import (
    Meeting,
    MeetingStatus,
)
from meetings.services._core import MeetingError, _move, meeting_url
from meetings.workflow import MEETING_FLOW

S = MeetingStatus

# Notice (会议通知)
# --------------------------------------------------------------------------------------------


@transaction.atomic
def notice_submit(*, meeting: Meeting, by) -> Meeting:
    """Step 4: the union submits the notice to the administrative head (报经企业行政负责人同意)."""
    lock(MEETING_FLOW, meeting, "submit_notice")
    if meeting.is_rhythm:
        if not meeting.agenda.strip():
            raise MeetingError(_("Write the agenda first."))
    elif not meeting.items.exists():
        raise MeetingError(_("Put at least one topic on the agenda first."))
    if not meeting.participants.exists():
        raise MeetingError(_("Add the participants first."))
    if meeting.reply_by is None:
        raise MeetingError(_("Set the date by which participants must reply."))
    if meeting.date < timezone.localdate():
        raise MeetingError(_("The meeting date has passed; change it first."))
    _move(meeting, "submit_notice", by=by, data={"label": meeting.label_message()})
    return meeting


@transaction.atomic
def notice_return(*, meeting: Meeting, by, note: str) -> Meeting:
    """Step 4: the administrative head sends the notice back to the union with a reason."""
    if not note.strip():
        raise MeetingError(_("Say why the notice goes back."))
    _move(meeting, "return_notice", by=by, note=note, data={"label": meeting.label_message()})
    return meeting


def _invite(meeting: Meeting, users) -> None:
    subject = (
        gettext_lazy("Invitation: %(label)s on %(date)s at %(place)s")
        if meeting.is_rhythm
        else gettext_lazy("Invitation: consultation meeting %(label)s on %(date)s at %(place)s")
    )
    notify(
        enterprise=meeting.enterprise,
        recipients=[u for u in users if u is not None],
        subject=subject,
        params={
            "label": meeting.label_message(),
            "date": meeting.date.isoformat(),
            "place": meeting.place,
        },
        body=_("Please confirm or ask for leave by %(reply_by)s.")
        % {"reply_by": meeting.reply_by.isoformat() if meeting.reply_by else "—"},
        url=meeting_url(meeting),
        kind=MessageKind.MEETING,
        facts={"date": meeting.date},
    )


@transaction.atomic
def notice_approve(*, meeting: Meeting, by) -> Meeting:
    """Step 4: the administrative head approves; the notice goes to every participant and to
    every department and workshop (department heads and unit union leaders), in-app and by
    e-mail."""
    fields = {"notice_approved_by": by, "notice_approved_at": timezone.now()}
    _move(meeting, "approve_notice", by=by, fields=fields)
    invited = [p.user for p in meeting.participants.select_related("user") if p.user_id]
    _invite(meeting, invited)
    invited_ids = {u.pk for u in invited}
    # 此会议通知发至企业各行政部门、各车间班组: those who answer for a department or keep a unit's
    # register hear of it too.
    others = {
        u.pk: u
        for action in (Action.ANSWER_AS_DEPARTMENT, Action.KEEP_REGISTER)
        for u in members_who_may(meeting.enterprise, action)
        if u.pk not in invited_ids
    }
    notify(
        enterprise=meeting.enterprise,
        recipients=list(others.values()),
        subject=(
            gettext_lazy("Notice: %(label)s on %(date)s at %(place)s")
            if meeting.is_rhythm
            else gettext_lazy("Notice: consultation meeting %(label)s on %(date)s at %(place)s")
        ),
        params={
            "label": meeting.label_message(),
            "date": meeting.date.isoformat(),
            "place": meeting.place,
        },
        url=meeting_url(meeting),
        kind=MessageKind.MEETING,
        facts={"date": meeting.date},
        asks=False,  # for their information: they are not invited
    )
    return meeting
