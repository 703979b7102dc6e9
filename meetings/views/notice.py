"""Step 4: the meeting notice, its approval and return."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consult.roles import Action
from meetings import services
from meetings.views._helpers import _act


@login_required
@require_POST
def notice_submit(request, code, pk):
    return _act(
        request,
        code,
        pk,
        Action.MANAGE_MEETINGS,
        lambda m, _mine: services.notice_submit(meeting=m, by=request.user),
        _("The notice was submitted to the administrative head."),
    )


@login_required
@require_POST
def notice_approve(request, code, pk):
    return _act(
        request,
        code,
        pk,
        Action.APPROVE_MEETING_NOTICE,
        lambda m, _mine: services.notice_approve(meeting=m, by=request.user),
        _("The notice was approved and sent to the participants."),
    )


@login_required
@require_POST
def notice_return(request, code, pk):
    return _act(
        request,
        code,
        pk,
        Action.APPROVE_MEETING_NOTICE,
        lambda m, _mine: services.notice_return(
            meeting=m, by=request.user, note=request.POST.get("note", "")
        ),
        _("The notice went back to the union."),
    )
