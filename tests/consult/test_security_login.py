"""Login throttling: wrong passwords lock the account out for a while, on both login pages."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    settings.LOGIN_LOCKOUT_SECONDS = 600


def _login(client, username, password, url=None, **meta):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, **meta
    )


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_forty_wrong_passwords_then_the_right_one_do_not_log_in(demo):
    client = Client()
    for _ in range(40):
        _login(client, "union_chair", "wrong-password")
    response = _login(client, "union_chair", PASSWORD)
    assert response.status_code == 429
    assert not _signed_in(client)
    assert "登录失败次数过多" in response.content.decode()


def test_lockout_message_is_in_english_when_the_interface_is(demo, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(5):
        _login(client, "union_chair", "wrong-password")
    response = _login(client, "union_chair", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()


def test_a_few_mistakes_do_not_lock_out(demo):
    client = Client()
    for _ in range(4):
        _login(client, "union_chair", "wrong-password")
    response = _login(client, "union_chair", PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_lockout_of_one_account_leaves_others_alone(demo):
    for _ in range(6):
        _login(Client(), "union_chair", "wrong-password")
    client = Client()
    assert _login(client, "union_staff", PASSWORD).status_code == 302


def test_lockout_ends_after_the_configured_period(demo, settings):
    import time_machine

    # Redis keeps its own clock; the lockout's length is checked against the in-memory cache.
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        for _ in range(5):
            _login(Client(), "union_chair", "wrong-password")
        assert _login(Client(), "union_chair", PASSWORD).status_code == 429
        traveller.shift(settings.LOGIN_LOCKOUT_SECONDS + 5)
        client = Client()
        assert _login(client, "union_chair", PASSWORD).status_code == 302


def test_admin_login_is_locked_out_too(demo):
    url = reverse("admin:login")
    client = Client()
    for _ in range(5):
        _login(client, "admin_head", "wrong-password", url=url)
    response = _login(client, "admin_head", PASSWORD, url=url)
    assert not _signed_in(client)
    assert "登录失败次数过多" in response.content.decode()


def test_one_address_trying_many_accounts_is_locked_out_behind_a_trusted_proxy(demo, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.66"}
    colleague = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.67"}
    for n in range(8):
        _login(Client(), f"nobody-{n}", "wrong-password", **attacker)
    assert _login(Client(), "union_staff", PASSWORD, **attacker).status_code == 429
    assert _login(Client(), "union_staff", PASSWORD, **colleague).status_code == 302


# Issue 19 point 3: a stranger who knows a login name must not keep its owner out.

STRANGER = {"REMOTE_ADDR": "203.0.113.66"}
OWNER = {"REMOTE_ADDR": "198.51.100.7"}


def test_a_strangers_failures_from_another_address_do_not_stop_the_owner(demo):
    for _ in range(40):
        _login(Client(), "union_chair", "wrong-password", **STRANGER)
    owner = Client()
    assert _login(owner, "union_chair", PASSWORD, **OWNER).status_code == 302
    assert _signed_in(owner)


def test_the_stranger_is_still_stopped_after_five_tries(demo):
    for _ in range(5):
        _login(Client(), "union_chair", "wrong-password", **STRANGER)
    attacker = Client()
    response = _login(attacker, "union_chair", PASSWORD, **STRANGER)
    assert response.status_code == 429
    assert not _signed_in(attacker)


def test_the_owner_gets_in_from_a_known_device_even_behind_the_strangers_address(demo):
    owner = Client()
    assert _login(owner, "union_chair", PASSWORD, **STRANGER).status_code == 302
    owner.post(reverse("logout"))
    for _ in range(40):  # a colleague behind the same factory NAT tries the chair's name
        _login(Client(), "union_chair", "wrong-password", **STRANGER)
    assert _login(owner, "union_chair", PASSWORD, **STRANGER).status_code == 302
    assert _signed_in(owner)


def test_guessing_spread_over_many_addresses_stops_new_devices_only(demo, settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 20
    owner = Client()
    assert _login(owner, "union_chair", PASSWORD, **OWNER).status_code == 302
    owner.post(reverse("logout"))
    for n in range(24):  # four tries from each of six addresses
        _login(Client(), "union_chair", "wrong-password", REMOTE_ADDR=f"203.0.113.{n // 4}")
    attacker = Client()
    assert _login(attacker, "union_chair", PASSWORD, REMOTE_ADDR="203.0.113.99").status_code == 429
    assert not _signed_in(attacker)
    assert _login(owner, "union_chair", PASSWORD, **OWNER).status_code == 302


def test_a_known_device_is_still_limited_to_five_wrong_passwords(demo):
    client = Client()
    assert _login(client, "union_chair", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(5):
        _login(client, "union_chair", "wrong-password")
    assert _login(client, "union_chair", PASSWORD).status_code == 429


def test_a_forged_known_device_cookie_counts_for_nothing(demo):
    client = Client()
    client.cookies["consult_device"] = "forged"
    for _ in range(5):
        _login(client, "union_chair", "wrong-password", **STRANGER)
    assert _login(client, "union_chair", PASSWORD, **STRANGER).status_code == 429


def test_another_accounts_known_device_cookie_does_not_open_this_one(demo):
    client = Client()
    assert _login(client, "employee", PASSWORD, **STRANGER).status_code == 302
    client.post(reverse("logout"))
    for _ in range(5):
        _login(Client(), "union_chair", "wrong-password", **STRANGER)
    assert _login(client, "union_chair", PASSWORD, **STRANGER).status_code == 429


def test_the_known_device_cookie_is_signed_and_names_no_one(demo):
    client = Client()
    _login(client, "union_chair", PASSWORD)
    cookie = client.cookies["consult_device"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "union_chair" not in cookie.value


def test_the_phone_number_and_the_login_name_share_one_count(demo, member):
    phone = member("union_chair").phone
    for _ in range(3):
        _login(Client(), "union_chair", "wrong-password")
    for _ in range(2):
        _login(Client(), phone, "wrong-password")
    assert _login(Client(), "union_chair", PASSWORD).status_code == 429


def test_the_counts_keep_neither_address_nor_name_nor_phone(demo, member, settings):
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    phone = member("union_chair").phone
    for who in ("union_chair", phone):
        _login(Client(), who, "wrong-password", **STRANGER)
    Client().post(
        reverse("activate"),
        {"login": phone, "code": "AAAA-BBBB-CCCC", "password1": "x", "password2": "x"},
        **STRANGER,
    )
    keys = list(caches["ratelimit"]._cache)
    assert len(keys) >= 4
    for key in keys:
        for secret in ("203.0.113.66", "union_chair", phone):
            assert secret not in key
