"""Writes of the core: an enterprise's set-up (categories, leading group, notice) and the
chair's designation of who may see protected identities. Steps 1–2 of the eight."""

import datetime

from django.db import transaction
from django.utils import timezone

from consult import handbook
from consult.audit import record_event
from consult.models import (
    Category,
    Department,
    Enterprise,
    ImplementationNotice,
    LeadingGroup,
    Membership,
)


@transaction.atomic
def enterprise_prefill(*, enterprise: Enterprise) -> None:
    """Give a new enterprise the handbook's departments, categories, duties and notice.

    Steps 1–2. Only what is missing is created, so running it again changes nothing.
    """
    departments = {}
    for name in handbook.DEPARTMENTS:
        departments[name], _ = Department.objects.get_or_create(enterprise=enterprise, name=name)
    for order, (class_name, subs) in enumerate(handbook.CATEGORIES, start=1):
        top, _ = Category.objects.get_or_create(
            enterprise=enterprise, parent=None, name=class_name, defaults={"order": order * 10}
        )
        for sub_order, (sub_name, dept_names, keywords) in enumerate(subs, start=1):
            sub, created = Category.objects.get_or_create(
                enterprise=enterprise,
                parent=top,
                name=sub_name,
                defaults={"order": order * 10 + sub_order, "keywords": keywords},
            )
            if created:
                sub.default_departments.set([departments[n] for n in dept_names])
    today = timezone.localdate()
    LeadingGroup.objects.get_or_create(
        enterprise=enterprise,
        defaults={"duties": handbook.LEADING_GROUP_DUTIES, "formed_on": today},
    )
    notice_for_year(enterprise=enterprise, year=today.year)


def notice_for_year(*, enterprise: Enterprise, year: int) -> ImplementationNotice:
    """The year's implementation notice, pre-filled from the handbook when it is new."""
    notice, _ = ImplementationNotice.objects.get_or_create(
        enterprise=enterprise,
        year=year,
        defaults={
            "purpose": handbook.NOTICE_PURPOSE,
            "principles": handbook.NOTICE_PRINCIPLES,
            "priorities": handbook.NOTICE_PRIORITIES,
            "resolution": handbook.NOTICE_RESOLUTION,
            "issued_on": datetime.date(year, 1, 1)
            if year != timezone.localdate().year
            else timezone.localdate(),
        },
    )
    return notice


@transaction.atomic
def membership_set_identity_access(*, membership: Membership, allowed: bool, by) -> Membership:
    """The union chair designates (or stops designating) union staff who may see protected
    requesters' identities. Step 3's confidentiality rule."""
    before = membership.identity_access
    if before != allowed:
        membership.identity_access = allowed
        membership.save(update_fields=["identity_access"])
        record_event(
            enterprise=membership.enterprise,
            target=membership,
            action="identity_access_granted" if allowed else "identity_access_revoked",
            actor=by,
            from_state=str(before),
            to_state=str(allowed),
        )
    return membership
