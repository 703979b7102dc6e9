"""Rate limits for the pages anyone can reach (public submission, /track/) and for the API.

Counted per client address in the shared cache under an HMAC of the address
(consult.throttle): nothing derived from the address reaches the database, a file or a log.
An API call is counted per token and client address (`caller` is the token's id): an OA
relays all its people from one address, a mini-program's phones each come from their own.
"""

from consult.throttle import client_address, count, increment, key_for


def _client_key(request, scope: str, caller: str) -> str:
    address = client_address(request)
    return key_for(f"grievances-{scope}", f"{caller}|{address}" if caller else address)


def is_limited(request, scope: str, limit: int, *, caller: str = "") -> bool:
    return count(_client_key(request, scope, caller)) >= limit


def hit(request, scope: str, window_seconds: int, *, caller: str = "") -> int:
    return increment(_client_key(request, scope, caller), window_seconds)
