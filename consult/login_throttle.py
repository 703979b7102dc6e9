"""Login throttling: after too many wrong passwords an account (and, behind a trusted proxy,
a client address) is locked out for a while, on the app's login page and on admin's.

The check sits in the authentication backend, so every way of logging in passes through it,
and counts in the shared "ratelimit" cache under HMACs (consult.throttle): no password,
account name or address is written anywhere. During a lockout even the right password does
not log in; the login form tells the person to wait.

django-axes would do this too, but it keeps each attempt's address and user agent in the
database, which the identity rules of this project forbid; this is a few dozen lines.
"""

import math
import time

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.core.exceptions import PermissionDenied

from consult.throttle import client_address, increment, key_for

LOCKED_ATTR = "_consult_login_locked_until"


def _keys(request, username: str) -> list[tuple[str, int]]:
    """(scope key, failure limit) pairs that this attempt counts against."""
    keys = [(key_for("login-account", (username or "").casefold()), settings.LOGIN_FAILURE_LIMIT)]
    # Behind the README's proxy every client would share one address unless the proxy's header
    # is trusted; counting per address is then only meaningful with TRUSTED_PROXIES.
    if request is not None and settings.TRUSTED_PROXIES:
        keys.append(
            (
                key_for("login-address", client_address(request)),
                settings.LOGIN_ADDRESS_FAILURE_LIMIT,
            )
        )
    return keys


def _lock_key(key: str) -> str:
    return f"{key}:locked"


def locked_until(request, username: str) -> float | None:
    cache = caches["ratelimit"]
    until = [cache.get(_lock_key(key)) for key, _limit in _keys(request, username)]
    until = [u for u in until if u]
    return max(until) if until else None


def record_failure(request, username: str) -> None:
    cache = caches["ratelimit"]
    lockout = settings.LOGIN_LOCKOUT_SECONDS
    for key, limit in _keys(request, username):
        if increment(key, lockout) >= limit:
            cache.set(_lock_key(key), time.time() + lockout, lockout)
            cache.delete(key)


def record_success(request, username: str) -> None:
    caches["ratelimit"].delete(_keys(request, username)[0][0])


def minutes_left(until: float) -> int:
    return max(1, math.ceil((until - time.time()) / 60))


class ThrottledModelBackend(ModelBackend):
    """Django's username/password check, refused while the account or address is locked."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field(), "")
        until = locked_until(request, username)
        if until:
            if request is not None:
                setattr(request, LOCKED_ATTR, until)
            raise PermissionDenied  # authenticate() stops here: no other backend is tried
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            record_failure(request, username)
            until = locked_until(request, username)
            if until and request is not None:
                setattr(request, LOCKED_ATTR, until)
        else:
            record_success(request, username)
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
