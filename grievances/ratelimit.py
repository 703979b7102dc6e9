"""Rate limits for the pages anyone can reach (public submission, /track/).

Counted per client address in the shared cache under an HMAC of the address
(consult.throttle): nothing derived from the address reaches the database, a file or a log.
"""

from consult.throttle import client_address, count, increment, key_for


def _client_key(request, scope: str) -> str:
    return key_for(f"grievances-{scope}", client_address(request))


def is_limited(request, scope: str, limit: int) -> bool:
    return count(_client_key(request, scope)) >= limit


def hit(request, scope: str, window_seconds: int) -> int:
    return increment(_client_key(request, scope), window_seconds)
