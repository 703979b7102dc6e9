"""Shared by the grievance services: numbering, recording, the meeting path's hand-offs."""

from django.db import transaction

from consult.numbering import next_number
from consult.workflow import StepRefused, apply
from grievances.models import Grievance, GrievanceCounter, Topic
from grievances.workflow import GRIEVANCE_FLOW, TOPIC_FLOW

# Kept as the name every caller knows: a step the item's status does not allow (409).
TransitionError = StepRefused


def next_serial(*, enterprise, year: int) -> int:
    """The next grievance serial of the enterprise and year (see consult.numbering)."""
    return next_number(GrievanceCounter, enterprise=enterprise, year=year)


def record(*, grievance: Grievance, by, action: str, note: str = "", data: dict | None = None):
    """An event that changes no status (a reply, an attachment, a topic assignment)."""
    return GRIEVANCE_FLOW.record(grievance, action, by=by, note=note, data=data)


def _topic_and_grievances(*, topic: Topic, by, step: str, note: str):
    """Move the topic, and each of its items that the same step applies to."""
    moved = apply(TOPIC_FLOW, topic, step, by=by, note=note)
    for grievance in topic.grievances.filter(status__in=GRIEVANCE_FLOW.step(step).sources):
        apply(GRIEVANCE_FLOW, grievance, step, by=by, note=note, caused_by=moved)
    return topic


@transaction.atomic
def topic_schedule(*, topic: Topic, by, meeting_label: str) -> Topic:
    """Steps 4–5: the topic goes onto a meeting's agenda; its grievances follow."""
    return _topic_and_grievances(topic=topic, by=by, step="schedule", note=meeting_label)


@transaction.atomic
def topic_unschedule(*, topic: Topic, by, meeting_label: str) -> Topic:
    """Steps 4–5: the topic is taken off an agenda and waits for another meeting."""
    return _topic_and_grievances(topic=topic, by=by, step="unschedule", note=meeting_label)


@transaction.atomic
def topic_decide(*, topic: Topic, by, note: str) -> Topic:
    """Step 5: the meeting decided the topic (minutes finalised); its grievances follow."""
    return _topic_and_grievances(topic=topic, by=by, step="decide", note=note)
