"""Channel secrets (app secrets, robot webhooks and signing keys, SMS access keys), encrypted with
Fernet under CHANNEL_SECRET_KEY from the environment.

A secret is entered once in the channel form, kept only as its Fernet token in
`Messenger.secret`, shown back as its last four characters, and decrypted only by the sender
when it calls the platform. It is never logged (the HTTP client logs no URL or body) and never
rendered in a page. A database dump (manage.py backup) holds the tokens, not the secrets: a
restore with the same key gives working channels, a copy of the dump alone does not.
"""

import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class SecretUnreadable(Exception):
    """The key is missing or is not the one the secret was encrypted with."""


def _fernet() -> Fernet:
    key = settings.CHANNEL_SECRET_KEY
    if not key:
        raise SecretUnreadable("CHANNEL_SECRET_KEY is not set")
    try:
        return Fernet(key.encode())
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured("CHANNEL_SECRET_KEY is not a Fernet key") from exc


def seal(values: dict[str, str]) -> str:
    return _fernet().encrypt(json.dumps(values, sort_keys=True).encode()).decode()


def unseal(token: str) -> dict[str, str]:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken as exc:
        raise SecretUnreadable("the secret cannot be read with CHANNEL_SECRET_KEY") from exc


def hint(value: str) -> str:
    """What may be shown of a secret: its last four characters."""
    return value[-4:] if len(value) >= 8 else ""


def new_key() -> str:
    return Fernet.generate_key().decode()
