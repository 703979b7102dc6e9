"""Step 4: the meeting notice, its approval and the invitations."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consult.audit import notify
from consult.models import Enterprise, Membership
from consult.roles import Role
from meetings.models import (
    Meeting,
    MeetingStatus,
)
from meetings.services._core import MeetingError, _lock, _move, meeting_url

S = MeetingStatus

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
