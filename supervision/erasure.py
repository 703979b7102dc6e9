"""Step 6's part of an erasure (个人信息保护法): the phrases that identified the requester go
from the item's tasks, visits, escalations and what the requester was told."""

from consult.privacy import scrub_rows
from grievances.services.erasure import erase_audit_events, erase_notifications
from supervision.models import Escalation, RequesterTold, Task, TrackingVisit
from supervision.workflow import task_url


def erase_identity(sender, grievance, phrases, requester_id, **kwargs):
    """Receiver of consult.privacy.identity_erased, inside the erasing transaction."""
    scrub_rows(RequesterTold.objects.filter(grievance=grievance), ("text",), phrases)
    tasks = list(Task.objects.filter(grievances=grievance).select_related("enterprise"))
    if not tasks:
        return
    scrub_rows(
        Task.objects.filter(pk__in=[t.pk for t in tasks]),
        ("title", "content", "progress", "outcome_text"),
        phrases,
    )
    scrub_rows(TrackingVisit.objects.filter(task__in=tasks), ("findings",), phrases)
    scrub_rows(Escalation.objects.filter(task__in=tasks), ("reason", "answer"), phrases)
    erase_audit_events(Task._meta.label_lower, [t.pk for t in tasks], phrases, requester_id)
    erase_notifications(grievance.enterprise, [task_url(t) for t in tasks], phrases, None)
