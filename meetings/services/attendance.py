"""Steps 4–5: RSVP, leave and sign-in."""

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consult.audit import notify
from consult.models import MessageKind
from consult.workflow import apply
from meetings.models import (
    Meeting,
    MeetingStatus,
    Participant,
    Rsvp,
)
from meetings.services._core import (
    RSVP_OPEN,
    SIGNIN_OPEN,
    MeetingError,
    _event,
    _move,
    _require,
    meeting_url,
)
from meetings.workflow import RSVP_FLOW

S = MeetingStatus

# RSVP
# --------------------------------------------------------------------------------------------


def _rsvp_open(participant: Participant) -> None:
    _require(participant.meeting, RSVP_OPEN, _("Answers are taken once the notice is sent."))


def _rsvp_data(participant: Participant) -> dict:
    meeting = participant.meeting
    return {
        "participant": participant.pk,
        "name": participant.display_name,
        "label": meeting.label_message(),
    }


@transaction.atomic
def rsvp_confirm(*, participant: Participant, by) -> Participant:
    """Step 4: the invited person confirms they will attend."""
    _rsvp_open(participant)
    apply(
        RSVP_FLOW,
        participant,
        "confirm",
        by=by,
        note=participant.display_name,
        fields={"reason": ""},
        data=_rsvp_data(participant),
    )
    return participant


@transaction.atomic
def rsvp_request_leave(*, participant: Participant, by, reason: str) -> Participant:
    """Step 4: 无特殊情况不得请假 — leave needs a reason and the union chair's consent."""
    if not reason.strip():
        raise MeetingError(_("Give a reason for the leave."))
    _rsvp_open(participant)
    apply(
        RSVP_FLOW,
        participant,
        "request_leave",
        by=by,
        note=f"{participant.display_name}：{reason.strip()}",
        fields={"reason": reason.strip()},
        data=_rsvp_data(participant),
    )
    return participant


@transaction.atomic
def leave_decide(*, participant: Participant, by, grant: bool) -> Participant:
    """Step 4: the union chair grants or refuses a leave request."""
    _rsvp_open(participant)
    step = "grant_leave" if grant else "refuse_leave"
    apply(RSVP_FLOW, participant, step, by=by, note=participant.display_name)
    meeting = participant.meeting
    notify(
        enterprise=meeting.enterprise,
        recipients=[participant.user],
        subject=(
            gettext_lazy("Your leave from meeting %(label)s was granted")
            if grant
            else gettext_lazy("Your leave from meeting %(label)s was refused; please attend")
        ),
        params={"label": meeting.label_message()},
        url=meeting_url(meeting),
        kind=MessageKind.MEETING,
        facts={"date": meeting.date},
        asks=False,  # the answer to their request: news (an invitation still waits for them)
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
    """Step 5: the meeting took place; answers close and the minutes are written. Its host
    chaired it, so the host is counted present even without signing in."""
    starts = meeting.starts_at()
    if timezone.now() < starts:
        raise MeetingError(
            _("The meeting cannot be marked held before it starts (%(start)s).")
            % {"start": formats.date_format(timezone.localtime(starts), "DATETIME_FORMAT")}
        )
    _move(meeting, "mark_held", by=by)
    if meeting.host_id:
        meeting.participants.filter(user_id=meeting.host_id, attended=False).exclude(
            rsvp=Rsvp.LEAVE_GRANTED
        ).update(attended=True)
    return meeting


# --------------------------------------------------------------------------------------------
