"""Rate limits for the pages anyone can reach (public submission, /track/).

The client address is only ever used as an HMAC inside a cache key, with a short expiry, and
that cache lives in the process's memory (settings.CACHES["ratelimit"]): nothing derived from
the address reaches the database, a file or a log.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import caches


def _client_key(request, scope: str) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}|{address}".encode(), hashlib.sha256
    ).hexdigest()[:32]
    return f"grievances-rl:{scope}:{digest}"


def _cache():
    return caches["ratelimit"]


def is_limited(request, scope: str, limit: int) -> bool:
    return (_cache().get(_client_key(request, scope)) or 0) >= limit


def hit(request, scope: str, window_seconds: int) -> int:
    key = _client_key(request, scope)
    cache = _cache()
    if cache.add(key, 1, window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        return 1
