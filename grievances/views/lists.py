"""Step 3 lists: the staff list and the department and approval queues."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from consult.access import get_enterprise_for
from consult.pagination import PAGE_SIZE, IdFirstPaginator, query_without_page
from consult.roles import Action
from grievances.filters import GrievanceFilter, unbound_form_key
from grievances.list_cache import enterprise_total
from grievances.next_actors import NextActor, next_actors
from grievances.rows import approval_queue, department_queue, handling_departments, staff_list
from grievances.selectors import deadline_of, requester_label, summary_years

# --------------------------------------------------------------------------------------------
# Lists and queues
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of a staff list with its texts ready: the template only places them (in the
    template, 25 rows of dates, choice labels, truncation and joins were a fifth of the page)."""

    url: str
    number: str
    received: str
    channel: str
    kind: str
    category: str
    requester: str
    content: str
    departments: str
    status: str
    due: str
    overdue: bool
    nexts: list[NextActor]


_ANY_PK = 2147483647


def _item_url(code: str):
    """The item page's address for any pk of the enterprise, reversed once per list (reversing
    it for each of 25 rows cost as much as the rest of building them)."""
    head, _, tail = reverse("grievance_detail", args=[code, _ANY_PK]).rpartition(str(_ANY_PK))
    return lambda pk: f"{head}{pk}{tail}"


def _row(g, access, user, item_url, labels: dict) -> Row:
    deadline = deadline_of(g)
    return Row(
        url=item_url(g.pk),
        number=g.number,
        received=timezone.localtime(g.received_at).date().isoformat(),
        channel=_label(labels, g, "channel"),
        kind=_label(labels, g, "kind"),
        category=str(g.category) if g.category else "—",
        requester=str(requester_label(g, access, user)),
        content=_shorten(g.content, 40),
        departments="、".join(d.name for d in handling_departments(g)),
        status=_label(labels, g, "status"),
        due=deadline.date.isoformat() if deadline else "—",
        overdue=bool(deadline and deadline.overdue),
        nexts=next_actors(g),
    )


def _shorten(text: str, length: int) -> str:
    """What Truncator(text).chars(length) gives for text without combining characters (an
    item's content), at a fraction of its cost on a list of 25 rows."""
    return text if len(text) <= length else text[: length - 1] + "…"


def _label(labels: dict, g, field: str) -> str:
    """The choice's label as text, translated once per list (a lazy label is translated again
    each time it is shown, and 25 rows repeat a few statuses, channels and kinds)."""
    key = (field, getattr(g, field))
    if key not in labels:
        labels[key] = str(getattr(g, f"get_{field}_display")())
    return labels[key]


def _rows(items, access, user) -> list[Row]:
    item_url = _item_url(access.enterprise.code)
    labels: dict = {}
    return [_row(g, access, user, item_url, labels) for g in items]


@login_required
def grievance_list(request, code):
    access = get_enterprise_for(request.user, code, action=Action.VIEW_ALL_GRIEVANCES)
    items = staff_list(access, request.user).order_by("-received_at", "-id")
    # Built when asked for: unfiltered, the page shows the form's cached HTML.
    filterset = SimpleLazyObject(
        lambda: GrievanceFilter(request.GET or None, queryset=items, access=access)
    )
    filtered = any(value for name, value in request.GET.items() if name != "page")
    paginator = IdFirstPaginator(filterset.qs if filtered else items, PAGE_SIZE)
    if not filtered:
        # Unfiltered, this user sees every item of the enterprise: their number is cached.
        paginator.count = enterprise_total(access.enterprise.pk)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "grievances/list.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "filter": filterset,
            # The empty form's HTML is cached under this key (None: filtered, not cached).
            "filters_key": None if filtered else unbound_form_key(access),
            "filters_seconds": settings.ORG_LISTS_CACHE_SECONDS,
            "page": page,
            "rows": _rows(page.object_list, access, request.user),
            "query": query_without_page(request),
            "summary_years": summary_years(access.enterprise),
            "this_year": timezone.localdate().year,
        },
    )


def _queue(request, access, queryset, title):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grievances/queue.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "page": page,
            "rows": _rows(page.object_list, access, request.user),
            "title": title,
        },
    )


@login_required
def department_queue_view(request, code):
    access = get_enterprise_for(request.user, code, action=Action.ANSWER_AS_DEPARTMENT)
    return _queue(request, access, department_queue(access), _("Items for my department"))


@login_required
def approval_queue_view(request, code):
    access = get_enterprise_for(request.user, code, action=Action.APPROVE_ROUTING)
    return _queue(request, access, approval_queue(access), _("Routing opinions to approve"))
