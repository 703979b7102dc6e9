"""The typed events of a task's and a bulletin's timeline (consult.AuditEvent rows)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from consult.events import register_audit_events


@register_audit_events
class SupervisionEvent(models.TextChoices):
    TASK_CREATED = "task_created", _("Task created")
    PROGRESS_RECORDED = "task_progress", _("Progress recorded")
    TASK_REPORTED = "task_reported", _("Result reported to the union")
    VISIT_RECORDED = "visit_recorded", _("Tracking visit recorded")
    VISITS_REQUIRED = "visits_required", _("Visits required changed")
    TASK_ESCALATED = "task_escalated", _("Handed up to the parent body")
    TASK_HANDED_UP_AGAIN = "task_handed_up_again", _("Handed up again to the next level")
    ESCALATION_ANSWERED = "task_escalation_answered", _("The parent body answered")
    # The escalation's own steps (supervision.workflow.ESCALATION_FLOW), on its page.
    ESCALATION_ANSWER = "escalation_answer", _("Answered by the body it was handed up to")
    ESCALATION_HAND_UP = "escalation_hand_up", _("Handed up by this body to its parent")
    REQUESTER_TOLD = "requester_told", _("Requester told")
    TASK_INFORMED = "task_informed", _("Every requester told")
    TASK_WITHDRAWN = "task_withdrawn", _("Withdrawn: the item went to a consultation meeting")
    BULLETIN_DRAFTED = "bulletin_drafted", _("Bulletin drafted")
    BULLETIN_EDITED = "bulletin_edited", _("Bulletin edited")
    BULLETIN_ISSUED = "bulletin_issued", _("Bulletin issued")
