"""Logging in without e-mail: by the login name on the slip (`<code>-<工号>`), by phone when
the phone names one account, by the existing user names."""

import pytest
from django.test import Client
from django.urls import reverse

from consult.accounts.logins import find_account, login_name, normalise_phone
from tests.conftest import PASSWORD as DEMO_PASSWORD
from tests.consult.onboarding import PASSWORD, add_worker, signed_in

pytestmark = pytest.mark.django_db


def _login(username, password=PASSWORD):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    return client, response


def _with_password(membership):
    membership.user.set_password(PASSWORD)
    membership.user.save()
    return membership


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("13911112222", "13911112222"),
        ("139 1111 2222", "13911112222"),
        ("139-1111-2222", "13911112222"),
        ("１３９１１１１２２２２", "13911112222"),
        ("+86 139 1111 2222", "13911112222"),
        ("12345678901", ""),
        ("0539-4270001", ""),
        ("", ""),
    ],
)
def test_phones_are_read_as_people_type_them(typed, expected):
    assert normalise_phone(typed) == expected


def test_a_login_name_is_the_enterprise_code_and_the_employee_number():
    assert login_name("acme", " A1024 ") == "acme-a1024"


def test_a_worker_logs_in_with_the_login_name_in_any_case(demo):
    _with_password(add_worker(demo, "1024", phone="13911112222"))
    client, response = _login("DEMO-1024")
    assert response.status_code == 302 and signed_in(client)


def test_a_worker_logs_in_with_their_phone(demo):
    _with_password(add_worker(demo, "1024", phone="13911112222"))
    client, response = _login("139 1111 2222")
    assert response.status_code == 302 and signed_in(client)


def test_a_phone_shared_by_two_accounts_asks_for_the_login_name(demo, demo_b):
    _with_password(add_worker(demo, "1024", phone="13911112222"))
    _with_password(add_worker(demo_b, "77", phone="13911112222"))
    client, response = _login("13911112222")
    assert response.status_code == 200 and not signed_in(client)
    assert "请用开通凭条上印的登录名登录" in response.content.decode()
    client, response = _login("demo-b-77")
    assert response.status_code == 302 and signed_in(client)


def test_a_phone_of_an_inactive_membership_does_not_count(demo, demo_b):
    _with_password(add_worker(demo, "1024", phone="13911112222"))
    gone = add_worker(demo_b, "77", phone="13911112222")
    gone.is_active = False
    gone.save()
    assert find_account("13911112222").user.username == "demo-1024"


def test_the_demo_personas_still_log_in_by_user_name(demo):
    client, response = _login("union_chair", DEMO_PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_the_admin_login_takes_a_phone_too(demo, member):
    chair = member("union_chair")
    client = Client()
    response = client.post(
        reverse("admin:login"), {"username": chair.phone, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302 and signed_in(client)
