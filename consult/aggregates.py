"""Dashboard figures kept in Django's cache (Redis when REDIS_URL is set, the process's memory
otherwise) for DASHBOARD_CACHE_SECONDS.

Only aggregates go in: counts, rates, class and department names, never a person or an item's
text, and no translated label (pages label the numbers when they render, in the reader's
language). Every key carries the enterprise, the kind of figures and everything that narrows
them (period, filters, the reader's scope where it matters).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

T = TypeVar("T")


@dataclass(frozen=True)
class Figures(Generic[T]):
    value: T
    # When the figures came from the cache: the time they were counted (pages say "as of").
    as_of: datetime.datetime | None = None

    @property
    def minutes(self) -> int:
        """How long figures are kept, in whole minutes (for the "as of" line)."""
        return max(1, -(-settings.DASHBOARD_CACHE_SECONDS // 60))


def cache_key(kind: str, enterprise_id: int, parts: dict) -> str:
    narrowed = json.dumps(parts, sort_keys=True, default=str)
    digest = hashlib.sha256(narrowed.encode()).hexdigest()
    return f"figures:{kind}:{enterprise_id}:{digest}"


def cached_figures(
    kind: str, enterprise_id: int, parts: dict, count: Callable[[], T]
) -> Figures[T]:
    """`count()`'s result, from the cache when the same figures were counted in the last
    DASHBOARD_CACHE_SECONDS (0: always counted)."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if not seconds:
        return Figures(count())
    key = cache_key(kind, enterprise_id, parts)
    hit = cache.get(key)
    if hit is not None:
        counted_at, value = hit
        return Figures(value, counted_at)
    value = count()
    cache.set(key, (timezone.now(), value), seconds)
    return Figures(value)
