"""Steps 4–5: the meeting list, convening and editing a meeting, its page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from consult.access import get_enterprise_for
from consult.roles import Action
from meetings import services
from meetings.forms import (
    MeetingForm,
)
from meetings.selectors import (
    get_meeting_for,
    meetings_for,
    meetings_listed,
    queued_topics,
)
from meetings.services import MeetingError
from meetings.views._common import INVALID, _detail, _to_detail


@login_required
def meeting_list(request, code):
    access = get_enterprise_for(request.user, code)
    manage = access.may(Action.MANAGE_MEETINGS)
    show_all = request.GET.get("show") == "all"
    return render(
        request,
        "meetings/list.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "meetings": meetings_listed(meetings_for(access, request.user), show_all=show_all),
            "show_all": show_all,
            "manage": manage,
            "queue": queued_topics(access.enterprise) if manage else None,
        },
    )


@login_required
def meeting_create(request, code):
    access = get_enterprise_for(request.user, code, action=Action.MANAGE_MEETINGS)
    enterprise = access.enterprise
    form = MeetingForm(
        request.POST or None,
        enterprise=enterprise,
        initial={"host": request.user, "place": enterprise.union_office_address},
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                enterprise=enterprise, by=request.user, **form.cleaned_data
            )
        except MeetingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Meeting %(label)s was convened.") % {"label": meeting.label}
            )
            return _to_detail(meeting)
    return render(
        request,
        "meetings/form.html",
        {"access": access, "enterprise": enterprise, "form": form, "meeting": None},
        status=INVALID if request.method == "POST" else 200,
    )


@login_required
def meeting_edit(request, code, pk):
    access, meeting, _mine = get_meeting_for(request.user, code, pk, action=Action.MANAGE_MEETINGS)
    form = MeetingForm(
        request.POST or None,
        enterprise=meeting.enterprise,
        initial=MeetingForm.initial_for(meeting),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, by=request.user, **form.cleaned_data)
        except MeetingError as exc:
            form.add_error(None, exc.message)
        else:
            return _to_detail(meeting)
    return render(
        request,
        "meetings/form.html",
        {"access": access, "enterprise": meeting.enterprise, "form": form, "meeting": meeting},
        status=INVALID if request.method == "POST" else 200,
    )


@login_required
def meeting_detail(request, code, pk):
    access, meeting, mine = get_meeting_for(request.user, code, pk)
    return _detail(request, access, meeting, mine)
