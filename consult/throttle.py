"""Counting in the shared "ratelimit" cache, keyed by an HMAC, and the client's address.

Counts live in Django's "ratelimit" cache: Redis shared by every server process when
REDIS_URL is set, the process's memory otherwise (settings.CACHES). A cache key holds only an
HMAC of the client's address (or account name), with a key derived from SECRET_KEY, and
expires after its window: nothing from which the address can be read reaches the database, a
file or a log.

The client's address is REMOTE_ADDR, unless that is one of settings.TRUSTED_PROXIES: then
X-Forwarded-For is read from the right, skipping the trusted proxies, and the first address
that is not one of them is the client. A header from anyone else is ignored, so a client
cannot choose the address it is counted under.
"""

import hashlib
import hmac
import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.utils.crypto import salted_hmac


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]):
    return tuple(ipaddress.ip_network(n, strict=False) for n in trusted)


def _is_trusted(address: str) -> bool:
    trusted = tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ())
    if not trusted:
        return False
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in _networks(trusted))


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop):
            return hop
    return hops[0] if hops else remote


def _digest(scope: str, value: str) -> str:
    key = salted_hmac("consult.throttle", "keys", algorithm="sha256").digest()
    return hmac.new(key, f"{scope}|{value}".encode(), hashlib.sha256).hexdigest()[:32]


def key_for(scope: str, value: str) -> str:
    return f"rl:{scope}:{_digest(scope, value)}"


def _cache():
    return caches["ratelimit"]


def count(key: str) -> int:
    return _cache().get(key) or 0


def increment(key: str, window_seconds: int) -> int:
    """Add one to the count under `key`, atomically across processes sharing the cache."""
    cache = _cache()
    if cache.add(key, 1, window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window_seconds)
        return 1
