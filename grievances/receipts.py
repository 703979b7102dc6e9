"""The receipt of an anonymous item: a public code and a secret, the secret kept as a keyed hash.

The secret is drawn by the server (`new_secret`) with at least 128 bits of entropy, so it needs
no slow password hash: nobody can test guesses of 128 random bits, even with the database and
the key. An HMAC-SHA256 with a server-side key costs microseconds, so neither the public
submission nor /track/ gives anyone a lever on the server's CPU (PBKDF2 cost ~250 ms per call),
and the key never leaves the server, so a copy of the database alone lets nobody test guesses
at all. Values stored before this change are Django password hashes (PBKDF2): they still verify,
and are rewritten as keyed hashes the first time their secret is given right.
"""

import hashlib
import hmac
import math
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.utils.crypto import salted_hmac

PREFIX = "hmac$"
_KEY_SALT = "grievances.receipts.key"
# Letters and digits that are not easily confused (no 0/O, 1/I/L).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SECRET_BITS = 128
SECRET_LENGTH = math.ceil(SECRET_BITS / math.log2(len(ALPHABET)))  # 26 characters, 128.8 bits


def new_secret() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(SECRET_LENGTH))


def normalise(secret: str) -> str:
    """What a person typed, without the spaces or dashes they may group it with."""
    return "".join(ch for ch in secret.upper() if ch.isalnum())


def _key() -> bytes:
    configured = getattr(settings, "RECEIPT_KEY", "")
    if configured:
        return configured.encode()
    return salted_hmac(_KEY_SALT, "receipt-key", algorithm="sha256").digest()


def hash_secret(secret: str) -> str:
    digest = hmac.new(_key(), secret.encode(), hashlib.sha256).hexdigest()
    return f"{PREFIX}{digest}"


def is_current(stored: str | None) -> bool:
    """True when `stored` is a keyed hash (not an older password hash)."""
    return bool(stored) and stored.startswith(PREFIX)


def check_secret(secret: str, stored: str | None) -> bool:
    """True when `secret` matches `stored`; a missing hash matches nothing (same cost)."""
    if is_current(stored):
        return hmac.compare_digest(hash_secret(secret), stored)
    if stored:
        return check_password(secret, stored)  # older PBKDF2 receipts
    hmac.compare_digest(hash_secret(secret), PREFIX + "0" * 64)
    return False


def verify(grievance, secret: str) -> bool:
    """Check `secret` against `grievance`'s receipt (None: no such code, the same cost as a
    wrong secret); an older password hash that matches is rewritten as a keyed hash."""
    stored = grievance.receipt_secret_hash if grievance is not None else None
    if not check_secret(secret, stored):
        return False
    if not is_current(stored):
        upgraded = hash_secret(secret)
        type(grievance).objects.filter(pk=grievance.pk, receipt_secret_hash=stored).update(
            receipt_secret_hash=upgraded
        )
        grievance.receipt_secret_hash = upgraded
    return True
