"""Receipt secrets are a keyed hash (no PBKDF2 per submission or /track/ attempt)."""

import math
import re

from django.contrib.auth.hashers import MD5PasswordHasher, PBKDF2PasswordHasher, make_password
from django.test import Client

from grievances.models import Grievance
from grievances.receipts import ALPHABET, PREFIX, check_secret, hash_secret


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


def test_the_secret_shown_on_the_receipt_carries_at_least_128_bits(demo):
    _g, _code, one = _submit("宿舍空调坏了", "tok-rcpt-5")
    _g, _code, two = _submit("宿舍空调又坏了", "tok-rcpt-6")
    assert set(one) <= set(ALPHABET) and set(two) <= set(ALPHABET)
    assert len(one) * math.log2(len(ALPHABET)) >= 128
    assert one != two


def test_submission_and_track_compute_no_password_hash(demo, monkeypatch):
    # The public submission and /track/ of a new receipt never reach a (slow) password hasher.
    def refuse(*args, **kwargs):
        raise AssertionError("a password hasher was used")

    for name in ("make_password", "check_password"):
        monkeypatch.setattr(f"django.contrib.auth.hashers.{name}", refuse)
        monkeypatch.setattr(f"grievances.receipts.{name}", refuse, raising=False)
    for hasher in (PBKDF2PasswordHasher, MD5PasswordHasher):
        monkeypatch.setattr(hasher, "encode", refuse)
        monkeypatch.setattr(hasher, "verify", refuse)
    grievance, code, secret = _submit("更衣室柜子不够", "tok-rcpt-7")
    assert grievance.receipt_secret_hash.startswith(PREFIX)
    assert Client().post("/track/", {"code": code, "secret": secret}).status_code == 200
    assert Client().post("/track/", {"code": "NOSUCHCODE", "secret": secret}).status_code == 400


def test_an_old_receipt_is_rewritten_as_a_keyed_hash_when_its_secret_is_given(demo, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    grievance, code, _secret = _submit("旧回执升级", "tok-rcpt-8")
    old = make_password("OLDSECRET77", hasher=PBKDF2PasswordHasher())
    Grievance.objects.filter(pk=grievance.pk).update(receipt_secret_hash=old)

    assert Client().post("/track/", {"code": code, "secret": "OLDSECRET78"}).status_code == 400
    grievance.refresh_from_db()
    assert grievance.receipt_secret_hash == old  # a wrong secret changes nothing

    assert Client().post("/track/", {"code": code, "secret": "oldsecret77"}).status_code == 200
    grievance.refresh_from_db()
    assert grievance.receipt_secret_hash == hash_secret("OLDSECRET77")
    # The same receipt keeps working, now without a password hash.
    assert Client().post("/track/", {"code": code, "secret": "OLDSECRET77"}).status_code == 200
    assert Client().post("/track/", {"code": code, "secret": "OLDSECRET78"}).status_code == 400


def test_forged_secrets_do_not_open_the_item(demo, settings):
    grievance, code, secret = _submit("食堂菜价上涨", "tok-rcpt-9")
    stored = grievance.receipt_secret_hash
    forged = [
        stored,  # the stored hash itself
        stored.removeprefix(PREFIX),
        secret[:-1],  # one character short
        secret[:-1] + ("A" if secret[-1] != "A" else "B"),  # one character off
        secret + "A",
        "",
    ]
    for attempt in forged:
        page = Client().post("/track/", {"code": code, "secret": attempt})
        assert page.status_code == 400, attempt
        assert "食堂菜价上涨" not in page.content.decode()
    # A hash made with another key (a forged row) does not match the secret it was made from.
    settings.RECEIPT_KEY = "attackers-guess-of-the-key"
    Grievance.objects.filter(pk=grievance.pk).update(receipt_secret_hash=hash_secret("MINE"))
    settings.RECEIPT_KEY = ""
    assert Client().post("/track/", {"code": code, "secret": "MINE"}).status_code == 400
    # An item whose hash is empty opens with no secret at all.
    Grievance.objects.filter(pk=grievance.pk).update(receipt_secret_hash="")
    assert Client().post("/track/", {"code": code, "secret": "-"}).status_code == 400


def test_a_secret_typed_in_groups_with_spaces_or_dashes_opens_the_item(demo):
    _grievance, code, secret = _submit("班车时间不合适", "tok-rcpt-10")
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)).lower()
    assert Client().post("/track/", {"code": code, "secret": grouped}).status_code == 200
    dashed = "-".join(secret[i : i + 5] for i in range(0, len(secret), 5))
    assert Client().post("/track/", {"code": code, "secret": dashed}).status_code == 200
