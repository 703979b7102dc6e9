"""Reads of accounts and set-up: who may be given a slip by whom, the roles page's people,
and each enterprise's set-up state (what the federation office and the chair's checklist show).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consult.access import EnterpriseAccess
from consult.models import (
    Channel,
    Enterprise,
    ImplementationNotice,
    LeadingGroupMember,
    Membership,
    MembershipRole,
    OrgUnit,
)
from consult.models.roster import RosterImport
from consult.roles import PLAIN_ROLES, Action, Role

# --------------------------------------------------------------------------------------------
# Set-up state
# --------------------------------------------------------------------------------------------


def _roster_imported(enterprise_ids: list[int]) -> set[int]:
    """The enterprises that imported a roster (花名册) at least once."""
    return set(
        RosterImport.objects.filter(
            enterprise_id__in=enterprise_ids, status=RosterImport.Status.IMPORTED
        )
        .values_list("enterprise_id", flat=True)
        .distinct()
    )


def roster_url(enterprise: Enterprise) -> str:
    return reverse("roster_upload", args=[enterprise.code])


@dataclass(frozen=True)
class SetupState:
    """What an enterprise has set up, without a single person or item in it."""

    enterprise: Enterprise
    leading_group: bool
    departments: bool
    units: bool
    roster: bool
    notice: bool
    chair_active: bool

    @property
    def done(self) -> bool:
        return all((self.leading_group, self.departments, self.units, self.roster, self.notice))


def setup_states(enterprises: QuerySet[Enterprise]) -> list[SetupState]:
    """One row per enterprise, in a fixed number of queries whatever their count."""
    rows = list(
        enterprises.select_related("parent")
        .annotate(**_setup_checks(timezone.localdate().year))
        .order_by("name")
    )
    imported = _roster_imported([e.pk for e in rows]) if rows else set()
    return [_setup_state(e, imported) for e in rows]


def _setup_state(e, imported: set[int]) -> SetupState:
    """The state of an enterprise annotated with `_setup_checks`."""
    return SetupState(
        enterprise=e,
        leading_group=e.has_leader,
        departments=e.has_heads,
        units=e.has_units,
        roster=e.pk in imported,
        # The notice can go out once it says where to go: this year's, a channel, an office.
        notice=e.has_notice and e.has_channel and bool(e.union_office_address),
        chair_active=e.chair_active,
    )


def _setup_checks(year: int) -> dict[str, Exists]:
    """What each enterprise has, as subqueries on it (for `annotate`)."""
    enterprise = OuterRef("pk")
    return _people_checks(enterprise) | {
        "has_units": Exists(OrgUnit.objects.filter(enterprise=enterprise, is_active=True)),
        "has_notice": Exists(ImplementationNotice.objects.filter(enterprise=enterprise, year=year)),
        "has_channel": Exists(Channel.objects.filter(enterprise=enterprise, is_active=True)),
    }


def _people_checks(enterprise: OuterRef) -> dict[str, Exists]:
    """A leader of the leading group, department heads in departments, a chair who logged in."""
    leader = LeadingGroupMember.objects.filter(
        group__enterprise=enterprise, position=LeadingGroupMember.Position.LEADER
    )
    head = MembershipRole.objects.filter(
        membership__enterprise=enterprise,
        membership__is_active=True,
        role=Role.DEPT_HEAD,
        membership__department__isnull=False,
    )
    chair = MembershipRole.objects.filter(
        membership__enterprise=enterprise,
        role=Role.UNION_CHAIR,
        membership__user__last_login__isnull=False,
    )
    return {"has_leader": Exists(leader), "has_heads": Exists(head), "chair_active": Exists(chair)}


# --------------------------------------------------------------------------------------------
# Activation slips: whose slip an issuer may print
# --------------------------------------------------------------------------------------------


def slip_refusal(access: EnterpriseAccess, membership: Membership) -> str | None:
    """Why this issuer may not give this person a new code (None: they may).

    A new code clears the person's password, so it takes the account over until the person
    uses it: union staff may do it for people who are only employees (or representatives); an
    account with more powers needs the union chair, and an account that also belongs elsewhere
    (another enterprise, a federation) needs whoever runs that other place too, so neither
    enterprise's union may reset it.
    """
    if not access.may(Action.ISSUE_ACTIVATION_CODES) or access.membership is None:
        return _("You may not issue activation slips.")
    if membership.enterprise_id != access.enterprise.pk or not membership.is_active:
        return _("This person is not an active member of the enterprise.")
    return _account_refusal(access, membership, issuer=access.membership)


def _account_refusal(
    access: EnterpriseAccess, membership: Membership, *, issuer: Membership
) -> str | None:
    """Why this member's account is not the issuer's to reset (None: it is)."""
    user = membership.user
    if user.pk == issuer.user_id:
        return _("Change your own password on the password page.")
    if user.is_superuser or not user.is_active:
        return _("This account is not managed by the union.")
    if _belongs_elsewhere(user, access.enterprise):
        return _("This account also belongs to another enterprise or a federation.")
    if _holds_powers(membership) and not access.has_role(Role.UNION_CHAIR):
        return _("Only the union chair may issue a new slip for someone holding a role.")
    return None


def _belongs_elsewhere(user, enterprise: Enterprise) -> bool:
    """Active in another enterprise, or a member of a federation."""
    return (
        Membership.objects.filter(user=user, is_active=True).exclude(enterprise=enterprise).exists()
        or user.federation_memberships.exists()
    )


def _holds_powers(membership: Membership) -> bool:
    """A role beyond employee and representative, or access to protected identities."""
    roles = {r.role for r in membership.roles.all()}
    return bool(roles - PLAIN_ROLES or membership.identity_access)


def slip_people(
    enterprise: Enterprise, *, unit: OrgUnit | None = None, not_activated: bool = True
) -> QuerySet[Membership]:
    """The enterprise's active people (of a unit and the units below it), by unit and name;
    `not_activated` keeps those who never set a password (printing a unit's slips again never
    clears the password of someone who already activated)."""
    qs = Membership.objects.filter(enterprise=enterprise, is_active=True, user__is_active=True)
    if unit is not None:
        qs = qs.filter(Q(unit=unit) | Q(unit__parent=unit) | Q(unit__parent__parent=unit))
    if not_activated:
        qs = qs.filter(user__password__startswith="!")
    return (
        qs.select_related("user", "unit__parent")
        .prefetch_related("roles")
        .order_by("unit__parent__name", "unit__name", "user__last_name", "user__first_name", "pk")
    )


def people_with_roles(enterprise: Enterprise, *, query: str = "") -> QuerySet[Membership]:
    """The roles page: the enterprise's active people, those holding roles first."""
    holding = MembershipRole.objects.filter(
        membership=OuterRef("pk"), role__in=[r for r in Role.values if r not in PLAIN_ROLES]
    )
    qs = Membership.objects.filter(enterprise=enterprise, is_active=True).annotate(
        holds_role=Exists(holding), full_name=Concat("user__last_name", "user__first_name")
    )
    if query:
        qs = qs.filter(
            Q(full_name__contains=query)
            | Q(user__username__icontains=query)
            | Q(employee_no=query)
            | Q(phone=query)
        )
    return (
        qs.select_related("user", "unit__parent", "department")
        .prefetch_related("roles")
        .order_by("-holds_role", "user__last_name", "user__first_name", "pk")
    )


def active_chairs(enterprise: Enterprise) -> Iterable[Membership]:
    return Membership.objects.filter(
        enterprise=enterprise, is_active=True, roles__role=Role.UNION_CHAIR
    ).select_related("user")
