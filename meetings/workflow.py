"""The meeting's and the invitation's steps: who may take each, from which status to which,
the event it writes and who hears of it (see consult.workflow), and what may still change in
each status."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consult.roles import Action
from consult.workflow import AuditFlow, Notice, Step
from meetings.events import MeetingEvent as E
from meetings.models import Meeting, MeetingStatus, Participant, Rsvp

S = MeetingStatus

# The minutes may be drafted from the notice on, and are finalised after the meeting was held.
MINUTES_BEFORE_HELD = _(
    "The meeting has not yet been marked as held: mark it as held, then finalise the minutes."
)


def meeting_url(meeting: Meeting) -> str:
    return reverse("meeting_detail", kwargs={"code": meeting.enterprise.code, "pk": meeting.pk})


MEETING_FLOW = AuditFlow(
    Meeting,
    [
        Step(
            "submit_notice",
            frozenset({S.DRAFT}),
            S.NOTICE_PENDING,
            E.NOTICE_SUBMITTED,
            action=Action.MANAGE_MEETINGS,
            notices=(
                Notice(
                    Action.APPROVE_MEETING_NOTICE,
                    _("Meeting notice %(label)s waits for your approval"),
                ),
            ),
        ),
        Step(
            "return_notice",
            frozenset({S.NOTICE_PENDING}),
            S.DRAFT,
            E.NOTICE_RETURNED,
            action=Action.APPROVE_MEETING_NOTICE,
            notices=(
                Notice(
                    Action.MANAGE_MEETINGS,
                    _("Meeting notice %(label)s was returned"),
                    body_from_note=True,
                ),
            ),
        ),
        Step(
            "approve_notice",
            frozenset({S.NOTICE_PENDING}),
            S.NOTICE_SENT,
            E.NOTICE_APPROVED,
            action=Action.APPROVE_MEETING_NOTICE,
        ),
        Step(
            "mark_held",
            frozenset({S.NOTICE_SENT}),
            S.HELD,
            E.MEETING_HELD,
            action=Action.MANAGE_MEETINGS,
        ),
        Step(
            "finalise_minutes",
            frozenset({S.HELD}),
            S.MINUTES_FINAL,
            E.MINUTES_FINALISED,
            action=Action.MANAGE_MEETINGS,
            refusal=MINUTES_BEFORE_HELD,
        ),
    ],
    url=meeting_url,
    refusal=_("This step is not possible in the meeting's current status."),
)

# A participant hears of the meeting when the approved notice goes out, not before.
NOTICE_OUT = frozenset({S.NOTICE_SENT, S.HELD, S.MINUTES_FINAL})
# Past the draft: a meeting that counts for the leading group's rhythm.
PAST_DRAFT = frozenset(S.values) - {S.DRAFT}
# Invitations still to be answered or attended.
UPCOMING = frozenset({S.NOTICE_SENT, S.HELD})
# What may still change in each status.
AGENDA_EDITABLE = frozenset({S.DRAFT})
PARTICIPANTS_EDITABLE = frozenset({S.DRAFT, S.NOTICE_PENDING, S.NOTICE_SENT, S.HELD})
RSVP_OPEN = frozenset({S.NOTICE_SENT})
SIGNIN_OPEN = frozenset({S.NOTICE_SENT, S.HELD})
MINUTES_EDITABLE = frozenset({S.NOTICE_SENT, S.HELD})
SCRIPT_EDITABLE = frozenset({S.DRAFT, S.NOTICE_PENDING, S.NOTICE_SENT, S.HELD})


def _is_invited(access, user, participant) -> bool:
    return participant.user_id is not None and participant.user_id == user.pk


_ANSWERABLE = frozenset({Rsvp.PENDING, Rsvp.CONFIRMED, Rsvp.LEAVE_REQUESTED, Rsvp.LEAVE_REFUSED})

# The invitation's answer (参会回执), recorded on the meeting's timeline.
RSVP_FLOW = AuditFlow(
    Participant,
    [
        Step(
            "confirm",
            _ANSWERABLE,
            Rsvp.CONFIRMED,
            E.RSVP_CONFIRMED,
            condition=_is_invited,
        ),
        Step(
            "request_leave",
            _ANSWERABLE,
            Rsvp.LEAVE_REQUESTED,
            E.LEAVE_REQUESTED,
            condition=_is_invited,
            notices=(
                Notice(
                    Action.GRANT_MEETING_LEAVE,
                    _("%(name)s asks for leave from meeting %(label)s"),
                    body_from_note=True,
                ),
            ),
        ),
        Step(
            "grant_leave",
            frozenset({Rsvp.LEAVE_REQUESTED}),
            Rsvp.LEAVE_GRANTED,
            E.LEAVE_GRANTED,
            action=Action.GRANT_MEETING_LEAVE,
            refusal=_("There is no leave request to answer."),
        ),
        Step(
            "refuse_leave",
            frozenset({Rsvp.LEAVE_REQUESTED}),
            Rsvp.LEAVE_REFUSED,
            E.LEAVE_REFUSED,
            action=Action.GRANT_MEETING_LEAVE,
            refusal=_("There is no leave request to answer."),
        ),
    ],
    state_field="rsvp",
    url=lambda participant: meeting_url(participant.meeting),
    enterprise=lambda participant: participant.meeting.enterprise,
    target=lambda participant: participant.meeting,
    refusal=_("Your leave was already granted."),
)
