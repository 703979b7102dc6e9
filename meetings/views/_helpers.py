"""Shared by the meeting actions: a page button through the one step runner, posted ids."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from consult.steps import INVALID, run_step
from meetings.models import (
    AgendaItem,
    Participant,
)
from meetings.views._common import _detail
from meetings.workflow import MEETING_FLOW, meeting_url


def _returned_text(_data, result):
    return result if isinstance(result, str) else None


def _run(
    request,
    access,
    meeting,
    mine,
    call,
    said=None,
    *,
    step: str | None = None,
    flow=MEETING_FLOW,
    obj=None,
    form=None,
    form_name: str = "form",
    invalid=None,
):
    """A meeting page's button through the one step runner (consult.steps).

    `step`: the step of `flow` (the meeting's, or `obj`'s: an invitation) the button takes,
    which the table answers first (403, or 409 when the status refuses it); None for an edit
    that is no step (the agenda, the participants, sign-in), which the access helper's action
    and the service's status check decide. Input the service cannot take (`MeetingError`, a
    `ValidationError`) answers 400, a refusing status (`StepRefused`) 409, with the page shown
    again and nothing saved. What happened and who acts next is `said`, or the text `call`
    returns. `invalid`: the message shown above a form to correct (`form_name` on the page)."""

    def page(bound, status):
        meeting.refresh_from_db()
        forms = {form_name: bound} if bound is not None else {}
        error = invalid if status == INVALID and bound is not None else None
        return _detail(request, access, meeting, mine, status=status, error=error, **forms)

    return run_step(
        request,
        flow=flow,
        access=access,
        obj=meeting if obj is None else obj,
        step=step,
        call=call,
        page=page,
        said=_returned_text if said is None else said,
        to=meeting_url(meeting),
        form=form,
    )


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
