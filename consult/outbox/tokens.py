"""Access tokens of WeCom and DingTalk applications, kept in Django's cache until they expire.

The key carries the channel's id and when it was last saved, so a new secret never uses the old
secret's token. A token answered as invalid or expired (WeCom 40014/42001) is fetched again once
(`fresh=True`).
"""

from collections.abc import Callable

from django.core.cache import cache

from consult.models import Messenger

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
