"""Step 4: the agenda and the participants."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consult.roles import Action
from grievances.models import Topic
from meetings import services
from meetings.forms import (
    ParticipantForm,
    RhythmAgendaForm,
)
from meetings.selectors import (
    get_meeting_for,
)
from meetings.services import MeetingError
from meetings.views._common import INVALID, _detail, _to_detail
from meetings.views._helpers import _act, _item, _participant, _posted_id


@login_required
@require_POST
def rhythm_agenda(request, code, pk):
    """The own agenda of a leading-group quarterly or dispatch meeting (draft only)."""

    def run(meeting, _mine):
        form = RhythmAgendaForm(request.POST)
        if not form.is_valid():
            raise MeetingError(_("Write the agenda."))
        services.meeting_set_agenda(
            meeting=meeting, by=request.user, agenda=form.cleaned_data["agenda"]
        )

    return _act(request, code, pk, Action.MANAGE_MEETINGS, run, _("The agenda was saved."))


@login_required
@require_POST
def agenda_add(request, code, pk):
    def run(meeting, _mine):
        topic = get_object_or_404(
            Topic, enterprise=meeting.enterprise, pk=_posted_id(request, "topic")
        )
        services.meeting_add_topic(meeting=meeting, topic=topic, by=request.user)
        return _(
            "“%(topic)s” is on the agenda of meeting %(label)s; its items are marked as on a "
            "meeting agenda. Next: the union proposes the participants and submits the notice "
            "to the administrative head."
        ) % {"topic": topic.title, "label": meeting.label}

    return _act(request, code, pk, Action.MANAGE_MEETINGS, run)


@login_required
@require_POST
def agenda_remove(request, code, pk):
    def run(meeting, _mine):
        item = _item(meeting, request)
        services.meeting_remove_topic(item=item, by=request.user)
        return _("“%(topic)s” was taken off the agenda; it waits in the queue for a meeting.") % {
            "topic": item.topic.title
        }

    return _act(request, code, pk, Action.MANAGE_MEETINGS, run)


@login_required
@require_POST
def agenda_move(request, code, pk):
    def run(meeting, _mine):
        direction = "up" if request.POST.get("direction") == "up" else "down"
        services.meeting_reorder(item=_item(meeting, request), by=request.user, direction=direction)

    return _act(request, code, pk, Action.MANAGE_MEETINGS, run)


@login_required
@require_POST
def participants_propose(request, code, pk):
    access, meeting, mine = get_meeting_for(request.user, code, pk, action=Action.MANAGE_MEETINGS)
    try:
        created, without_head = services.participants_propose(meeting=meeting, by=request.user)
    except MeetingError as exc:
        return _detail(request, access, meeting, mine, status=INVALID, error=exc.message)
    messages.success(request, _("%(n)d participants were proposed.") % {"n": len(created)})
    if without_head:
        messages.warning(
            request,
            _("No head is recorded for: %(departments)s. Add someone by hand.")
            % {"departments": "、".join(d.name for d in without_head)},
        )
    return _to_detail(meeting)


@login_required
@require_POST
def participant_add(request, code, pk):
    access, meeting, mine = get_meeting_for(request.user, code, pk, action=Action.MANAGE_MEETINGS)
    form = ParticipantForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return _detail(
            request,
            access,
            meeting,
            mine,
            status=INVALID,
            participant_form=form,
            error=_("The person could not be added."),
        )
    try:
        services.participant_add(meeting=meeting, by=request.user, **form.cleaned_data)
    except MeetingError as exc:
        return _detail(
            request, access, meeting, mine, status=INVALID, participant_form=form, error=exc.message
        )
    return _to_detail(meeting)


@login_required
@require_POST
def participant_remove(request, code, pk, participant):
    def run(meeting, _mine):
        services.participant_remove(participant=_participant(meeting, participant), by=request.user)

    return _act(request, code, pk, Action.MANAGE_MEETINGS, run)
