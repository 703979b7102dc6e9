"""Shared by the meeting pages: the meeting page with its forms."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from consult.audit import events_for
from consult.documents import qr_svg_data_uri
from consult.events import audit_label
from consult.roles import Action
from grievances.actors import Actors
from meetings import documents, services
from meetings.forms import (
    LeaveForm,
    ParticipantForm,
)
from meetings.models import (
    Decision,
    Rsvp,
)
from meetings.selectors import (
    meeting_grievances,
    participants_of,
    queued_topics,
)
from meetings.workflow import MEETING_FLOW

INVALID = 400


def _to_detail(meeting):
    return redirect("meeting_detail", code=meeting.enterprise.code, pk=meeting.pk)


def _events(request, access, meeting) -> list:
    """The newest steps, each with its actor's name as the reader may see it."""
    actors = Actors(meeting_grievances(meeting), access, request.user)
    return [
        (e, audit_label(e.action), actors.name(e.actor, e.action))
        for e in events_for(meeting).order_by("-created_at", "-id")[:30]
    ]


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
        "attendance": {
            **documents.attendance_summary(meeting),
            # Someone who signed in has answered, whatever the RSVP says.
            "unanswered": sum(p.rsvp == Rsvp.PENDING and not p.attended for p in participants),
        },
        "manage": manage,
        "steps": MEETING_FLOW.allowed(access, request.user, meeting),
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
        "events": _events(request, access, meeting) if manage else [],
        "signin_url": signin_url,
        "signin_qr": qr_svg_data_uri(signin_url)
        if manage and meeting.status in services.SIGNIN_OPEN
        else "",
        "participant_form": forms.get("participant_form") or ParticipantForm(meeting=meeting),
        "leave_form": forms.get("leave_form") or LeaveForm(),
        "Rsvp": Rsvp,
        "open_items": documents.open_items_line(meeting) if meeting.is_rhythm else "",
    }
    return render(request, "meetings/detail.html", ctx, status=status)
