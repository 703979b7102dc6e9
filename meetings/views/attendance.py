"""Steps 4–5: RSVP, leave, sign-in, marking the meeting held."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consult.roles import Action
from meetings import services
from meetings.forms import (
    LeaveForm,
)
from meetings.selectors import (
    get_meeting_for,
    self_sign_in_window,
)
from meetings.services import MeetingError
from meetings.views._common import INVALID
from meetings.views._helpers import _participant, _run
from meetings.workflow import RSVP_FLOW


@login_required
@require_POST
def rsvp(request, code, pk):
    access, meeting, mine = get_meeting_for(request.user, code, pk)
    if mine is None:
        raise PermissionDenied  # sees the meeting (union office, head) but is not invited
    answer = request.POST.get("answer")
    if answer not in ("confirm", "leave"):
        raise Http404

    def call(data):
        if answer == "confirm":
            return services.rsvp_confirm(participant=mine, by=request.user)
        return services.rsvp_request_leave(participant=mine, by=request.user, reason=data["reason"])

    return _run(
        request,
        access,
        meeting,
        mine,
        call,
        _("Your answer was recorded."),
        step="confirm" if answer == "confirm" else "request_leave",
        flow=RSVP_FLOW,
        obj=mine,
        form=LeaveForm(request.POST) if answer == "leave" else None,
        form_name="leave_form",
        invalid=_("Give a reason for the leave."),
    )


@login_required
@require_POST
def leave_decide(request, code, pk, participant):
    access, meeting, mine = get_meeting_for(
        request.user, code, pk, action=Action.GRANT_MEETING_LEAVE
    )
    person = _participant(meeting, participant)
    grant = request.POST.get("grant") == "1"

    def run(_data):
        services.leave_decide(participant=person, by=request.user, grant=grant)
        if grant:
            return _("Leave granted to %(name)s, who was told and is not expected.") % {
                "name": person.display_name
            }
        return _("Leave refused: %(name)s was told to attend the meeting.") % {
            "name": person.display_name
        }

    return _run(
        request,
        access,
        meeting,
        mine,
        run,
        step="grant_leave" if grant else "refuse_leave",
        flow=RSVP_FLOW,
        obj=person,
    )


@login_required
@require_POST
def sign_in_tick(request, code, pk, participant):
    access, meeting, mine = get_meeting_for(request.user, code, pk, action=Action.MANAGE_MEETINGS)

    def run(_data):
        present = request.POST.get("present") != "0"
        person = _participant(meeting, participant)
        services.participant_sign_in(participant=person, by=request.user, present=present)
        if present:
            return _("%(name)s is marked present.") % {"name": person.display_name}
        return _("%(name)s is no longer marked present.") % {"name": person.display_name}

    return _run(request, access, meeting, mine, run)


@login_required
def sign_in_self(request, code, pk, token):
    """The page the QR code on the meeting screen opens: the invited person confirms."""
    access, meeting, mine = get_meeting_for(request.user, code, pk)
    if token != meeting.signin_token:
        raise Http404
    if mine is None:
        raise PermissionDenied
    status = 200
    error = None
    opens, closes = self_sign_in_window(meeting)
    now = timezone.now()
    window = "early" if now < opens else "late" if now >= closes else "open"
    if request.method == "POST" and window != "open" and not mine.attended:
        status = INVALID
        error = _("Sign-in with the QR code is open only on the meeting day.")
    elif request.method == "POST":
        try:
            services.participant_sign_in(participant=mine, by=request.user)
        except MeetingError as exc:
            status, error = INVALID, exc.message
        else:
            messages.success(request, _("You are signed in. Welcome."))
            return redirect(request.path)
    return render(
        request,
        "meetings/sign_in.html",
        {
            "access": access,
            "enterprise": meeting.enterprise,
            "meeting": meeting,
            "mine": mine,
            "error": error,
            "window": window,
            "opens": timezone.localtime(opens),
        },
        status=status,
    )


@login_required
@require_POST
def mark_held(request, code, pk):
    access, meeting, mine = get_meeting_for(request.user, code, pk, action=Action.MANAGE_MEETINGS)

    def said(_data, _result):
        if meeting.is_rhythm:
            return _(
                "The meeting is marked as held: answers and sign-in are closed. Next: the union "
                "writes the minutes and the administrative head's remarks, and finalises them."
            )
        return _(
            "The meeting is marked as held: answers and sign-in are closed. Next: the union "
            "writes the minutes and finalises them; each decision then becomes a supervised task."
        )

    return _run(
        request,
        access,
        meeting,
        mine,
        lambda _d: services.meeting_mark_held(meeting=meeting, by=request.user),
        said,
        step="mark_held",
    )
