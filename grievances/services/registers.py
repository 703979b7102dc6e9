"""Step 3: unit collection registers (征集协商议题记录本)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consult.audit import notify
from consult.audit import record_event as record_audit
from consult.roles import Action
from grievances.models import (
    CollectionRegister,
    Disclosure,
    Grievance,
    IntakeChannel,
    Kind,
    RegisterRow,
)
from grievances.services._core import TransitionError
from grievances.services.intake import _create, _users_who_may

# ---------------------------------------------------------------------------------------------
# Step 3: unit collection registers (征集协商议题记录本)
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def register_create(*, enterprise, by, unit, rows) -> CollectionRegister:
    """Step 3: a unit's union leader enters several register rows at once.

    `rows` is a list of dicts with name, content, raised_on.
    """
    if unit is None or unit.enterprise_id != enterprise.pk:
        raise ValidationError(_("Choose a unit of this enterprise."))
    rows = [r for r in rows if r.get("content")]
    if not rows:
        raise ValidationError(_("Enter at least one row."))
    register = CollectionRegister.objects.create(enterprise=enterprise, unit=unit, keeper=by)
    RegisterRow.objects.bulk_create(
        RegisterRow(
            register=register,
            position=i,
            name=r["name"],
            content=r["content"],
            raised_on=r["raised_on"],
        )
        for i, r in enumerate(rows, start=1)
    )
    record_audit(enterprise=enterprise, target=register, action="register_created", actor=by)
    return register


@transaction.atomic
def register_hand_up(*, register: CollectionRegister, by) -> CollectionRegister:
    """Step 3: the unit's union leader hands the register up to the enterprise union."""
    locked = CollectionRegister.objects.select_for_update().get(pk=register.pk)
    if locked.status != CollectionRegister.Status.DRAFT:
        raise TransitionError()
    register.status = CollectionRegister.Status.HANDED_UP
    register.handed_up_at = timezone.now()
    register.save(update_fields=["status", "handed_up_at"])
    record_audit(
        enterprise=register.enterprise,
        target=register,
        action="register_handed_up",
        actor=by,
        from_state=CollectionRegister.Status.DRAFT,
        to_state=register.status,
    )
    notify(
        enterprise=register.enterprise,
        recipients=_users_who_may(register.enterprise, Action.REGISTER_GRIEVANCE),
        subject=str(_("A unit collection register was handed up: %(unit)s"))
        % {"unit": register.unit.name},
        url=reverse("register_detail", args=[register.enterprise.code, register.pk]),
    )
    return register


@transaction.atomic
def register_convert(*, register: CollectionRegister, by) -> list[Grievance]:
    """Step 3: the enterprise union turns every row of a handed-up register into a grievance."""
    locked = CollectionRegister.objects.select_for_update().get(pk=register.pk)
    if locked.status != CollectionRegister.Status.HANDED_UP:
        raise TransitionError()
    created = []
    for row in register.rows.all():
        created.append(
            _create(
                enterprise=register.enterprise,
                by=by,
                token=None,
                action="registered",
                note=str(register),
                channel=IntakeChannel.REGISTER,
                received_at=register.handed_up_at,
                kind=Kind.GRIEVANCE,
                content=row.content,
                disclosure=Disclosure.NAMED,
                requester_name=row.name,
                requester_unit=register.unit,
                registered_by=by,
                register_row=row,
            )
        )
    register.status = CollectionRegister.Status.CONVERTED
    register.converted_at = timezone.now()
    register.save(update_fields=["status", "converted_at"])
    record_audit(
        enterprise=register.enterprise,
        target=register,
        action="register_converted",
        actor=by,
        from_state=CollectionRegister.Status.HANDED_UP,
        to_state=register.status,
        data={"grievances": [g.pk for g in created]},
    )
    return created
