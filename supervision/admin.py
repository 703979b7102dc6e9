"""Read-only views of step 6 in the admin site, scoped to the user's enterprises.

Every change goes through the supervision pages (and so through `supervision.services`).
No requester field is shown, filtered or searched here.
"""

from django.contrib import admin

from consult.admin import ReadOnlyScopedAdmin
from consult.admin_scoping import PeopleShown, ReadOnlyInline
from consult.roles import Action
from supervision.models import (
    Bulletin,
    Escalation,
    RequesterTold,
    Task,
    TrackingVisit,
)


class SupervisionAdmin(PeopleShown, ReadOnlyScopedAdmin):
    view_action = Action.SUPERVISE


class VisitInline(ReadOnlyInline):
    model = TrackingVisit
    fields = ["visited_on", "method", "union_members", "findings", "status"]
    readonly_fields = fields


class ToldInline(ReadOnlyInline):
    model = RequesterTold
    fields = ["grievance", "method", "told_at"]
    readonly_fields = fields


class EscalationInline(ReadOnlyInline):
    model = Escalation
    fk_name = "task"
    fields = ["to_enterprise", "status", "created_at", "answered_at"]
    readonly_fields = fields


@admin.register(Task)
class TaskAdmin(SupervisionAdmin):
    inlines = [VisitInline, ToldInline, EscalationInline]
    list_display = ["title", "enterprise", "lead_department", "deadline", "status"]
    list_filter = ["status", "source"]
    list_select_related = ["enterprise", "lead_department"]
    exclude = ["grievances"]
    people_fields = ("reported_by",)


@admin.register(Bulletin)
class BulletinAdmin(SupervisionAdmin):
    list_display = ["title", "enterprise", "dated", "status"]
    list_filter = ["status"]
    people_fields = ("issued_by", "created_by")
