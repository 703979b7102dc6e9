"""The typed events of a meeting's timeline (consult.AuditEvent rows), with their labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from consult.events import register_audit_events


@register_audit_events
class MeetingEvent(models.TextChoices):
    MEETING_CREATED = "meeting_created", _("Meeting convened")
    MEETING_EDITED = "meeting_edited", _("Meeting details changed")
    TOPIC_ADDED = "topic_added", _("Topic put on the agenda")
    TOPIC_REMOVED = "topic_removed", _("Topic taken off the agenda")
    AGENDA_REORDERED = "agenda_reordered", _("Agenda reordered")
    PARTICIPANTS_PROPOSED = "participants_proposed", _("Participants proposed")
    PARTICIPANT_ADDED = "participant_added", _("Participant added")
    SUBSTITUTE_ADDED = "substitute_added", _("Substitute recorded")
    PARTICIPANT_REMOVED = "participant_removed", _("Participant removed")
    NOTICE_SUBMITTED = "notice_submitted", _("Notice submitted for approval")
    NOTICE_RETURNED = "notice_returned", _("Notice returned")
    NOTICE_APPROVED = "notice_approved", _("Notice approved and sent")
    RSVP_CONFIRMED = "rsvp_confirmed", _("Attendance confirmed")
    LEAVE_REQUESTED = "leave_requested", _("Leave requested")
    LEAVE_GRANTED = "leave_granted", _("Leave granted")
    LEAVE_REFUSED = "leave_refused", _("Leave refused")
    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_UNDONE = "sign_in_undone", _("Sign-in undone")
    MEETING_HELD = "meeting_held", _("Meeting held")
    SCRIPT_SAVED = "script_saved", _("Chairing script saved")
    MINUTES_SAVED = "minutes_saved", _("Minutes saved")
    MINUTES_FINALISED = "minutes_finalised", _("Minutes finalised")
