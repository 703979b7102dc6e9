"""The typed events of a grievance's timeline (`GrievanceEvent.action`), with their labels and
whether the requester reads them on /track/ and in their notifications."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from consult.events import register_audit_events


class GrievanceEventType(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    REGISTERED = "registered", _("Registered by the union")
    VERIFIED = "verified", _("Accepted as authentic")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged into another item")
    ABSORBED = "absorbed", _("Another item merged into this one")
    CLASSIFIED = "classified", _("Classified")
    OPINION_SIGNED = "opinion_signed", _("Union opinion signed")
    ROUTING_APPROVED = "routing_approved", _("Routing approved")
    ROUTING_RETURNED = "routing_returned", _("Returned to the union")
    ANSWERED = "answered", _("Answered by the department")
    DEPARTMENT_CANNOT_SOLVE = "department_cannot_solve", _("The department cannot solve it")
    REFERRED_TO_MEETING = "referred_to_meeting", _("The union sent it to a consultation meeting")
    RETURNED_TO_DEPARTMENTS = (
        "returned_to_departments",
        _("The union sent it back to the department"),
    )
    WITHDRAWN = "withdrawn", _("Withdrawn")
    TOPIC_ASSIGNED = "topic_assigned", _("Grouped into a topic")
    TOPIC_UNASSIGNED = "topic_unassigned", _("Taken off a topic")
    PUT_ON_AGENDA = "put_on_agenda", _("Put on a meeting agenda")
    TAKEN_OFF_AGENDA = "taken_off_agenda", _("Taken off a meeting agenda")
    DECIDED = "decided", _("Decided at a meeting")
    ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
    ATTACHMENT_CLEARED = "attachment_cleared", _("Attachment cleared of identifying content")
    # Steps 6–7, written by supervision and surveys through the same flow.
    REPORTED = "reported", _("The handling department reported the result")
    ESCALATED = "escalated", _("Handed up to the parent body")
    ESCALATION_ANSWERED = "escalation_answered", _("The parent body answered")
    INFORMED = "informed", _("The requester was told the result")
    REMEDY_ORDERED = "remedy_ordered", _("Dissatisfied: remedy ordered")
    CLOSED = "closed", _("Closed")
    # 个人信息保护法: the union marks identifying text; the identity is erased (retention or
    # request) while the item's figures stay.
    IDENTIFYING_TEXT_MARKED = "identifying_text_marked", _("Identifying text marked")
    IDENTITY_ERASED = "identity_erased", _("Requester's identity erased")
    # Step 8: brought in, closed, from the office's earlier ledger (ledger.history).
    IMPORTED = "imported", _("Imported from an earlier ledger")


E = GrievanceEventType

# What the requester reads on /track/ and in their notifications.
PUBLIC_EVENTS = frozenset(
    {
        E.SUBMITTED,
        E.REGISTERED,
        E.VERIFIED,
        E.REJECTED,
        E.MERGED,
        E.ROUTING_APPROVED,
        E.ANSWERED,
        E.REFERRED_TO_MEETING,
        E.WITHDRAWN,
        E.PUT_ON_AGENDA,
        E.DECIDED,
        E.ESCALATED,
        E.INFORMED,
        E.REMEDY_ORDERED,
        E.CLOSED,
    }
)


_ACTIONS = frozenset(E.values)  # .values builds a new list on each call


def event_label(action: str) -> str:
    return str(E(action).label) if action in _ACTIONS else action


@register_audit_events
class TopicEvent(models.TextChoices):
    CREATED = "topic_created", _("Topic created")
    QUEUED = "topic_queued", _("Topic waiting for a meeting")
    EDITED = "topic_edited", _("Topic edited")
    ITEM_REMOVED = "topic_item_removed", _("Item taken off the topic")
    SCHEDULED = "topic_scheduled", _("Topic put on an agenda")
    UNSCHEDULED = "topic_unscheduled", _("Topic taken off an agenda")
    DECIDED = "topic_decided", _("Topic decided")
    CLOSED = "topic_closed", _("Topic closed")


@register_audit_events
class RegisterEvent(models.TextChoices):
    CREATED = "register_created", _("Register created")
    HANDED_UP = "register_handed_up", _("Register handed up")
    CONVERTED = "register_converted", _("Register turned into grievances")
