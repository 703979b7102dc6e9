"""Login throttling that a stranger cannot turn against the account's owner.

Counted in the shared "ratelimit" cache under HMACs (consult.throttle): no password, account
name or address is written anywhere. The check sits in the authentication backend, so the
app's login page, admin's and the activation page all pass through it. Failures count:

- per account *and* client address (`LOGIN_FAILURE_LIMIT`, 5): a guesser at one address is
  stopped after five tries, and only that address is stopped for that account;
- per known device instead, where the browser carries the signed cookie this module sets when
  an account logs in (`LOGIN_KNOWN_DEVICE_DAYS`): the owner is counted on their own, so others'
  failures from the same address (one factory NAT) do not keep them out;
- per client address over all accounts (`LOGIN_ADDRESS_FAILURE_LIMIT`, only behind
  `TRUSTED_PROXIES`, where the address is the client's): one address trying many accounts;
- per account from all new addresses together (`LOGIN_ACCOUNT_FAILURE_LIMIT`, 20): guessing
  spread over many addresses. It stops only browsers the account never logged in from.

During a lockout even the right password does not log in, and the form says to wait. A
stranger who knows a login name therefore locks out only themselves; a spread attack can
delay the owner's first login from a new device, never their usual one (docs/SECURITY.md §4).

django-axes would do part of this, but it keeps each attempt's address and user agent in the
database, which the identity rules of this project forbid.
"""

import math
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in
from django.core import signing
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from consult.accounts.logins import Found, find_account
from consult.models import FederationMembership
from consult.raw_sql import has_rows
from consult.throttle import client_address, increment, key_for

LOCKED_ATTR = "_consult_login_locked_until"
AMBIGUOUS_ATTR = "_consult_login_ambiguous"
DEVICE_COOKIE = "consult_device"
_DEVICE_SALT = "consult.login_throttle.device"
_DEVICES_KEPT = 5
_NEW_DEVICE_ATTR = "_consult_known_device_for"


@dataclass(frozen=True)
class Attempt:
    """Who is being tried (an account id, or the name typed when it names none) and from
    where (the known device's id, or the client address)."""

    account: str
    address: str
    device: str | None

    def keys(self, kind: str) -> list[tuple[str, int]]:
        """(counter key, failure limit) pairs that this attempt is checked and counted against."""
        limit = settings.LOGIN_FAILURE_LIMIT
        if self.device:
            return [(key_for(f"{kind}-device", f"{self.account}|{self.device}"), limit)]
        keys = [
            (key_for(f"{kind}-pair", f"{self.account}|{self.address}"), limit),
            (key_for(f"{kind}-account", self.account), settings.LOGIN_ACCOUNT_FAILURE_LIMIT),
        ]
        # Behind the README's proxy every client would share one address unless the proxy's
        # header is trusted; counting per address alone is meaningful only with TRUSTED_PROXIES.
        if settings.TRUSTED_PROXIES:
            keys.append(
                (key_for(f"{kind}-address", self.address), settings.LOGIN_ADDRESS_FAILURE_LIMIT)
            )
        return keys


def attempt_for(request, identifier: str, found: Found) -> Attempt:
    user = found.user
    account = f"user:{user.pk}" if user is not None else f"name:{(identifier or '').casefold()}"
    address = client_address(request) if request is not None else ""
    device = known_device(request, user) if user is not None else None
    return Attempt(account=account, address=address, device=device)


def _lock_key(key: str) -> str:
    return f"{key}:locked"


def locked_until(attempt: Attempt, kind: str = "login") -> float | None:
    cache = caches["ratelimit"]
    until = [cache.get(_lock_key(key)) for key, _limit in attempt.keys(kind)]
    until = [u for u in until if u]
    return max(until) if until else None


def record_failure(attempt: Attempt, kind: str = "login") -> None:
    cache = caches["ratelimit"]
    lockout = settings.LOGIN_LOCKOUT_SECONDS
    for key, limit in attempt.keys(kind):
        if increment(key, lockout) >= limit:
            cache.set(_lock_key(key), time.time() + lockout, lockout)
            cache.delete(key)


def record_success(attempt: Attempt, kind: str = "login") -> None:
    # The person's own count starts again; the account's and the address's do not.
    caches["ratelimit"].delete(attempt.keys(kind)[0][0])


def minutes_left(until: float) -> int:
    return max(1, math.ceil((until - time.time()) / 60))


# --------------------------------------------------------------------------------------------
# Known devices: a signed cookie naming the accounts that logged in from this browser
# --------------------------------------------------------------------------------------------


def _devices(request) -> list[list]:
    raw = request.COOKIES.get(DEVICE_COOKIE) if request is not None else None
    if not raw:
        return []
    try:
        value = signing.loads(
            raw, salt=_DEVICE_SALT, max_age=settings.LOGIN_KNOWN_DEVICE_DAYS * 86400
        )
    except signing.BadSignature:
        return []
    return (
        [d for d in value if isinstance(d, list) and len(d) == 2] if isinstance(value, list) else []
    )


def known_device(request, user) -> str | None:
    """This browser's device id for `user`, when it logged in to that account before."""
    for user_id, device in _devices(request):
        if user_id == user.pk:
            return str(device)
    return None


@receiver(user_logged_in, dispatch_uid="consult.known_device")
def _remember_device(sender, request, user, **kwargs):
    if request is not None:
        setattr(request, _NEW_DEVICE_ATTR, user.pk)


class KnownDeviceMiddleware:
    """Sets (or renews) the known-device cookie on the response to a successful login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user_id = getattr(request, _NEW_DEVICE_ATTR, None)
        if user_id is not None:
            devices = [d for d in _devices(request) if d[0] != user_id]
            device = known_device(request, _Id(user_id)) or secrets.token_hex(8)
            devices = [[user_id, device], *devices][:_DEVICES_KEPT]
            response.set_cookie(
                DEVICE_COOKIE,
                signing.dumps(devices, salt=_DEVICE_SALT, compress=True),
                max_age=settings.LOGIN_KNOWN_DEVICE_DAYS * 86400,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


@dataclass(frozen=True)
class _Id:
    pk: int


# --------------------------------------------------------------------------------------------
# The backend
# --------------------------------------------------------------------------------------------


class ThrottledModelBackend(ModelBackend):
    """A login name or phone number (consult.accounts.logins) and a password, refused while
    the attempt's account, address or device is locked out."""

    def get_user(self, user_id):
        """The signed-in person of each request, read with whether they hold a role in a
        federation (consult.access then skips that query for everyone else). The EXISTS is
        written as SQL (consult.raw_sql): built as Exists(OuterRef) it cost 0.3 ms more on
        every signed-in request."""
        memberships = FederationMembership._meta
        User = get_user_model()
        holds = has_rows(memberships.db_table, memberships.get_field("user").column, User)
        user = (
            User._default_manager.annotate(holds_federation_role=holds).filter(pk=user_id).first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD, "")
        found = find_account(username)
        attempt = attempt_for(request, username, found)
        until = locked_until(attempt)
        if until:
            if request is not None:
                setattr(request, LOCKED_ATTR, until)
            raise PermissionDenied  # authenticate() stops here: no other backend is tried
        user = found.user
        if user is not None and user.check_password(password) and self.user_can_authenticate(user):
            record_success(attempt)
            return user
        if user is None:
            get_user_model()().set_password(password)  # the same time as a wrong password
        record_failure(attempt)
        if request is not None:
            if found.ambiguous:
                setattr(request, AMBIGUOUS_ATTR, True)
            until = locked_until(attempt)
            if until:
                setattr(request, LOCKED_ATTR, until)
        return None
