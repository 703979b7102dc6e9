"""Step 5: the chairing script and the minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consult.roles import Action
from consult.workdays import add_working_days, uncovered_years
from meetings import documents, services
from meetings.forms import (
    AgendaMinutesForm,
    HeadRemarksForm,
    RhythmMinutesForm,
    ScriptForm,
)
from meetings.selectors import (
    get_meeting_for,
)
from meetings.services import MeetingError
from meetings.views._common import INVALID, _detail, _to_detail
from meetings.views._helpers import _run


@login_required
def script_edit(request, code, pk):
    access, meeting, _mine = get_meeting_for(request.user, code, pk, action=Action.MANAGE_MEETINGS)
    regenerate = request.method == "POST" and "regenerate" in request.POST
    initial = documents.script_generate(meeting) if regenerate else documents.script_text(meeting)
    form = ScriptForm(None if regenerate else (request.POST or None), initial={"script": initial})
    status = 200
    if request.method == "POST" and not regenerate and form.is_valid():
        try:
            services.script_save(meeting=meeting, by=request.user, text=form.cleaned_data["script"])
        except MeetingError as exc:
            form.add_error(None, exc.message)
            status = INVALID
        else:
            messages.success(request, _("The chairing script was saved."))
            return _to_detail(meeting)
    return render(
        request,
        "meetings/script.html",
        {"access": access, "enterprise": meeting.enterprise, "meeting": meeting, "form": form},
        status=status,
    )


@login_required
def minutes_edit(request, code, pk):
    access, meeting, _mine = get_meeting_for(request.user, code, pk, action=Action.MANAGE_MEETINGS)
    if meeting.status not in services.MINUTES_EDITABLE:
        messages.error(request, _("The minutes can no longer be changed."))
        if request.method == "POST":
            return _detail(request, access, meeting, _mine, status=409)
        return _to_detail(meeting)
    if meeting.is_rhythm:
        return _rhythm_minutes(request, access, meeting)
    items = list(
        meeting.items.select_related("topic__category").prefetch_related(
            "departments", "topic__departments"
        )
    )
    data = request.POST if request.method == "POST" else None
    forms_ = [
        AgendaMinutesForm(
            data,
            instance=item,
            prefix=f"item{item.pk}",
            enterprise=meeting.enterprise,
            initial=_minutes_initial(item),
        )
        for item in items
    ]
    head = HeadRemarksForm(data, initial={"head_remarks": meeting.head_remarks})
    status = 200
    if request.method == "POST":
        if all(f.is_valid() for f in forms_) and head.is_valid():
            try:
                with transaction.atomic():
                    services.minutes_save(
                        meeting=meeting,
                        by=request.user,
                        items=[{"item": f.instance, **f.cleaned_data} for f in forms_],
                        head_remarks=head.cleaned_data["head_remarks"],
                    )
            except MeetingError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The minutes were saved."))
                return _to_detail(meeting)
        status = INVALID
    return render(
        request,
        "meetings/minutes.html",
        {
            "access": access,
            "enterprise": meeting.enterprise,
            "meeting": meeting,
            "pairs": list(zip(items, forms_, strict=True)),
            "head": head,
            # Working-day deadlines in a year whose holidays are unknown may be wrong.
            "calendar_warning_years": uncovered_years(
                [meeting.date, add_working_days(meeting.date, 30)]
                + [i.deadline for i in items if i.deadline]
            ),
        },
        status=status,
    )


def _rhythm_minutes(request, access, meeting):
    """The minutes of a leading-group quarterly or dispatch meeting: one text and the
    administrative head's remarks, no topics."""
    form = RhythmMinutesForm(
        request.POST or None,
        initial={"minutes_text": meeting.minutes_text, "head_remarks": meeting.head_remarks},
    )
    if request.method == "POST" and form.is_valid():
        services.rhythm_minutes_save(meeting=meeting, by=request.user, **_rhythm_text(form))
        messages.success(request, _("The minutes were saved."))
        return _to_detail(meeting)
    return render(
        request,
        "meetings/minutes.html",
        {
            "access": access,
            "enterprise": meeting.enterprise,
            "meeting": meeting,
            "rhythm_form": form,
            "agenda": meeting.agenda,
            "open_items": documents.open_items_line(meeting),
        },
        status=INVALID if request.method == "POST" else 200,
    )


def _rhythm_text(form) -> dict:
    return {
        "text": form.cleaned_data["minutes_text"],
        "head_remarks": form.cleaned_data["head_remarks"],
    }


def _minutes_initial(item) -> dict:
    """Until the minutes say otherwise, offer what the topic already names (step 3)."""
    initial = {}
    if not item.departments.all():
        initial["departments"] = list(item.topic.departments.all())
    if not item.responsible_person and item.topic.responsible_person:
        initial["responsible_person"] = item.topic.responsible_person
    return initial


@login_required
@require_POST
def minutes_finalise(request, code, pk):
    access, meeting, mine = get_meeting_for(request.user, code, pk, action=Action.MANAGE_MEETINGS)
    return _run(
        request,
        access,
        meeting,
        mine,
        lambda _d: services.minutes_finalise(meeting=meeting, by=request.user),
        _("The minutes are final; the decisions were handed to supervision."),
        step="finalise_minutes",
    )
