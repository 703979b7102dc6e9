"""One-time activation codes: drawn by the server, shown once, kept as an HMAC.

A code is 12 characters from 31 letters and digits that are not easily confused (59 bits).
Guessing online is stopped by the rate limit (a handful of tries per account and address in
15 minutes, consult.login_throttle) long before it could matter, and a code lives at most
ACTIVATION_CODE_DAYS and is used once. Stored as HMAC-SHA256 with a server-side key (like the
anonymous receipts, docs/SECURITY.md §3): a copy of the database alone lets nobody test a
guess, and a check costs microseconds, so printing 800 slips does not take 800 slow password
hashes.
"""

import hashlib
import hmac
import secrets
import unicodedata

from django.conf import settings
from django.utils.crypto import salted_hmac

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12
GROUP = 4
_KEY_SALT = "consult.accounts.codes.key"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def grouped(code: str) -> str:
    """K7PM3QXH9RTA → K7PM-3QXH-9RTA, as printed on the slip."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise(typed: str) -> str:
    """What a person typed (full-width, lower case, spaces or dashes) as the code's letters."""
    text = unicodedata.normalize("NFKC", typed or "").upper()
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


def _key() -> bytes:
    configured = getattr(settings, "ACTIVATION_KEY", "")
    if configured:
        return configured.encode()
    return salted_hmac(_KEY_SALT, "activation-key", algorithm="sha256").digest()


def hash_code(code: str) -> str:
    return hmac.new(_key(), normalise(code).encode(), hashlib.sha256).hexdigest()


def matches(typed: str, stored: str) -> bool:
    return hmac.compare_digest(hash_code(typed), stored)
