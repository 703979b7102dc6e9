"""Access tokens of WeCom and DingTalk applications, kept in Django's cache until they expire.

The key carries the channel's id and when it was last saved, so a new secret never uses the old
secret's token. A token answered as invalid or expired (WeCom 40014/42001) is fetched again once
(`fresh=True`).
"""

from collections.abc import Callable

from django.core.cache import cache

from consult.models import Messenger
from consult.outbox.http import PlatformError, call

MARGIN = 300  # seconds before the platform's expiry the token is fetched again


def token(messenger: Messenger, fetch: Callable[[], tuple[str, int]], *, fresh: bool) -> str:
    """`fetch()` → (token, seconds it lives)."""
    key = f"outbox-token:{messenger.pk}:{messenger.updated_at.timestamp():.0f}"
    if not fresh:
        cached = cache.get(key)
        if cached:
            return cached
    value, lives = fetch()
    cache.set(key, value, max(60, int(lives) - MARGIN))
    return value


def post_with_token(
    messenger: Messenger,
    fetch: Callable[[], tuple[str, int]],
    url: str,
    body: dict,
    check: Callable[[dict], None],
) -> dict:
    """POST with the cached token; on a token error (`check` raises a PlatformError with
    `token_expired`) fetch a new one and try once more."""
    for attempt in (0, 1):
        access = token(messenger, fetch, fresh=attempt == 1)
        answer = call("POST", url, params={"access_token": access}, json_body=body)
        try:
            check(answer)
        except PlatformError as error:
            if error.token_expired and attempt == 0:
                continue
            raise
        return answer
    raise AssertionError("unreachable")
