"""Reads of the meetings app, scoped to what the user may see, and the one access helper."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from consult.access import EnterpriseAccess, get_enterprise_for
from consult.roles import Action
from grievances.actors import served_by
from grievances.models import Grievance, Topic
from grievances.workflow import TOPIC_FLOW
from meetings.models import Meeting, MeetingKind, MeetingStatus, Participant
from meetings.workflow import NOTICE_OUT, PAST_DRAFT

# A participant hears of the meeting when the approved notice goes out, not before.
INVITED_STATUSES = NOTICE_OUT


def sees_all_meetings(access: EnterpriseAccess) -> bool:
    return access.may(Action.MANAGE_MEETINGS) or access.may(Action.APPROVE_MEETING_NOTICE)


def supervises_meetings(access: EnterpriseAccess) -> bool:
    """Supervisors (督导人员) follow every meeting whose notice went out and its decisions."""
    return access.may(Action.SUPERVISE)


def meetings_for(access: EnterpriseAccess, user) -> QuerySet[Meeting]:
    """Meetings of the enterprise the user may see: all for the union office and the
    administrative head; every meeting past its notice for supervisors; for everyone else
    the ones whose notice invited them."""
    qs = Meeting.objects.filter(enterprise=access.enterprise)
    if supervises_meetings(access) and not sees_all_meetings(access):
        qs = qs.filter(status__in=INVITED_STATUSES)
    elif not sees_all_meetings(access):
        qs = qs.filter(participants__user=user, status__in=INVITED_STATUSES).distinct()
    return qs.select_related("host").annotate(
        topic_count=Count("items", distinct=True),
        participant_count=Count("participants", distinct=True),
        attended_count=Count("participants", filter=Q(participants__attended=True), distinct=True),
    )


def meetings_listed(qs: QuerySet[Meeting], *, show_all: bool) -> QuerySet[Meeting]:
    """The list opens on the meetings still to hold or to finish, the soonest first; with
    `show_all`, every meeting by date, the latest first."""
    if show_all:
        return qs.order_by("-date", "-time", "-id")
    return qs.exclude(status=MeetingStatus.MINUTES_FINAL).order_by("date", "time", "id")


def get_meeting_for(user, code: str, pk: int, *, action: str | None = None):
    """(access, meeting, my participant row or None).

    404 when the user may not see the meeting (another enterprise, or neither invited nor in
    the union office, the administrative head's seat or supervising; or, for the invited and
    supervisors, before the notice went out); 403 when they see it but may not do
    `action`.
    """
    access = get_enterprise_for(user, code)
    meeting = get_object_or_404(
        Meeting.objects.select_related("enterprise", "host"), enterprise=access.enterprise, pk=pk
    )
    mine = meeting.participants.filter(user=user).first()
    if sees_all_meetings(access):
        pass
    elif meeting.status not in INVITED_STATUSES:
        raise Http404
    elif mine is None and not supervises_meetings(access):
        raise Http404
    if action is not None and not access.may(action):
        raise PermissionDenied
    return access, meeting, mine


def queued_topics(enterprise) -> QuerySet[Topic]:
    """The meeting queue: topics routed to a meeting and not yet on an agenda."""
    return (
        Topic.objects.filter(enterprise=enterprise, status__in=TOPIC_FLOW.step("schedule").sources)
        .select_related("category__parent")
        .order_by("created_at", "id")
    )


def participants_of(meeting: Meeting) -> list[Participant]:
    from meetings.services import sorted_participants

    return sorted_participants(
        meeting.participants.select_related("user", "substitute_for__user").order_by("id")
    )


def last_meeting_date(enterprise, kinds) -> datetime.date | None:
    return (
        Meeting.objects.filter(enterprise=enterprise, kind__in=kinds)
        .filter(status__in=PAST_DRAFT)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


RHYTHM_KINDS = {
    "group": [MeetingKind.QUARTERLY, MeetingKind.LEADING_GROUP],
    "dispatch": [MeetingKind.DISPATCH],
}


def self_sign_in_window(meeting: Meeting) -> tuple[datetime.datetime, datetime.datetime]:
    """When a participant may sign in with the QR code: on the meeting day, from
    MEETING_SIGNIN_OPENS_MINUTES before the start until the day ends (local time)."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(meeting.date, meeting.time, tzinfo=tz)
    opens = max(
        start - datetime.timedelta(minutes=settings.MEETING_SIGNIN_OPENS_MINUTES),
        datetime.datetime.combine(meeting.date, datetime.time.min, tzinfo=tz),
    )
    closes = datetime.datetime.combine(
        meeting.date + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return opens, closes


def grievances_served(meeting_ids: list[int]) -> dict[int, list[Grievance]]:
    """The items each meeting's agenda holds or held (a topic taken off it included): whom its
    timeline's steps serve (grievances.actors)."""
    path = "topic__agenda_items__meeting_id"
    return served_by(Grievance.objects.filter(**{f"{path}__in": meeting_ids}), path)


def meeting_grievances(meeting: Meeting) -> list[Grievance]:
    return grievances_served([meeting.pk]).get(meeting.pk, [])
