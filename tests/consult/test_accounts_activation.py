"""Activation codes and the activation page: one-time, expiring, kept hashed, throttled;
a new code voids the old one, the password and every session; nothing asks for e-mail."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consult.accounts import codes, services
from consult.events import AccountEvent
from consult.models import ActivationCode, AuditEvent
from tests.conftest import PASSWORD as DEMO_PASSWORD
from tests.consult.onboarding import PASSWORD, activate, add_worker, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _login_limits(settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_LOCKOUT_SECONDS = 900


@pytest.fixture
def worker(demo):
    return add_worker(demo, "1024", name="王小工", phone="13911112222")


@pytest.fixture
def chair(member):
    return member("union_chair").user


def test_the_code_is_stored_only_as_a_keyed_hash(worker, chair):
    code = services.activation_code_issue(membership=worker, by=chair)
    row = ActivationCode.objects.get(user=worker.user)
    assert code not in row.code_hash and codes.grouped(code) not in row.code_hash
    assert row.code_hash == codes.hash_code(code)
    assert row.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()
    assert row.issued_by == chair and row.membership == worker
    assert AuditEvent.objects.filter(
        action=AccountEvent.ACTIVATION_CODE_ISSUED,
        target_id=worker.pk,
        enterprise=worker.enterprise,
    ).exists()


def test_a_worker_activates_with_login_name_and_code_and_is_logged_in(worker, chair):
    code = services.activation_code_issue(membership=worker, by=chair)
    client = Client()
    response = activate(client, "demo-1024", codes.grouped(code).lower())
    assert response.status_code == 302
    assert signed_in(client)
    worker.user.refresh_from_db()
    assert worker.user.check_password(PASSWORD)
    assert ActivationCode.objects.get(user=worker.user).used_at is not None
    assert AuditEvent.objects.filter(
        action=AccountEvent.ACCOUNT_ACTIVATED, actor=worker.user
    ).exists()
    assert mail.outbox == []


def test_the_phone_number_works_instead_of_the_login_name(worker, chair):
    code = services.activation_code_issue(membership=worker, by=chair)
    client = Client()
    assert activate(client, "139-1111-2222", code).status_code == 302
    assert signed_in(client)


def test_a_code_works_once(worker, chair):
    code = services.activation_code_issue(membership=worker, by=chair)
    assert activate(Client(), "demo-1024", code).status_code == 302
    client = Client()
    response = activate(client, "demo-1024", code, password="Another-pass-2026")
    assert response.status_code == 400
    assert not signed_in(client)
    worker.user.refresh_from_db()
    assert worker.user.check_password(PASSWORD)


def test_an_expired_code_is_refused_and_changes_nothing(worker, chair):
    code = services.activation_code_issue(membership=worker, by=chair)
    later = timezone.now() + datetime.timedelta(days=31)
    with time_machine.travel(later, tick=False):
        client = Client()
        response = activate(client, "demo-1024", code)
    assert response.status_code == 400
    assert "已过期" in response.content.decode()
    assert not signed_in(client)
    worker.user.refresh_from_db()
    assert not worker.user.has_usable_password()
    assert ActivationCode.objects.get(user=worker.user).used_at is None


def test_the_expiry_is_a_setting(worker, chair, settings):
    settings.ACTIVATION_CODE_DAYS = 3
    code = services.activation_code_issue(membership=worker, by=chair)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=4), tick=False):
        assert activate(Client(), "demo-1024", code).status_code == 400


def test_a_weak_password_is_refused_and_the_code_stays_usable(worker, chair):
    code = services.activation_code_issue(membership=worker, by=chair)
    client = Client()
    response = activate(client, "demo-1024", code, password="12345678")
    assert response.status_code == 400
    assert not signed_in(client)
    assert ActivationCode.objects.get(user=worker.user).used_at is None
    assert activate(client, "demo-1024", code).status_code == 302


def test_two_different_passwords_are_refused(worker, chair):
    code = services.activation_code_issue(membership=worker, by=chair)
    response = Client().post(
        reverse("activate"),
        {"login": "demo-1024", "code": code, "password1": PASSWORD, "password2": PASSWORD + "x"},
    )
    assert response.status_code == 400
    assert ActivationCode.objects.get(user=worker.user).used_at is None


def test_a_new_code_voids_the_old_one_the_password_and_every_session(worker, chair, login):
    first = services.activation_code_issue(membership=worker, by=chair)
    phone = Client()
    assert activate(phone, "demo-1024", first).status_code == 302
    assert phone.get(reverse("enterprise_home", args=["demo"])).status_code == 200
    # Forgotten password: the union prints a new slip.
    response = login("union_chair").post(reverse("slip_reissue", args=["demo", worker.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert phone.get(reverse("enterprise_home", args=["demo"])).status_code == 302  # logged out
    assert not Client().login(username="demo-1024", password=PASSWORD)
    assert activate(Client(), "demo-1024", first, password="Another-pass-2026").status_code == 400
    assert (
        AuditEvent.objects.filter(
            action=AccountEvent.ACTIVATION_CODE_ISSUED, target_id=worker.pk
        ).count()
        == 2
    )
    assert ActivationCode.objects.open().filter(user=worker.user).count() == 1


def test_a_new_code_voids_one_not_used_yet(worker, chair):
    first = services.activation_code_issue(membership=worker, by=chair)
    second = services.activation_code_issue(membership=worker, by=chair)
    assert activate(Client(), "demo-1024", first).status_code == 400
    assert ActivationCode.objects.filter(user=worker.user, revoked_at__isnull=False).count() == 1
    assert activate(Client(), "demo-1024", second).status_code == 302


def test_wrong_codes_are_rate_limited_like_the_login(worker, chair):
    code = services.activation_code_issue(membership=worker, by=chair)
    client = Client()
    for _ in range(5):
        activate(client, "demo-1024", "AAAA-BBBB-CCCC")
    response = activate(client, "demo-1024", code)
    assert response.status_code == 429
    assert not signed_in(client)
    assert ActivationCode.objects.get(user=worker.user).used_at is None
    # Another address is counted on its own: the worker activates from their phone.
    assert activate(Client(), "demo-1024", code, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_an_unknown_login_and_a_wrong_code_get_the_same_answer(worker, chair):
    services.activation_code_issue(membership=worker, by=chair)
    one = activate(Client(), "demo-9999", "AAAA-BBBB-CCCC")
    two = activate(Client(), "demo-1024", "AAAA-BBBB-CCCC")
    assert one.status_code == two.status_code == 400
    message = "登录名或开通码不正确"
    assert message in one.content.decode() and message in two.content.decode()


def test_the_activation_page_prefills_the_login_name_from_the_qr_code(client):
    page = client.get(reverse("activate") + "?login=demo-1024").content.decode()
    assert 'value="demo-1024"' in page
    assert "email" not in page.lower()


def test_password_change_keeps_this_session_and_ends_the_others(login):
    here, elsewhere = login("employee"), login("employee")
    response = here.post(
        reverse("password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 302
    assert here.get(reverse("enterprise_home", args=["demo"])).status_code == 200
    assert elsewhere.get(reverse("enterprise_home", args=["demo"])).status_code == 302
    user = get_user_model().objects.get(username="employee")
    assert user.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action=AccountEvent.PASSWORD_CHANGED, actor=user).exists()
    assert mail.outbox == []


def test_password_change_with_a_wrong_old_password_changes_nothing(login):
    client = login("employee")
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 400
    assert get_user_model().objects.get(username="employee").check_password(DEMO_PASSWORD)
    assert not AuditEvent.objects.filter(action=AccountEvent.PASSWORD_CHANGED).exists()


def test_the_password_page_needs_a_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
