"""A forgotten password where a message channel is configured: union staff send the person a
new code by SMS (or WeCom, DingTalk) from the roles page instead of printing a slip
(issue 20 section 3)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from consult.models import ActivationCode, Delivery
from consult.models import MessengerKind as K
from consult.outbox.sender import send_due
from tests.consult.onboarding import activate

pytestmark = pytest.mark.django_db

User = get_user_model()


def _send(client, membership):
    url = reverse("slip_reissue", args=["demo", membership.pk])
    return client.post(url, {"send": "1"}, follow=True)


def test_a_new_code_goes_by_sms_and_the_old_password_stops(
    drained, aliyun, configure, reach, member, login
):
    configure(K.SMS_ALIYUN)
    reach("employee", phone="13800000009")
    worker = member("employee")
    chair = login("union_chair")
    assert "发送新激活码" in _roles_page(chair)
    page = _send(chair, worker).content.decode()
    assert "短信" in page and "一分钟" in page  # what happened, in the chair's language
    user = User.objects.get(pk=worker.user_id)
    assert not user.has_usable_password()
    assert ActivationCode.objects.open().filter(user=user).count() == 1
    assert Delivery.objects.filter(notification__recipient=user, channel="sms").count() == 1
    send_due()
    code = aliyun.delivered[-1]["values"]["code"]
    assert activate(Client(), user.username, code).status_code == 302


def test_without_a_channel_that_reaches_the_person_nothing_is_issued(
    drained, configure, reach, member, login, wecom
):
    configure(K.WECOM_APP)  # configured, but this person has no WeCom id and no phone
    reach("employee")
    worker = member("employee")
    before = User.objects.get(pk=worker.user_id).password
    response = _send(login("union_chair"), worker)
    assert response.status_code == 409
    assert "打印" in response.content.decode()
    assert User.objects.get(pk=worker.user_id).password == before  # the password still works
    assert not ActivationCode.objects.filter(user_id=worker.user_id).exists()


def test_the_send_button_shows_only_where_a_channel_is_configured(drained, configure, login):
    chair = login("union_chair")
    assert "发送新激活码" not in _roles_page(chair)
    configure(K.DINGTALK_APP)
    assert "发送新激活码" in _roles_page(chair)


def _roles_page(client) -> str:
    return client.get(reverse("roles", args=["demo"])).content.decode()
