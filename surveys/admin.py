"""Read-only views of step 7 in the admin site, scoped to the user's enterprises.

Every change goes through the survey pages (and so through `surveys.services`). No respondent
account is shown, filtered or searched here: a requester's account would reveal a confidential
identity, and an anonymous requester has none.
"""

from django.contrib import admin

from consult.admin import ReadOnlyScopedAdmin
from consult.admin_scoping import PeopleShown, ReadOnlyInline
from consult.roles import Action
from surveys.models import Answer, Remedy, Respondent, SurveyRound


class SurveyAdmin(PeopleShown, ReadOnlyScopedAdmin):
    view_action = Action.RUN_SURVEYS


class RespondentInline(ReadOnlyInline):
    model = Respondent
    fields = ["kind", "anonymous", "created_at"]
    readonly_fields = fields


class RemedyInline(ReadOnlyInline):
    model = Remedy
    fields = ["department", "responsible_person", "measures", "deadline", "task"]
    readonly_fields = fields


@admin.register(SurveyRound)
class SurveyRoundAdmin(SurveyAdmin):
    inlines = [RespondentInline, RemedyInline]
    people_fields = ("signed_by", "reviewed_by")
    list_display = ["grievance", "number", "enterprise", "department", "status", "opened_on"]
    list_filter = ["status"]
    list_select_related = ["grievance", "enterprise", "department"]
    fields = [
        "enterprise",
        "grievance",
        "number",
        "task",
        "department",
        "responsible_person",
        "status",
        "opened_on",
        "closes_on",
        "closed_at",
        "signed_by",
        "signed_at",
        "review",
        "reviewed_by",
        "reviewed_at",
    ]


@admin.register(Answer)
class AnswerAdmin(SurveyAdmin):
    enterprise_path = "respondent__round__enterprise"
    list_display = ["answered_at", "level", "method"]
    list_filter = ["level", "method"]
    fields = ["level", "reason", "comment", "method", "answered_at", "recorded_by"]
    list_select_related = ["respondent__round__enterprise"]
    people_fields = ("recorded_by",)

    def people_target(self, obj):
        r = obj.respondent.round
        return r.enterprise, ("surveys.surveyround", r.pk)
