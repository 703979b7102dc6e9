"""Shared by the step 3 pages: response codes, page size, event labels, item URLs."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from grievances import events
from grievances.models import Grievance

INVALID = 400  # a form that cannot be taken is shown again with this status
CONFLICT = 409  # a step that does not follow from the item's status
PAGE_SIZE = 25

EVENT_LABELS = {
    "submitted": gettext_lazy("Submitted"),
    "registered": gettext_lazy("Registered by the union"),
    "verified": gettext_lazy("Accepted as authentic"),
    "rejected": gettext_lazy("Rejected"),
    "merged": gettext_lazy("Merged into another item"),
    "absorbed": gettext_lazy("Another item merged into this one"),
    "classified": gettext_lazy("Classified"),
    "opinion_signed": gettext_lazy("Union opinion signed"),
    "routing_approved": gettext_lazy("Routing approved"),
    "routing_returned": gettext_lazy("Returned to the union"),
    "answered": gettext_lazy("Answered by the department"),
    "department_cannot_solve": gettext_lazy("The department cannot solve it"),
    "withdrawn": gettext_lazy("Withdrawn"),
    "topic_assigned": gettext_lazy("Grouped into a topic"),
    "put_on_agenda": gettext_lazy("Put on a meeting agenda"),
    "taken_off_agenda": gettext_lazy("Taken off a meeting agenda"),
    "decided": gettext_lazy("Decided at a meeting"),
    "attachment_added": gettext_lazy("Attachment added"),
}


def event_label(action: str) -> str:
    if action in EVENT_LABELS:
        return str(EVENT_LABELS[action])
    return events.event_label(action)  # the later steps' events (supervision, surveys)


def _detail_url(grievance: Grievance) -> str:
    return reverse("grievance_detail", args=[grievance.enterprise.code, grievance.pk])
