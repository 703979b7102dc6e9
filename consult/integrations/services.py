"""Writes and the check of API tokens (issue 22). A token is shown once, when it is created;
only its SHA-256 is kept. Revoking keeps the row (nothing is deleted) with who revoked it."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from consult.audit import record_event
from consult.events import IntegrationEvent
from consult.models import Enterprise, IntegrationScope, IntegrationToken

# "cst_" tells a leaked string for what it is (secret scanners key on such prefixes).
TOKEN_PREFIX = "cst_"
_TOKEN_BYTES = 32
_SHOWN_PREFIX = 12
# last_used_at is written at most this often, not on every call.
LAST_USED_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class NewToken:
    token: IntegrationToken
    secret: str  # the whole token, to be shown once


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def integration_token_create(
    *, enterprise: Enterprise, by, name: str, scopes: list[str]
) -> NewToken:
    """The union chair gives the enterprise's OA or mini-program a token for a few scopes."""
    chosen = [s for s in IntegrationScope.values if s in scopes]
    raw = TOKEN_PREFIX + secrets.token_urlsafe(_TOKEN_BYTES)
    token = IntegrationToken.objects.create(
        enterprise=enterprise,
        name=name,
        scopes=chosen,
        key_hash=hash_token(raw),
        prefix=raw[:_SHOWN_PREFIX],
        created_by=by,
    )
    record_event(
        enterprise=enterprise,
        target=token,
        action=IntegrationEvent.TOKEN_CREATED,
        actor=by,
        note=name,
        data={"scopes": chosen, "prefix": token.prefix},
    )
    return NewToken(token=token, secret=raw)


@transaction.atomic
def integration_token_revoke(*, token: IntegrationToken, by) -> IntegrationToken:
    """The token stops working at once; the row stays, with who revoked it and when."""
    locked = IntegrationToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.revoked_by = by
    locked.save(update_fields=["revoked_at", "revoked_by"])
    record_event(
        enterprise=locked.enterprise,
        target=locked,
        action=IntegrationEvent.TOKEN_REVOKED,
        actor=by,
        note=locked.name,
        data={"prefix": locked.prefix},
    )
    return locked


def integration_token_check(*, raw: str) -> IntegrationToken | None:
    """The live token that `raw` is, with its enterprise, or None (unknown, revoked, or its
    enterprise closed). Its last use is written at most once a minute."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        IntegrationToken.objects.select_related("enterprise")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, enterprise__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        IntegrationToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
