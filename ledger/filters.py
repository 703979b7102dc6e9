"""The filters shared by the ledger's pages and exports (period aside): unit, handling
department, class, status. Narrowing by the requester's unit is offered only to those who may
see requesters, and only among the items whose requester they may see (CONVENTIONS rule 14)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consult.models import Category, Department, OrgUnit
from grievances.models import Grievance, Status
from grievances.selectors import named_requesters_q


class LedgerFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("unit"), queryset=OrgUnit.objects.none(), method="filter_unit"
    )
    department = django_filters.ModelChoiceFilter(
        label=_("department"), queryset=Department.objects.none(), method="filter_department"
    )
    category = django_filters.ModelChoiceFilter(
        label=_("category"), queryset=Category.objects.none(), method="filter_category"
    )
    status = django_filters.ChoiceFilter(label=_("status"), choices=Status.choices)

    class Meta:
        model = Grievance
        fields: list[str] = []

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access
        enterprise = access.enterprise
        self.filters["department"].queryset = Department.objects.filter(enterprise=enterprise)
        self.filters["category"].queryset = Category.objects.filter(
            enterprise=enterprise
        ).select_related("parent")
        if named_requesters_q(access) == Q(pk__in=[]):
            del self.filters["unit"]
        else:
            self.filters["unit"].queryset = OrgUnit.objects.filter(
                enterprise=enterprise
            ).select_related("parent")

        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filter_unit(self, queryset, name, value):
        return queryset.filter(Q(requester_unit=value) | Q(requester_unit__parent=value)).filter(
            named_requesters_q(self.access)
        )

    def filter_department(self, queryset, name, value):
        return queryset.filter(pk__in=Grievance.objects.filter(departments=value).values("pk"))

    def filter_category(self, queryset, name, value):
        return queryset.filter(Q(category=value) | Q(category__parent=value))

    def applied(self) -> dict[str, str]:
        """The filters in use, as query parameters (for the export links)."""
        return {k: v for k, v in self.data.items() if k in self.filters and v}


def filtered(qs, params, access):
    """(queryset, filterset); an invalid choice is reported on the form, not applied."""
    f = LedgerFilter(params, queryset=qs, access=access)
    if not f.is_valid():
        return qs, f
    return f.qs, f
