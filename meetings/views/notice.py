"""Step 4: the meeting notice, its approval and return."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consult.roles import Action
from meetings import services
from meetings.selectors import get_meeting_for
from meetings.views._helpers import _run


@login_required
@require_POST
def notice_submit(request, code, pk):
    access, meeting, mine = get_meeting_for(request.user, code, pk, action=Action.MANAGE_MEETINGS)
    return _run(
        request,
        access,
        meeting,
        mine,
        lambda _d: services.notice_submit(meeting=meeting, by=request.user),
        _("The notice was submitted to the administrative head."),
        step="submit_notice",
    )


@login_required
@require_POST
def notice_approve(request, code, pk):
    access, meeting, mine = get_meeting_for(
        request.user, code, pk, action=Action.APPROVE_MEETING_NOTICE
    )
    return _run(
        request,
        access,
        meeting,
        mine,
        lambda _d: services.notice_approve(meeting=meeting, by=request.user),
        _("The notice was approved and sent to the participants."),
        step="approve_notice",
    )


@login_required
@require_POST
def notice_return(request, code, pk):
    access, meeting, mine = get_meeting_for(
        request.user, code, pk, action=Action.APPROVE_MEETING_NOTICE
    )
    return _run(
        request,
        access,
        meeting,
        mine,
        lambda _d: services.notice_return(
            meeting=meeting, by=request.user, note=request.POST.get("note", "")
        ),
        _("The notice went back to the union."),
        step="return_notice",
    )
