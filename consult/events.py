"""Typed events of the audit table, with their Chinese and English labels.

Each app declares a `TextChoices` of the events it writes to `AuditEvent` and registers it
here (an app left of another cannot import it, so the table's types are collected at import
time); grievances keep their own event table and enum (`grievances.events`). An event's actor
is shown through `grievances.actors` (CONVENTIONS rule 18): an app recording events on a new kind
of object registers the items that object serves (`register_served`), or its actors are named to
everyone; `tests/security/test_actor_identity.py` walks every type registered here.
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
    RETENTION_EDITED = "retention_edited", _("Retention period of identities edited")


# Who acted is shown by the identity rule (CONVENTIONS rule 18), which lives in
# `grievances.actors`; consult's own pages (the audit and notification admin) ask through this
# hook, which grievances fills when it is ready. Until then nobody is named.
_ACTORS: list = []


def register_actors(factory) -> None:
    """`factory(viewer, context=...)` → an object with `prefetch(targets)`,
    `name(person, enterprise, target, action="")` and `link_target(url)`."""
    _ACTORS[:] = [factory]


class _Nobody:
    def prefetch(self, targets) -> None:
        return None

    def name(self, person, enterprise, target, action: str = "") -> str:
        return ""

    def link_target(self, url: str):
        return None


def link_target(url: str):
    """(object type, id) of the object an in-app link shows, when it serves items."""
    return _ACTORS[0].link_target(url) if _ACTORS else None


def actors_for(viewer, *, context: str = ""):
    """How `viewer` is shown the people who acted on objects (see `register_actors`)."""
    return _ACTORS[0](viewer, context=context) if _ACTORS else _Nobody()


@register_audit_events
class AccountEvent(models.TextChoices):
    """Accounts and roles: activation slips, passwords, roles, enterprises brought in."""

    ACTIVATION_CODE_ISSUED = "activation_code_issued", _("Activation code issued")
    ACCOUNT_ACTIVATED = "account_activated", _("Account activated")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_REVOKED = "role_revoked", _("Role withdrawn")
    ENTERPRISE_CREATED = "enterprise_created", _("Enterprise created by the federation office")
    FEDERATION_CREATED = "federation_created", _("Federation created")
    OFFICE_ACCOUNT_CREATED = "office_account_created", _("Federation office account created")


@register_audit_events
class RosterEvent(models.TextChoices):
    """The roster import (花名册): who brought the enterprise's people in, and when."""

    IMPORTED = "roster_imported", _("Roster imported")
    # Step 8: the office's earlier work ledgers brought in as closed items (ledger.history).
    HISTORY_IMPORTED = "history_imported", _("Earlier work ledger imported")


@register_audit_events
class MessagingEvent(models.TextChoices):
    """Issue 21: message channels and the outbox (never a secret's value, only its name)."""

    CHANNEL_CONFIGURED = "channel_configured", _("Message channel configured")
    CHANNEL_TESTED = "channel_tested", _("Test message queued")
    DELIVERY_RETRIED = "delivery_retried", _("Delivery retried")
    PREFERENCES_SAVED = "delivery_preferences_saved", _("Notification channels chosen")


@register_audit_events
class IntegrationEvent(models.TextChoices):
    """Issue 22: the API tokens of an enterprise's OA and mini-programs (never the token)."""

    TOKEN_CREATED = "integration_token_created", _("API token created")
    TOKEN_REVOKED = "integration_token_revoked", _("API token revoked")
