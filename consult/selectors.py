"""Reads shared by every app: who may do what in an enterprise."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from consult.models import Enterprise, Membership
from consult.roles import ROLE_ACTIONS, Action

User = get_user_model()


def roles_that_may(action: str) -> list[str]:
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]


def members_of(enterprise: Enterprise) -> QuerySet:
    """The enterprise's active members (users), by name."""
    return (
        User.objects.filter(memberships__enterprise=enterprise, memberships__is_active=True)
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


def members_who_may(
    enterprise: Enterprise, action: str, *, department_ids: Iterable[int] | None = None
) -> QuerySet:
    """Active members of the enterprise who may do `action` (in these departments)."""
    qs = User.objects.filter(
        memberships__enterprise=enterprise,
        memberships__is_active=True,
        memberships__roles__role__in=roles_that_may(action),
        is_active=True,
    )
    if department_ids is not None:
        qs = qs.filter(memberships__department_id__in=list(department_ids))
    return qs.distinct()


def departments_without_head(enterprise: Enterprise, departments: Iterable) -> list:
    """Those of `departments` where no active member may answer for the department (职能部门
    负责人): an item routed there would wait where nobody can open it."""
    departments = list(departments)
    headed = set(
        Membership.objects.filter(
            enterprise=enterprise,
            is_active=True,
            user__is_active=True,
            roles__role__in=roles_that_may(Action.ANSWER_AS_DEPARTMENT),
            department__in=departments,
        ).values_list("department_id", flat=True)
    )
    return [d for d in departments if d.pk not in headed]
