import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from consult import org_lists
from consult.forms import DateInput
from consult.fragment_cache import fragment_key
from consult.models import Category, Department, OrgUnit
from grievances.models import Grievance, IntakeChannel, Kind, Status, parse_number
from grievances.selectors import OPEN_STATUSES, OVERDUE_DAYS, named_requesters_q


def local_midnight(day: datetime.date) -> datetime.datetime:
    """The first instant of `day` in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def may_filter_by_unit(access) -> bool:
    return named_requesters_q(access) != Q(pk__in=[])


def unbound_form_key(access) -> str:
    """What the staff list's empty filter form is made of, as a key for the fragment cache of
    its HTML (grievances/list.html): the enterprise, the language, its categories, departments
    and units as the filters offer them (from consult.org_lists' cache, so a change shows as
    soon as the lists do) and whether this person may filter by unit. Building and rendering
    the form took a sixth of the unfiltered list's time."""
    enterprise_id = access.enterprise.pk
    lists = [org_lists.categories(enterprise_id), org_lists.departments(enterprise_id)]
    if may_filter_by_unit(access):
        lists.append(org_lists.units(enterprise_id))
    return fragment_key(enterprise_id, get_language(), len(lists), repr(lists))


class GrievanceFilter(django_filters.FilterSet):
    """The staff list's filters. None repeats a row, so the list needs no DISTINCT (which made
    PostgreSQL sort every row of the enterprise): the only to-many filter, `department`, takes
    one department, and an item is linked to a department at most once."""

    q = django_filters.CharFilter(label=_("text"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("status"), choices=Status.choices)
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Kind.choices)
    channel = django_filters.ChoiceFilter(label=_("channel"), choices=IntakeChannel.choices)
    category = django_filters.ModelChoiceFilter(
        label=_("category"), queryset=Category.objects.none(), method="filter_category"
    )
    department = django_filters.ModelChoiceFilter(
        label=_("department"), queryset=Department.objects.none(), field_name="departments"
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("unit"), queryset=OrgUnit.objects.none(), method="filter_unit"
    )
    received_after = django_filters.DateFilter(
        label=_("received from"), method="filter_received_after", widget=DateInput()
    )
    received_before = django_filters.DateFilter(
        label=_("received until"), method="filter_received_before", widget=DateInput()
    )
    overdue = django_filters.BooleanFilter(
        label=_("overdue"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Grievance
        fields: list[str] = []

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access
        enterprise = access.enterprise
        lists = {
            "category": (Category, org_lists.categories),
            "department": (Department, org_lists.departments),
            "unit": (OrgUnit, org_lists.units),
        }
        if not may_filter_by_unit(access):
            del self.filters["unit"]  # sees no requester, so may not narrow by one's unit
            del lists["unit"]
        for name, (model, entries) in lists.items():
            # The choices come from the cache; the queryset still checks what is sent.
            self.filters[name].queryset = model.objects.filter(enterprise=enterprise)
            org_lists.offer(self.filters[name].field, entries(enterprise.pk))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q(content__icontains=value) | Q(title__icontains=value)
        number = parse_number(value)
        if number is not None:
            condition |= Q(year=number[0], serial=number[1])
        return queryset.filter(condition)

    def filter_category(self, queryset, name, value):
        # A class and its subclasses as `category_id IN (…)`: the index on category serves it.
        family = Category.objects.filter(Q(pk=value.pk) | Q(parent=value)).values("pk")
        return queryset.filter(category__in=family)

    def filter_unit(self, queryset, name, value):
        # Only among the items whose requester this user may see (CONVENTIONS rule 14).
        return queryset.filter(requester_unit=value).filter(named_requesters_q(self.access))

    # Days are compared as a range of received_at (local midnights), not as the date of each
    # row: the indexes on (enterprise[, status], received_at) then serve the range, where a
    # date cast of every row made SQLite call a function per row of the enterprise.
    def filter_received_after(self, queryset, name, value):
        return queryset.filter(received_at__gte=local_midnight(value))

    def filter_received_before(self, queryset, name, value):
        return queryset.filter(received_at__lt=local_midnight(value + datetime.timedelta(days=1)))

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        limit = timezone.now() - datetime.timedelta(days=OVERDUE_DAYS)
        return queryset.filter(status__in=OPEN_STATUSES, received_at__lt=limit)
