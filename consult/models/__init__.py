"""The core every app shares: organisation, people and roles, categories, calendar, audit,
notifications, and steps 1 (leading group) and 2 (publicity)."""

from consult.models.accounts import ActivationCode  # noqa: F401
from consult.models.integrations import IntegrationScope, IntegrationToken  # noqa: F401
from consult.models.org import (  # noqa: F401
    CalendarOverride,
    CalendarSchedule,
    Category,
    CurrentManager,
    Department,
    Enterprise,
    Federation,
    FederationMembership,
    Membership,
    MembershipRole,
    OrgUnit,
    code_validator,
    display_name,
)
from consult.models.outbox import (  # noqa: F401
    DUE_STATES,
    Delivery,
    DeliveryChannel,
    DeliveryPreference,
    DeliveryState,
    Messenger,
    MessengerKind,
)
from consult.models.records import (  # noqa: F401
    ASKING_KINDS,
    AuditEvent,
    IdentityView,
    MessageKind,
    Notification,
)
from consult.models.roster import RosterChange, RosterImport  # noqa: F401
from consult.models.setup import Channel, ImplementationNotice, LeadingGroup, LeadingGroupMember  # noqa: F401
