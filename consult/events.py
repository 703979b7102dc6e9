"""Typed events of the audit table, with their Chinese and English labels.

Each app declares a `TextChoices` of the events it writes to `AuditEvent` and registers it
here (an app left of another cannot import it, so the table's types are collected at import
time); grievances keep their own event table and enum (`grievances.events`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

_AUDIT_TYPES: list[type[models.TextChoices]] = []


def register_audit_events(enum: type[models.TextChoices]) -> type[models.TextChoices]:
    _AUDIT_TYPES.append(enum)
    return enum


def audit_event_types() -> list[type[models.TextChoices]]:
    return list(_AUDIT_TYPES)


def audit_label(action: str) -> str:
    for enum in _AUDIT_TYPES:
        if action in enum.values:
            return str(enum(action).label)
    return action


@register_audit_events
class SetupEvent(models.TextChoices):
    """Steps 1–2: edits of the set-up data (old and new values are recorded)."""

    LEADING_GROUP_EDITED = "leading_group_edited", _("Leading group edited")
    NOTICE_EDITED = "notice_edited", _("Implementation notice edited")
    CHANNELS_EDITED = "channels_edited", _("Channels edited")
    CATEGORY_EDITED = "category_edited", _("Category edited")
    CALENDAR_OVERRIDE_EDITED = "calendar_override_edited", _("Calendar override edited")
    IDENTITY_ACCESS_GRANTED = "identity_access_granted", _("Identity access granted")
    IDENTITY_ACCESS_REVOKED = "identity_access_revoked", _("Identity access revoked")


@register_audit_events
class MessagingEvent(models.TextChoices):
    """Issue 21: message channels and the outbox (never a secret's value, only its name)."""

    CHANNEL_CONFIGURED = "channel_configured", _("Message channel configured")
    CHANNEL_TESTED = "channel_tested", _("Test message queued")
    DELIVERY_RETRIED = "delivery_retried", _("Delivery retried")
    PREFERENCES_SAVED = "delivery_preferences_saved", _("Notification channels chosen")
