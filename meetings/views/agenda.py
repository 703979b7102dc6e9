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
from meetings.views._helpers import _item, _participant, _posted_id, _run


@login_required
@require_POST
def rhythm_agenda(request, code, pk):
    """The own agenda of a leading-group quarterly or dispatch meeting (draft only)."""

    access, meeting, mine = get_meeting_for(request.user, code, pk, action=Action.MANAGE_MEETINGS)
    return _run(
        request,
        access,
        meeting,
        mine,
        lambda d: services.meeting_set_agenda(meeting=meeting, by=request.user, agenda=d["agenda"]),
        _("The agenda was saved."),
        form=RhythmAgendaForm(request.POST),
        form_name="rhythm_agenda_form",
        invalid=_("Write the agenda."),
    )


@login_required
@require_POST
def agenda_add(request, code, pk):
    access, meeting, mine = get_meeting_for(request.user, code, pk, action=Action.MANAGE_MEETINGS)

    def run(_data):
        topic = get_object_or_404(
            Topic, enterprise=meeting.enterprise, pk=_posted_id(request, "topic")
        )
        services.meeting_add_topic(meeting=meeting, topic=topic, by=request.user)
        return _(
            "“%(topic)s” is on the agenda of meeting %(label)s; its items are marked as on a "
            "meeting agenda. Next: the union proposes the participants and submits the notice "
            "to the administrative head."
        ) % {"topic": topic.title, "label": meeting.label}

    return _run(request, access, meeting, mine, run)


@login_required
@require_POST
def agenda_remove(request, code, pk):
    access, meeting, mine = get_meeting_for(request.user, code, pk, action=Action.MANAGE_MEETINGS)

    def run(_data):
        item = _item(meeting, request)
        services.meeting_remove_topic(item=item, by=request.user)
        return _("“%(topic)s” was taken off the agenda; it waits in the queue for a meeting.") % {
            "topic": item.topic.title
        }

    return _run(request, access, meeting, mine, run)


@login_required
@require_POST
def agenda_move(request, code, pk):
    access, meeting, mine = get_meeting_for(request.user, code, pk, action=Action.MANAGE_MEETINGS)

    def run(_data):
        direction = "up" if request.POST.get("direction") == "up" else "down"
        services.meeting_reorder(item=_item(meeting, request), by=request.user, direction=direction)

    return _run(request, access, meeting, mine, run)


@login_required
@require_POST
def participants_propose(request, code, pk):
    access, meeting, mine = get_meeting_for(request.user, code, pk, action=Action.MANAGE_MEETINGS)

    def said(_data, proposed):
        created, without_head = proposed
        if without_head:
            messages.warning(
                request,
                _("No head is recorded for: %(departments)s. Add someone by hand.")
                % {"departments": "、".join(d.name for d in without_head)},
            )
        return _("%(n)d participants were proposed.") % {"n": len(created)}

    return _run(
        request,
        access,
        meeting,
        mine,
        lambda _d: services.participants_propose(meeting=meeting, by=request.user),
        said,
    )


@login_required
@require_POST
def participant_add(request, code, pk):
    access, meeting, mine = get_meeting_for(request.user, code, pk, action=Action.MANAGE_MEETINGS)
    return _run(
        request,
        access,
        meeting,
        mine,
        lambda d: services.participant_add(meeting=meeting, by=request.user, **d),
        said=lambda _d, _r: None,
        form=ParticipantForm(request.POST, meeting=meeting),
        form_name="participant_form",
        invalid=_("The person could not be added."),
    )


@login_required
@require_POST
def participant_remove(request, code, pk, participant):
    access, meeting, mine = get_meeting_for(request.user, code, pk, action=Action.MANAGE_MEETINGS)

    def run(_data):
        services.participant_remove(participant=_participant(meeting, participant), by=request.user)

    return _run(request, access, meeting, mine, run)
