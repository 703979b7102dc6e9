"""An enterprise's categories, departments and units as filters and forms list them, and the
channels its public page lists, kept in Django's cache (Redis when REDIS_URL is set, else each
process's memory), so that a page with such a choice does not read them again on every request
(issue 12).

Only the names of the enterprise's own structure and its public channels are kept: nothing
that identifies a person. Every key carries the enterprise. Saving or deleting a category,
department, unit or channel drops that enterprise's lists (the receivers below, connected in
consult.apps). Without Redis each worker process keeps its own copy and only the process that
saved drops it; another worker sees the change within ORG_LISTS_CACHE_SECONDS (set REDIS_URL
when running several workers, as the README says for the rate limits).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.cache import cache

from consult.models import Category, Channel, Department, OrgUnit


@dataclass(frozen=True)
class Entry:
    """One choice: `label` as the model's str() gives it; `parent` is a category's class."""

    pk: int
    label: str
    is_active: bool
    parent: str = ""


def _key(model, enterprise_id: int) -> str:
    return f"org-lists:{model._meta.label_lower}:{enterprise_id}"


def _read(model, enterprise_id: int) -> list:
    rows = model.objects.filter(enterprise_id=enterprise_id)
    if model is Channel:
        return list(rows.filter(is_active=True))
    if model is Department:
        return [Entry(d.pk, str(d), d.is_active) for d in rows]
    rows = rows.select_related("parent")
    return [Entry(o.pk, str(o), o.is_active, o.parent.name if o.parent_id else "") for o in rows]


def _entries(model, enterprise_id: int) -> list:
    key = _key(model, enterprise_id)
    entries = cache.get(key)
    if entries is None:
        entries = _read(model, enterprise_id)
        cache.set(key, entries, settings.ORG_LISTS_CACHE_SECONDS)
    return entries


def categories(enterprise_id: int) -> list[Entry]:
    """Classes and sub-classes, in the model's order (order, name), inactive ones included."""
    return _entries(Category, enterprise_id)


def departments(enterprise_id: int) -> list[Entry]:
    return _entries(Department, enterprise_id)


def units(enterprise_id: int) -> list[Entry]:
    return _entries(OrgUnit, enterprise_id)


def channels(enterprise_id: int) -> list[Channel]:
    """The active channels, as the public page, the notice and the poster list them (the
    public page's one query besides its enterprise)."""
    return _entries(Channel, enterprise_id)


def offer(field: forms.ModelChoiceField, entries: list[Entry], label=None) -> None:
    """Gives a model choice field these entries as its choices (`label(entry)`, else the
    entry's label) instead of reading its queryset on each render; the queryset still validates
    what is sent. (Django's own setter: the one of django-filters' field takes no list.)"""
    choices = [("", field.empty_label)] if field.empty_label is not None else []
    choices += [(e.pk, label(e) if label else e.label) for e in entries]
    forms.ChoiceField.choices.fset(field, choices)


def active(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.is_active]


def drop_lists(sender, instance, **kwargs) -> None:
    """post_save/post_delete of Category, Department, OrgUnit or Channel."""
    cache.delete(_key(sender, instance.enterprise_id))


LISTED = (Category, Department, OrgUnit, Channel)
