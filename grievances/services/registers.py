"""Step 3: unit collection registers (征集协商议题记录本)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consult.workflow import apply, lock
from grievances.events import RegisterEvent
from grievances.models import (
    CollectionRegister,
    Disclosure,
    Grievance,
    IntakeChannel,
    Kind,
    RegisterRow,
)
from grievances.services.intake import _create
from grievances.workflow import REGISTER_FLOW

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
    REGISTER_FLOW.record(register, RegisterEvent.CREATED, by=by)
    return register


@transaction.atomic
def register_hand_up(*, register: CollectionRegister, by) -> CollectionRegister:
    """Step 3: the unit's union leader hands the register up to the enterprise union."""
    apply(
        REGISTER_FLOW,
        register,
        "hand_up",
        by=by,
        fields={"handed_up_at": timezone.now()},
        data={"unit": register.unit.name},
    )
    return register


@transaction.atomic
def register_convert(*, register: CollectionRegister, by) -> list[Grievance]:
    """Step 3: the enterprise union turns every row of a handed-up register into a grievance."""
    lock(REGISTER_FLOW, register, "convert")
    created = [
        _create(
            enterprise=register.enterprise,
            by=by,
            token=None,
            action="registered",
            note=str(register),
            channel=IntakeChannel.REGISTER,
            received_at=register.handed_up_at or timezone.now(),
            kind=Kind.GRIEVANCE,
            content=row.content,
            disclosure=Disclosure.NAMED,
            requester_name=row.name,
            requester_unit=register.unit,
            registered_by=by,
            register_row=row,
        )
        for row in register.rows.all()
    ]
    apply(
        REGISTER_FLOW,
        register,
        "convert",
        by=by,
        fields={"converted_at": timezone.now()},
        data={"grievances": [g.pk for g in created]},
    )
    return created
