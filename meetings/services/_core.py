"""The meeting's transitions, edit windows and events."""

from django.urls import reverse
from django.utils.translation import gettext as _

from consult import numbering
from consult.audit import record_event
from consult.models import Enterprise, Membership
from meetings.models import (
    Meeting,
    MeetingCounter,
    MeetingStatus,
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
