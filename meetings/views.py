"""Pages of steps 4–5. Each workflow view: parse → access → service → redirect.

A step that cannot be taken shows the page again with HTTP 400 and the reason; the service's
transaction guarantees nothing was half-saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consult.access import get_enterprise_for
from consult.audit import events_for
from consult.documents import qr_svg_data_uri
from consult.roles import Action
from consult.workdays import add_working_days, uncovered_years
from grievances.models import Topic
from meetings import documents, services
from meetings.forms import (
    AgendaMinutesForm,
    HeadRemarksForm,
    LeaveForm,
    MeetingForm,
    ParticipantForm,
    ScriptForm,
)
from meetings.models import (
    EVENT_LABELS,
    AgendaItem,
    Decision,
    MeetingStatus,
    Participant,
    Rsvp,
)
from meetings.selectors import (
    get_meeting_for,
    meetings_for,
    participants_of,
    queued_topics,
)
from meetings.services import MeetingError

INVALID = 400


def _to_detail(meeting):
    return redirect("meeting_detail", code=meeting.enterprise.code, pk=meeting.pk)


def _detail(request, access, meeting, mine, *, status=200, error=None, **forms):
    if error:
        messages.error(request, error)
    participants = participants_of(meeting)
    items = list(
        meeting.items.select_related("topic__category").prefetch_related("topic__departments")
    )
    manage = access.may(Action.MANAGE_MEETINGS)
    today = timezone.localdate()
    signin_url = request.build_absolute_uri(
        reverse(
            "meeting_sign_in_self",
            kwargs={
                "code": meeting.enterprise.code,
                "pk": meeting.pk,
                "token": meeting.signin_token,
            },
        )
    )
    ctx = {
        "access": access,
        "enterprise": meeting.enterprise,
        "meeting": meeting,
        "mine": mine,
        "items": items,
        "participants": participants,
        "attendance": documents.attendance_summary(meeting),
        "manage": manage,
        "may_approve": access.may(Action.APPROVE_MEETING_NOTICE),
        "may_grant": access.may(Action.GRANT_MEETING_LEAVE),
        "queue": list(queued_topics(meeting.enterprise)) if manage else [],
        "agenda_editable": meeting.status in services.AGENDA_EDITABLE,
        "participants_editable": meeting.status in services.PARTICIPANTS_EDITABLE,
        "rsvp_open": meeting.status in services.RSVP_OPEN,
        "signin_open": meeting.status in services.SIGNIN_OPEN,
        "minutes_editable": meeting.status in services.MINUTES_EDITABLE,
        "reply_overdue": bool(meeting.reply_by and meeting.reply_by < today),
        "decisions": list(
            Decision.objects.filter(meeting=meeting)
            .select_related("topic")
            .prefetch_related("departments")
        ),
        "events": [
            (e, EVENT_LABELS.get(e.action, e.action))
            for e in events_for(meeting).order_by("-created_at", "-id")[:30]
        ]
        if manage
        else [],
        "signin_url": signin_url,
        "signin_qr": qr_svg_data_uri(signin_url)
        if manage and meeting.status in services.SIGNIN_OPEN
        else "",
        "participant_form": forms.get("participant_form") or ParticipantForm(meeting=meeting),
        "leave_form": forms.get("leave_form") or LeaveForm(),
        "S": MeetingStatus,
        "Rsvp": Rsvp,
        "documents": documents.ARCHIVE,
    }
    return render(request, "meetings/detail.html", ctx, status=status)


@login_required
def meeting_list(request, code):
    access = get_enterprise_for(request.user, code)
    manage = access.may(Action.MANAGE_MEETINGS)
    return render(
        request,
        "meetings/list.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "meetings": meetings_for(access, request.user),
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


def _act(request, code, pk, action, fn, success: str | None = None):
    """Run a service for a meeting page button; on MeetingError show the page with 400."""
    access, meeting, mine = get_meeting_for(request.user, code, pk, action=action)
    try:
        fn(meeting, mine)
    except MeetingError as exc:
        return _detail(request, access, meeting, mine, status=INVALID, error=exc.message)
    if success:
        messages.success(request, success)
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


@login_required
@require_POST
def agenda_add(request, code, pk):
    def run(meeting, _mine):
        topic = get_object_or_404(
            Topic, enterprise=meeting.enterprise, pk=_posted_id(request, "topic")
        )
        services.meeting_add_topic(meeting=meeting, topic=topic, by=request.user)

    return _act(request, code, pk, Action.MANAGE_MEETINGS, run)


@login_required
@require_POST
def agenda_remove(request, code, pk):
    def run(meeting, _mine):
        services.meeting_remove_topic(item=_item(meeting, request), by=request.user)

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


@login_required
@require_POST
def rsvp(request, code, pk):
    access, meeting, mine = get_meeting_for(request.user, code, pk)
    if mine is None:
        raise PermissionDenied  # sees the meeting (union office, head) but is not invited
    answer = request.POST.get("answer")
    form = LeaveForm(request.POST)
    try:
        if answer == "confirm":
            services.rsvp_confirm(participant=mine, by=request.user)
        elif answer == "leave":
            if not form.is_valid():
                return _detail(
                    request,
                    access,
                    meeting,
                    mine,
                    status=INVALID,
                    leave_form=form,
                    error=_("Give a reason for the leave."),
                )
            services.rsvp_request_leave(
                participant=mine, by=request.user, reason=form.cleaned_data["reason"]
            )
        else:
            raise Http404
    except MeetingError as exc:
        return _detail(
            request, access, meeting, mine, status=INVALID, leave_form=form, error=exc.message
        )
    messages.success(request, _("Your answer was recorded."))
    return _to_detail(meeting)


@login_required
@require_POST
def leave_decide(request, code, pk, participant):
    def run(meeting, _mine):
        services.leave_decide(
            participant=_participant(meeting, participant),
            by=request.user,
            grant=request.POST.get("grant") == "1",
        )

    return _act(request, code, pk, Action.GRANT_MEETING_LEAVE, run)


@login_required
@require_POST
def sign_in_tick(request, code, pk, participant):
    def run(meeting, _mine):
        services.participant_sign_in(
            participant=_participant(meeting, participant),
            by=request.user,
            present=request.POST.get("present") != "0",
        )

    return _act(request, code, pk, Action.MANAGE_MEETINGS, run)


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
    if request.method == "POST":
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
        },
        status=status,
    )


@login_required
@require_POST
def mark_held(request, code, pk):
    return _act(
        request,
        code,
        pk,
        Action.MANAGE_MEETINGS,
        lambda m, _mine: services.meeting_mark_held(meeting=m, by=request.user),
    )


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
    return _act(
        request,
        code,
        pk,
        Action.MANAGE_MEETINGS,
        lambda m, _mine: services.minutes_finalise(meeting=m, by=request.user),
        _("The minutes are final; the decisions were handed to supervision."),
    )


@login_required
def document(request, code, pk, kind, fmt):
    _access, meeting, _mine = get_meeting_for(request.user, code, pk)
    return documents.response(meeting, kind, fmt)


@login_required
def archive(request, code, pk):
    _access, meeting, _mine = get_meeting_for(request.user, code, pk)
    return documents.archive_response(meeting)
