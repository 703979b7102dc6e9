"""The meeting's transitions, edit windows and events."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from consult.models import Enterprise, Membership
from consult.workflow import StepRefused, apply
from meetings.models import (
    CONSULTATION_SERIES,
    Meeting,
    MeetingCounter,
    MeetingStatus,
)
from meetings.workflow import (  # noqa: F401  (the edit windows are read from here)
    AGENDA_EDITABLE,
    MEETING_FLOW,
    MINUTES_EDITABLE,
    PARTICIPANTS_EDITABLE,
    RSVP_OPEN,
    SCRIPT_EDITABLE,
    SIGNIN_OPEN,
    meeting_url,
)

S = MeetingStatus


class MeetingError(ValidationError):
    """Input, or content of the meeting, that a change cannot take (400, the message shown to
    the user: write the agenda first, a date in the past). A status that refuses the change
    raises `StepRefused` instead (409); the one step runner (consult.steps) answers both."""

    def __init__(self, message: str):
        super().__init__(message)


def _require(meeting: Meeting, allowed: frozenset[str], message) -> Meeting:
    """Lock the meeting and check it is in a status where this change may happen (409)."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.status = locked.status
    if locked.status not in allowed:
        raise StepRefused(message)
    return locked


def _move(meeting: Meeting, step: str, *, by, note: str = "", **kwargs) -> None:
    apply(MEETING_FLOW, meeting, step, by=by, note=note, **kwargs)


def _event(meeting: Meeting, *, by, action: str, note="", data=None, changes=None):
    MEETING_FLOW.record(meeting, action, by=by, note=note, data=data, changes=changes)


def next_number(*, enterprise: Enterprise, year: int, series: str = CONSULTATION_SERIES) -> int:
    """The next meeting number of the enterprise, year and series (as consult.numbering: the
    locked counter row keeps numbers gapless under concurrency)."""
    MeetingCounter.objects.get_or_create(enterprise=enterprise, year=year, series=series)
    counter = MeetingCounter.objects.select_for_update().get(
        enterprise=enterprise, year=year, series=series
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _check_member(enterprise: Enterprise, user) -> Membership:
    membership = (
        Membership.objects.filter(enterprise=enterprise, user=user, is_active=True)
        .select_related("department", "unit")
        .first()
    )
    if membership is None:
        raise MeetingError(_("This person is not a member of this enterprise."))
    return membership
