"""Receipt secrets are a keyed hash (no PBKDF2 per submission or /track/ attempt)."""

import re

from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.test import Client

from grievances.models import Grievance
from grievances.receipts import PREFIX, check_secret, hash_secret


def _submit(content: str, token: str) -> tuple[Grievance, str, str]:
    response = Client().post(
        "/s/demo/submit/", {"kind": "grievance", "content": content, "token": token}
    )
    text = response.content.decode()
    code = re.search(r'id="receipt-code">([A-Z0-9]+)<', text).group(1)
    secret = re.search(r'id="receipt-secret">([A-Z0-9]+)<', text).group(1)
    return Grievance.objects.get(content=content), code, secret


def test_receipt_of_a_submission_opens_the_item_on_track(demo):
    grievance, code, secret = _submit("夜班没有热饭", "tok-rcpt-1")
    response = Client().post("/track/", {"code": code, "secret": secret})
    assert response.status_code == 200
    assert "夜班没有热饭" in response.content.decode()


def test_wrong_secret_does_not_open_the_item(demo):
    _grievance, code, _secret = _submit("夜班没有热水", "tok-rcpt-2")
    response = Client().post("/track/", {"code": code, "secret": "WRONGSECRET"})
    assert response.status_code == 400
    assert "夜班没有热水" not in response.content.decode()


def test_stored_value_is_a_keyed_hash_not_the_secret(demo, settings):
    grievance, _code, secret = _submit("澡堂开放时间太短", "tok-rcpt-3")
    stored = grievance.receipt_secret_hash
    assert stored.startswith(PREFIX)
    assert secret not in stored
    assert stored == hash_secret(secret)
    # Another server key gives another hash: the database alone cannot test guesses.
    settings.RECEIPT_KEY = "another-server-key"
    assert hash_secret(secret) != stored
    assert not check_secret(secret, stored)


def test_receipts_stored_as_password_hashes_still_verify(demo, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    grievance, code, _secret = _submit("旧回执的诉求", "tok-rcpt-4")
    old = make_password("OLDSECRET42", hasher=PBKDF2PasswordHasher())
    Grievance.objects.filter(pk=grievance.pk).update(receipt_secret_hash=old)
    assert Client().post("/track/", {"code": code, "secret": "OLDSECRET42"}).status_code == 200
    assert Client().post("/track/", {"code": code, "secret": "OLDSECRET43"}).status_code == 400
