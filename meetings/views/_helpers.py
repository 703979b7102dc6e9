"""Shared by the meeting actions: run a service and answer, parse posted ids."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404

from consult.workflow import StepRefused
from meetings.models import (
    AgendaItem,
    Participant,
)
from meetings.selectors import (
    get_meeting_for,
)
from meetings.services import MeetingError
from meetings.views._common import INVALID, _detail, _to_detail


def _act(request, code, pk, action, fn, success: str | None = None):
    """Run a service for a meeting page button; show the page with the message when refused
    (400 for input the service cannot take, 409 for a step the meeting's status refuses).
    What happened and who acts next is `success`, or the text `fn` returns."""
    access, meeting, mine = get_meeting_for(request.user, code, pk, action=action)
    try:
        said = fn(meeting, mine)
    except MeetingError as exc:
        return _detail(request, access, meeting, mine, status=INVALID, error=exc.message)
    except StepRefused as exc:
        meeting.refresh_from_db()
        return _detail(
            request, access, meeting, mine, status=StepRefused.status_code, error=exc.message
        )
    if isinstance(said, str) or success:
        messages.success(request, said if isinstance(said, str) else success)
    return _to_detail(meeting)


def _posted_id(request, name: str) -> int:
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise Http404
    return int(value)


def _item(meeting, request) -> AgendaItem:
    return get_object_or_404(AgendaItem, meeting=meeting, pk=_posted_id(request, "item"))


def _participant(meeting, pk) -> Participant:
    return get_object_or_404(
        Participant.objects.select_related("meeting__enterprise"), meeting=meeting, pk=pk
    )
