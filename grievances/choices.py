"""The choices a grievance's fields take (kind, channel, disclosure, status, route)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    GRIEVANCE = "grievance", _("Employee grievance")
    SUGGESTION = "suggestion", _("Rationalisation suggestion")
    BRIEFING = "briefing", _("Management briefing")
    OTHER = "other", _("Other")


class IntakeChannel(models.TextChoices):
    """受理方式: how the union received the item."""

    ONLINE = "online", _("Online")
    TALK = "talk", _("Talk")
    PHONE = "phone", _("Phone")
    RELAY = "relay", _("Relay")
    LETTER = "letter", _("Letter")
    BOX = "box", _("Suggestion box")
    WECHAT_QQ = "wechat_qq", _("WeChat / QQ")
    REGISTER = "register", _("Unit collection register")
    OTHER = "other", _("Other")


class Disclosure(models.TextChoices):
    NAMED = "named", _("Named")
    CONFIDENTIAL = "confidential", _("Named, kept confidential")
    ANONYMOUS = "anonymous", _("Anonymous")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified")
    CLASSIFIED = "classified", _("Classified")
    OPINION_SIGNED = "opinion_signed", _("Union opinion signed")
    RETURNED = "returned", _("Returned by management")
    ROUTED_DEPARTMENT = "routed_department", _("With the department")
    ROUTED_MEETING = "routed_meeting", _("Waiting for a consultation meeting")
    ANSWERED = "answered", _("Answered by the department")
    # A department cannot solve it: the union, after talking with management, decides.
    CANNOT_SOLVE = "cannot_solve", _("A department cannot solve it: the union decides")
    IN_MEETING = "in_meeting", _("On a meeting agenda")
    DECIDED = "decided", _("Decided at a meeting")
    # Steps 6–7 (supervision and surveys) move the item on through the same flow.
    REPORTED = "reported", _("Result reported to the union")
    ESCALATED = "escalated", _("Handed up to the parent body")
    INFORMED = "informed", _("Requester told the result")
    REMEDY = "remedy", _("Being remedied after dissatisfaction")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged into another")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed")


class Route(models.TextChoices):
    DEPARTMENT = "department", _("Direct handling by department(s) (general request)")
    MEETING = "meeting", _("Consultation meeting (major matter)")


class ErasureKind(models.TextChoices):
    """Why a requester's identity was erased (个人信息保护法)."""

    RETENTION = "retention", _("Retention period over")
    REQUEST = "request", _("On the person's request")
    REAPPLIED = "reapplied", _("Re-applied after a restore")
