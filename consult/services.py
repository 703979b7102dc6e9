"""Writes of the core: an enterprise's set-up (categories, leading group, notice) and the
chair's designation of who may see protected identities. Steps 1–2 of the eight."""

import datetime

from django.db import transaction
from django.utils import timezone

from consult import handbook
from consult.audit import record_event
from consult.events import SetupEvent
from consult.models import (
    CalendarOverride,
    CalendarSchedule,
    Category,
    Department,
    Enterprise,
    ImplementationNotice,
    LeadingGroup,
    Membership,
)
from consult.workdays import Holiday, schedule_overrides
from consult.workflow import plain


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
            action=SetupEvent.IDENTITY_ACCESS_GRANTED
            if allowed
            else SetupEvent.IDENTITY_ACCESS_REVOKED,
            actor=by,
            changes={"identity_access": [before, allowed]},
        )
    return membership


def form_changes(form, prefix: str = "") -> dict:
    """{field: [old, new]} of a bound, valid form (what the user changed)."""
    changes = {}
    for name in form.changed_data:
        old = form.get_initial_for_field(form.fields[name], name)
        new = form.cleaned_data.get(name)
        if name == "DELETE" or plain(old) == plain(new):
            continue
        changes[f"{prefix}{name}"] = [plain(old), plain(new)]
    return changes


def formset_changes(formset, label: str) -> dict:
    changes = {}
    for i, form in enumerate(formset.forms):
        if not form.has_changed():
            continue
        row = f"{label}[{form.instance.pk or 'new ' + str(i + 1)}]."
        if form.cleaned_data.get("DELETE"):
            changes[f"{row}DELETE"] = [False, True]
        else:
            changes.update(form_changes(form, prefix=row))
    return changes


@transaction.atomic
def setup_save(*, enterprise: Enterprise, by, event: str, target, forms=(), formsets=()):
    """Steps 1–2: save edited set-up data (leading group, notice, channels…) and record one
    event with the old and new value of every changed field.

    `forms` are valid model forms and `formsets` valid (label, model formset) pairs; new
    formset rows are given the enterprise when their model has one.
    """
    changes: dict = {}
    for form in forms:
        changes.update(form_changes(form))
    for label, formset in formsets:
        changes.update(formset_changes(formset, label))
    for form in forms:
        form.save()
    for _label, formset in formsets:
        for form in formset.forms:
            if form.has_changed() and hasattr(form.instance, "enterprise_id"):
                form.instance.enterprise = enterprise
        formset.save()
    return record_event(
        enterprise=enterprise, target=target, action=event, actor=by, changes=changes
    )


@transaction.atomic
def calendar_schedule_enter(*, year: int, holidays: list[Holiday], by) -> CalendarSchedule:
    """An installation admin enters a year's State Council holiday schedule (the working days
    behind every deadline of steps 3–7). The year's overrides are replaced by the ones the
    schedule stands for; the entry is kept as the record of who entered what, with the days
    it replaced."""
    year_rows = CalendarOverride.objects.filter(date__year=year)
    replaced = [
        [day.isoformat(), working, name]
        for day, working, name in year_rows.values_list("date", "is_working_day", "name")
    ]
    year_rows.delete()
    CalendarOverride.objects.bulk_create(
        CalendarOverride(date=day, is_working_day=working, name=name)
        for day, (working, name) in sorted(schedule_overrides(holidays).items())
    )
    return CalendarSchedule.objects.create(
        year=year, holidays=[h.as_json() for h in holidays], replaced=replaced, entered_by=by
    )
