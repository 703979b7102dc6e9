"""The secret of an anonymous receipt, kept as a keyed hash.

An HMAC-SHA256 with a server-side key costs microseconds, so neither the public submission
nor /track/ gives anyone a lever on the server's CPU (PBKDF2 costs ~250 ms per call). The key
never leaves the server, so a copy of the database alone does not let anyone test guesses.
Values stored before this change are Django password hashes and still verify.
"""

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.utils.crypto import salted_hmac

PREFIX = "hmac$"
_KEY_SALT = "grievances.receipts.key"


def _key() -> bytes:
    configured = getattr(settings, "RECEIPT_KEY", "")
    if configured:
        return configured.encode()
    return salted_hmac(_KEY_SALT, "receipt-key", algorithm="sha256").digest()


def hash_secret(secret: str) -> str:
    digest = hmac.new(_key(), secret.encode(), hashlib.sha256).hexdigest()
    return f"{PREFIX}{digest}"


def check_secret(secret: str, stored: str | None) -> bool:
    """True when `secret` matches `stored`; a missing hash matches nothing (same cost)."""
    if stored and stored.startswith(PREFIX):
        return hmac.compare_digest(hash_secret(secret), stored)
    if stored:
        return check_password(secret, stored)  # older PBKDF2 receipts
    hmac.compare_digest(hash_secret(secret), PREFIX + "0" * 64)
    return False
