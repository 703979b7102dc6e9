"""The typed events of a survey round's timeline (consult.AuditEvent rows)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from consult.events import register_audit_events


@register_audit_events
class SurveyEvent(models.TextChoices):
    ROUND_OPENED = "survey_opened", _("Survey round opened")
    RESPONDENT_ADDED = "survey_respondent_added", _("Respondent added")
    ANSWERED = "survey_answered", _("Answered online")
    ANSWER_RECORDED = "survey_answer_recorded", _("Answer recorded by the union")
    ROUND_CLOSED = "survey_closed", _("Survey round closed")
    SIGNED = "survey_signed", _("Result signed by the supervisor")
    REVIEWED = "survey_reviewed", _("Union review and feedback")
    REMEDY_ORDERED = "survey_remedy_ordered", _("Remedy ordered")
