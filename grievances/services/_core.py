"""The grievance's and topic's transitions and events, and the meeting path's hand-offs."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from consult.numbering import next_number
from grievances.models import (
    Grievance,
    GrievanceCounter,
    GrievanceEvent,
    Status,
    Topic,
)


class TransitionError(Exception):
    """The requested change does not follow from the item's current status."""

    def __init__(self, message=None):
        super().__init__(message or _("This step is not possible in the item's current status."))


# Allowed transitions: from status → set of target statuses.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SUBMITTED: frozenset(
        {Status.VERIFIED, Status.REJECTED, Status.MERGED, Status.WITHDRAWN}
    ),
    Status.VERIFIED: frozenset(
        {Status.CLASSIFIED, Status.REJECTED, Status.MERGED, Status.WITHDRAWN}
    ),
    Status.CLASSIFIED: frozenset(
        {Status.CLASSIFIED, Status.OPINION_SIGNED, Status.MERGED, Status.WITHDRAWN}
    ),
    Status.OPINION_SIGNED: frozenset(
        {Status.ROUTED_DEPARTMENT, Status.ROUTED_MEETING, Status.RETURNED, Status.WITHDRAWN}
    ),
    Status.RETURNED: frozenset({Status.CLASSIFIED, Status.OPINION_SIGNED, Status.WITHDRAWN}),
    Status.ROUTED_DEPARTMENT: frozenset({Status.ANSWERED, Status.ROUTED_MEETING}),
    Status.ROUTED_MEETING: frozenset({Status.IN_MEETING}),
    Status.IN_MEETING: frozenset({Status.DECIDED, Status.ROUTED_MEETING}),
    Status.ANSWERED: frozenset({Status.CLOSED}),
    Status.DECIDED: frozenset({Status.CLOSED}),
    Status.REJECTED: frozenset(),
    Status.MERGED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.CLOSED: frozenset(),
}

TOPIC_TRANSITIONS: dict[str, frozenset[str]] = {
    Topic.Status.OPEN: frozenset({Topic.Status.QUEUED, Topic.Status.CLOSED}),
    Topic.Status.QUEUED: frozenset({Topic.Status.SCHEDULED, Topic.Status.OPEN}),
    Topic.Status.SCHEDULED: frozenset({Topic.Status.DECIDED, Topic.Status.QUEUED}),
    Topic.Status.DECIDED: frozenset({Topic.Status.CLOSED}),
    Topic.Status.CLOSED: frozenset(),
}


def next_serial(*, enterprise, year: int) -> int:
    """The next grievance serial of the enterprise and year (see consult.numbering)."""
    return next_number(GrievanceCounter, enterprise=enterprise, year=year)


def transition(
    *,
    grievance: Grievance,
    to: str,
    by,
    action: str,
    note: str = "",
    public: bool = False,
    data: dict | None = None,
) -> GrievanceEvent:
    """Move `grievance` to `to` and write its event. Call inside a service's transaction.

    The row is re-read under a lock so two requests cannot both make the same step.
    """
    locked = Grievance.objects.select_for_update().get(pk=grievance.pk)
    if to not in TRANSITIONS.get(locked.status, frozenset()):
        raise TransitionError()
    before = locked.status
    Grievance.objects.filter(pk=locked.pk).update(status=to)
    grievance.status = to
    return GrievanceEvent.objects.create(
        grievance=grievance,
        actor=by if by is not None and by.is_authenticated else None,
        action=action,
        from_status=before,
        to_status=to,
        note=note,
        public=public,
        data=data or {},
    )


def record(
    *,
    grievance: Grievance,
    by,
    action: str,
    note: str = "",
    public: bool = False,
    data: dict | None = None,
) -> GrievanceEvent:
    """An event that changes no status (a reply, an attachment, a reclassification note)."""
    return GrievanceEvent.objects.create(
        grievance=grievance,
        actor=by if by is not None and by.is_authenticated else None,
        action=action,
        from_status=grievance.status,
        to_status=grievance.status,
        note=note,
        public=public,
        data=data or {},
    )


def _topic_move(topic: Topic, to: str) -> str:
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    if to not in TOPIC_TRANSITIONS.get(locked.status, frozenset()):
        raise TransitionError()
    before = locked.status
    Topic.objects.filter(pk=topic.pk).update(status=to)
    topic.status = to
    return before


def _topic_and_grievances(
    *,
    topic: Topic,
    by,
    to: str,
    grievances_from: str,
    grievances_to: str,
    action: str,
    note: str,
    public: bool,
) -> Topic:
    _topic_move(topic, to)
    for grievance in topic.grievances.filter(status=grievances_from):
        transition(
            grievance=grievance,
            to=grievances_to,
            by=by,
            action=action,
            note=note,
            public=public,
        )
    return topic


@transaction.atomic
def topic_schedule(*, topic: Topic, by, meeting_label: str) -> Topic:
    """Steps 4–5: the topic goes onto a meeting's agenda; its grievances follow."""
    return _topic_and_grievances(
        topic=topic,
        by=by,
        to=Topic.Status.SCHEDULED,
        grievances_from=Status.ROUTED_MEETING,
        grievances_to=Status.IN_MEETING,
        action="put_on_agenda",
        note=meeting_label,
        public=True,
    )


@transaction.atomic
def topic_unschedule(*, topic: Topic, by, meeting_label: str) -> Topic:
    """Steps 4–5: the topic is taken off an agenda and waits for another meeting."""
    return _topic_and_grievances(
        topic=topic,
        by=by,
        to=Topic.Status.QUEUED,
        grievances_from=Status.IN_MEETING,
        grievances_to=Status.ROUTED_MEETING,
        action="taken_off_agenda",
        note=meeting_label,
        public=False,
    )


@transaction.atomic
def topic_decide(*, topic: Topic, by, note: str) -> Topic:
    """Step 5: the meeting decided the topic (minutes finalised); its grievances follow."""
    return _topic_and_grievances(
        topic=topic,
        by=by,
        to=Topic.Status.DECIDED,
        grievances_from=Status.IN_MEETING,
        grievances_to=Status.DECIDED,
        action="decided",
        note=note,
        public=True,
    )
