"""Two figures of an enterprise the staff list shows on every request, kept in Django's cache
instead of read each time (issue 12): the number of its items ("50,000 items" and the pages of
the unfiltered list; at 50,000 items the count was a sixth of the list's work, at a million most
of it) and the years its items are numbered in (the summary table's year menu).

Numbers only, no identity; every key carries the enterprise. Both change only when an item is
created (numbered in the same transaction) or deleted; then they are dropped: at once, and again
when the transaction commits, so that a request reading in between cannot keep the old figure.
Rows written without signals (bulk loading) and, without REDIS_URL, the other worker processes
see the change within STAFF_LIST_COUNT_CACHE_SECONDS.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from grievances.models import Grievance, GrievanceCounter


def _keys(enterprise_id: int) -> tuple[str, str]:
    return f"staff-list-total:{enterprise_id}", f"staff-list-years:{enterprise_id}"


def _cached(key: str, read):
    value = cache.get(key)
    if value is None:
        value = read()
        cache.set(key, value, settings.STAFF_LIST_COUNT_CACHE_SECONDS)
    return value


def enterprise_total(enterprise_id: int) -> int:
    return _cached(
        _keys(enterprise_id)[0],
        lambda: Grievance.objects.filter(enterprise_id=enterprise_id).count(),
    )


def numbered_years(enterprise_id: int) -> frozenset[int]:
    """Every item is numbered through its enterprise's counter of the year (next_serial), so
    the counters name the years in a few rows, instead of a DISTINCT over every item."""
    return _cached(
        _keys(enterprise_id)[1],
        lambda: frozenset(
            GrievanceCounter.objects.filter(enterprise_id=enterprise_id)
            .filter(Q(last__gt=0) | Q(history_last__gt=0))
            .values_list("year", flat=True)
        ),
    )


def drop_figures(sender, instance, created=True, **kwargs) -> None:
    """post_save (new items only) and post_delete of Grievance."""
    if created:
        drop_enterprise_figures(instance.enterprise_id)


def drop_enterprise_figures(enterprise_id: int) -> None:
    """Now and after commit; also called by writes in bulk, which send no signal."""
    keys = _keys(enterprise_id)
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
