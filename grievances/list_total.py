"""The number of an enterprise's items, as the unfiltered staff list shows it ("50,000 items"
and its pages), kept in Django's cache instead of counted on every request (issue 12: at
50,000 items the count was a sixth of the list's work; at a million, most of it).

A number, no identity; the key carries the enterprise. It changes only when an item is created
or deleted (statuses do not change the unfiltered total), and then it is dropped: at once, and
again when the transaction commits, so that a request counting in between cannot keep the old
total. Rows written without signals (bulk loading) and, without REDIS_URL, the other worker
processes see the new total within STAFF_LIST_COUNT_CACHE_SECONDS.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from grievances.models import Grievance


def _key(enterprise_id: int) -> str:
    return f"staff-list-total:{enterprise_id}"


def enterprise_total(enterprise_id: int) -> int:
    key = _key(enterprise_id)
    total = cache.get(key)
    if total is None:
        total = Grievance.objects.filter(enterprise_id=enterprise_id).count()
        cache.set(key, total, settings.STAFF_LIST_COUNT_CACHE_SECONDS)
    return total


def drop_total(sender, instance, created=True, raw=False, **kwargs) -> None:
    """post_save (new items only) and post_delete of Grievance."""
    if not created:
        return
    key = _key(instance.enterprise_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
