"""Read-only views of meetings in the admin site, scoped to the user's enterprises.

Every change goes through the meeting pages (and so through `meetings.services`)."""

from django.contrib import admin

from consult.admin import ReadOnlyScopedAdmin
from consult.admin_scoping import PeopleShown, ReadOnlyInline
from consult.roles import Action
from meetings.models import AgendaItem, Decision, Meeting, Participant


class MeetingScopedAdmin(PeopleShown, ReadOnlyScopedAdmin):
    view_action = Action.MANAGE_MEETINGS


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    fields = ["order", "topic", "decision", "responsible_person", "deadline"]
    readonly_fields = fields


@admin.register(Meeting)
class MeetingAdmin(MeetingScopedAdmin):
    inlines = [AgendaItemInline]
    people_fields = ("notice_approved_by", "minutes_finalised_by", "created_by")
    list_display = ["__str__", "enterprise", "kind", "date", "place", "status"]
    list_filter = ["status", "kind"]


@admin.register(Participant)
class ParticipantAdmin(MeetingScopedAdmin):
    enterprise_path = "meeting__enterprise"
    list_display = ["__str__", "meeting", "group", "label", "rsvp", "attended"]
    list_filter = ["group", "rsvp"]
    people_fields = ("removed_by",)

    def people_target(self, obj):
        return obj.meeting.enterprise, ("meetings.meeting", obj.meeting_id)


@admin.register(Decision)
class DecisionAdmin(MeetingScopedAdmin):
    enterprise_path = "meeting__enterprise"
    list_display = ["__str__", "responsible_person", "deadline"]
