"""Who may see and do what, per enterprise. Every view, admin page, export and document asks
here; `consult.roles` holds the map from roles to actions.

The answers for one user are read once per request and kept on the user object, so a page
costs the same number of queries however many checks it makes.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import CharField, IntegerField, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from consult.models import (
    Enterprise,
    Federation,
    FederationMembership,
    Membership,
    MembershipRole,
    Notification,
)
from consult.raw_sql import column
from consult.roles import DESIGNATED_ONLY, Action, Role, actions_for

_CACHE_ATTR = "_consult_access"


@dataclass(frozen=True)
class EnterpriseAccess:
    enterprise: Enterprise
    membership: Membership | None
    roles: frozenset[str]
    actions: frozenset[str]
    aggregate_only: bool = False
    # The person's unread notifications here, read with the membership (None: not read).
    unread: int | None = None

    def may(self, action: str) -> bool:
        if action in DESIGNATED_ONLY and not self.sees_identities:
            return False  # union staff the chair has not designated
        return action in self.actions

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def sees_identities(self) -> bool:
        """The union chair, and union staff the chair designated, see protected requesters."""
        if Role.UNION_CHAIR in self.roles:
            return True
        return (
            Role.UNION_STAFF in self.roles
            and self.membership is not None
            and self.membership.identity_access
        )


@dataclass(frozen=True)
class FederationAccess:
    """A federation officer's roles in their federation: the assessor reads figures (through
    aggregate-only enterprise entries), the office brings enterprises in."""

    federation: Federation
    roles: frozenset[str]
    actions: frozenset[str]

    def may(self, action: str) -> bool:
        return action in self.actions


@dataclass
class UserAccess:
    by_code: dict[str, EnterpriseAccess] = field(default_factory=dict)
    federations: dict[int, FederationAccess] = field(default_factory=dict)


def user_access(user) -> UserAccess:
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    access = UserAccess()
    if user.is_authenticated and user.is_active:
        _membership_access(user, access)
        _federation_access(user, access)
        _assessor_access(access)
    setattr(user, _CACHE_ATTR, access)
    return access


def _roles_sql(vendor: str) -> str:
    """The membership's role codes joined with commas (role codes hold none)."""
    role = column(MembershipRole, "role")
    joined = f"STRING_AGG({role}, ',')" if vendor == "postgresql" else f"GROUP_CONCAT({role}, ',')"
    return (
        f'SELECT {joined} FROM "{MembershipRole._meta.db_table}" '
        f"WHERE {column(MembershipRole, 'membership')} = {column(Membership, 'id')}"
    )


# The unread notifications of the person in the membership's enterprise (the header's count),
# through the partial index notification_unread.
_UNREAD_SQL = (
    f'SELECT COUNT(*) FROM "{Notification._meta.db_table}" '
    f"WHERE {column(Notification, 'recipient')} = %s "
    f"AND {column(Notification, 'enterprise')} = {column(Membership, 'enterprise')} "
    f"AND {column(Notification, 'read_at')} IS NULL"
)


def _membership_access(user, access: UserAccess) -> None:
    """The enterprises the person is an active member of, with their roles there and their
    unread notifications there (the header's count): one query, whatever the page. The roles
    and the count are two correlated subqueries written as SQL (consult.raw_sql): built
    through the ORM they cost 1.7 ms of every signed-in request."""
    memberships = (
        Membership.objects.filter(user=user, is_active=True, enterprise__is_active=True)
        .select_related("enterprise", "unit", "department")
        .annotate(
            role_names=RawSQL(_roles_sql(connection.vendor), (), output_field=CharField()),
            unread_count=RawSQL(_UNREAD_SQL, (user.pk,), output_field=IntegerField()),
        )
    )
    for m in memberships:
        held = frozenset(r for r in (m.role_names or "").split(",") if r)
        access.by_code[m.enterprise.code] = EnterpriseAccess(
            enterprise=m.enterprise,
            membership=m,
            roles=held,
            actions=actions_for(held),
            unread=m.unread_count,
        )


def _assessor_access(access: UserAccess) -> None:
    """Only the assessor sees the enterprises' figures; the office sees no enterprise page."""
    federation_ids = [pk for pk, fed in access.federations.items() if Role.FEDERATION in fed.roles]
    if not federation_ids:
        return
    roles = frozenset({Role.FEDERATION})
    for ent in Enterprise.objects.filter(federation_id__in=federation_ids, is_active=True):
        if ent.code not in access.by_code:
            access.by_code[ent.code] = EnterpriseAccess(
                enterprise=ent,
                membership=None,
                roles=roles,
                actions=actions_for(roles),
                aggregate_only=True,
            )


def _federation_access(user, access: UserAccess) -> None:
    if getattr(user, "holds_federation_role", True) is False:
        return  # known when the request's user was read (login_throttle's get_user)
    rows = FederationMembership.objects.filter(user=user).select_related("federation")
    for row in rows:
        roles = frozenset({row.role})
        access.federations[row.federation_id] = FederationAccess(
            federation=row.federation, roles=roles, actions=actions_for(roles)
        )


def get_federation_for(user, pk: int, *, action: str) -> FederationAccess:
    """The user's access to this federation: 404 when they hold no role in it, 403 when they
    hold one that may not do `action`."""
    access = user_access(user).federations.get(pk)
    if access is None:
        raise Http404
    if not access.may(action):
        raise PermissionDenied
    return access


def forget_access(user) -> None:
    """Drop the per-request cache (after roles change in the same request or test)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def access_for(user, enterprise: Enterprise) -> EnterpriseAccess | None:
    return user_access(user).by_code.get(enterprise.code)


def may(user, enterprise: Enterprise, action: str) -> bool:
    access = access_for(user, enterprise)
    return access is not None and access.may(action)


def sees_identities(user, enterprise: Enterprise) -> bool:
    access = access_for(user, enterprise)
    return access is not None and access.sees_identities


def get_enterprise_for(
    user, code: str, *, action: str = Action.VIEW_ENTERPRISE
) -> EnterpriseAccess:
    """The user's access to the enterprise with this code.

    404 when the user is not a member (so another enterprise's existence is not confirmed),
    403 when they are a member but may not do `action`.
    """
    access = user_access(user).by_code.get(code)
    if access is None or (access.aggregate_only and action != Action.VIEW_LEDGERS):
        raise Http404
    if not access.may(action):
        raise PermissionDenied
    return access


def enterprises_where(user, action: str) -> QuerySet[Enterprise]:
    """Enterprises in which the user may do `action` (used to scope admin and lists)."""
    if user.is_superuser:
        return Enterprise.objects.all()
    ids = [
        a.enterprise.pk
        for a in user_access(user).by_code.values()
        if a.may(action) and not a.aggregate_only
    ]
    return Enterprise.objects.filter(pk__in=ids)


def enters_holiday_schedule(user) -> bool:
    """The State Council's schedule holds for every enterprise: installation admins enter it."""
    return user.is_superuser


def hears_of_unknown_holidays(user, access: EnterpriseAccess | None) -> bool:
    """Who is warned that a coming year's holiday schedule is unknown: those who can act on it,
    the installation admin who enters it and the union office, which keeps the set-up and
    asks the admin (everyone else could only worry)."""
    if enters_holiday_schedule(user):
        return True
    return access is not None and not access.aggregate_only and access.may(Action.MANAGE_SETUP)
