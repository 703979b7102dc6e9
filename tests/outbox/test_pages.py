"""The chair's message channels, the union's failed deliveries and a person's channels, as their
users see them: who may open them, secrets never shown back or logged, retry, scoping."""

import logging

import pytest
from django.core.management import call_command
from lxml import html

from consult.audit import notify
from consult.models import (
    AuditEvent,
    Delivery,
    DeliveryPreference,
    MessageKind,
    Messenger,
    MessengerKind,
    Notification,
)
from consult.outbox.sender import send_due

K = MessengerKind
SECRET = "wecom-secret-value-9f3K"


def _text(response) -> str:
    return " ".join(html.fromstring(response.content.decode()).text_content().split())


def _new_wecom(client, base_secret=SECRET, **extra):
    return client.post(
        "/e/demo/messaging/new/wecom_app/",
        {
            "name": "工会企业微信",
            "corp_id": "ww-fake-corp",
            "agent_id": "1000002",
            "secret_secret": base_secret,
            "is_active": "on",
            **extra,
        },
    )


@pytest.mark.parametrize("username", ["union_staff", "admin_head", "dept_head", "employee"])
def test_only_the_chair_configures_channels(login, username, demo):
    client = login(username)
    assert client.get("/e/demo/messaging/").status_code == 403
    assert _new_wecom(client).status_code == 403
    assert not Messenger.objects.exists()


def test_another_enterprises_chair_gets_404_and_changes_nothing(login, demo, configure):
    m = configure(K.WECOM_APP)
    client = login("b_union_chair")
    assert client.get(f"/e/demo/messaging/{m.pk}/").status_code == 404
    assert client.get(f"/e/demo-b/messaging/{m.pk}/").status_code == 404
    assert client.post(f"/e/demo-b/messaging/{m.pk}/test/").status_code == 404
    assert not Notification.objects.filter(kind="test").exists()


def test_a_secret_is_stored_encrypted_and_shown_only_by_its_last_four(login, demo, caplog):
    client = login("union_chair")
    with caplog.at_level(logging.DEBUG):
        response = _new_wecom(client)
    assert response.status_code == 302
    m = Messenger.objects.get()
    assert SECRET not in m.secret and m.secret.startswith("gAAAAA")  # a Fernet token
    assert m.secret_hint == "9f3K"
    page = client.get("/e/demo/messaging/").content.decode()
    edit = client.get(f"/e/demo/messaging/{m.pk}/").content.decode()
    assert SECRET not in page + edit and "9f3K" in page and "9f3K" in edit
    event = AuditEvent.objects.get(action="channel_configured")
    assert SECRET not in str(event.data) and event.data["secrets"] == ["secret"]
    assert SECRET not in caplog.text


def test_leaving_the_secret_empty_keeps_it(login, demo, configure):
    m = configure(K.WECOM_APP)
    before = m.secret
    response = login("union_chair").post(
        f"/e/demo/messaging/{m.pk}/",
        {"name": "改名", "corp_id": "ww-fake-corp", "agent_id": "1000003", "is_active": "on"},
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.secret == before and m.name == "改名" and m.config["agent_id"] == "1000003"


def test_a_webhook_of_another_host_is_refused_and_nothing_saved(login, demo):
    response = login("union_chair").post(
        "/e/demo/messaging/new/wecom_robot/",
        {"secret_webhook": "http://10.0.0.5/internal?key=x", "is_active": "on"},
    )
    assert response.status_code == 400
    assert "Webhook 地址必须以" in _text(response)
    assert not Messenger.objects.exists()


def test_without_a_key_no_secret_can_be_saved(login, demo, settings):
    settings.CHANNEL_SECRET_KEY = ""
    response = _new_wecom(login("union_chair"))
    assert response.status_code == 400 and "CHANNEL_SECRET_KEY" in _text(response)
    assert not Messenger.objects.exists()


def test_the_test_button_queues_a_message_that_the_sender_delivers(
    login, demo, wecom, member, reach
):
    client = login("union_chair")
    _new_wecom(client, base_secret="fake-wecom-secret")
    m = Messenger.objects.get()
    reach("union_chair", wecom="wx-staff")
    assert client.get(f"/e/demo/messaging/{m.pk}/test/").status_code == 405
    response = client.post(f"/e/demo/messaging/{m.pk}/test/", {"address": ""}, follow=True)
    assert "测试消息已进入发送队列" in _text(response)
    assert wecom.received == []
    call_command("send_notifications", stdout=open("/dev/null", "w"))
    (card,) = wecom.delivered
    assert card["to"] == "wx-staff" and card["title"] == "测试消息：此渠道可用"


def _failed(member, demo, wecom, configure, reach, username="dept_head", kind=MessageKind.STEP):
    configure(K.WECOM_APP)
    reach(username, wecom="wx-dept-head")
    facts = {"number": "2026-0050"} if kind == MessageKind.STEP else {}
    note = notify(
        enterprise=demo, recipients=[member(username).user], subject="x", kind=kind, facts=facts
    )[0]
    wecom.fail_next(1, status=500)
    send_due()
    return note.deliveries.get()


def test_union_staff_see_a_failed_delivery_with_its_error_and_retry_it(
    login, demo, member, wecom, configure, reach
):
    delivery = _failed(member, demo, wecom, configure, reach)
    client = login("union_staff")
    page = client.get("/e/demo/deliveries/?channel=wecom")
    text = _text(page)
    assert page.status_code == 200 and "HTTP 500" in text and "发送失败，将重试" in text
    assert "企业微信 (1)" in text
    assert client.get(f"/e/demo/deliveries/{delivery.pk}/retry/").status_code == 405
    response = client.post(f"/e/demo/deliveries/{delivery.pk}/retry/", {"channel": "wecom"})
    assert response.status_code == 302 and response["Location"].endswith("?channel=wecom")
    delivery.refresh_from_db()
    assert delivery.state == "waiting"
    assert send_due().sent == 1
    assert "没有发送失败的消息" in _text(client.get("/e/demo/deliveries/"))
    assert AuditEvent.objects.filter(action="delivery_retried", actor__username="union_staff")


@pytest.mark.parametrize("username", ["admin_head", "dept_head", "supervisor", "employee"])
def test_only_the_union_office_sees_failed_deliveries(
    login, username, demo, member, wecom, configure, reach
):
    delivery = _failed(member, demo, wecom, configure, reach)
    client = login(username)
    assert client.get("/e/demo/deliveries/").status_code == 403
    assert client.post(f"/e/demo/deliveries/{delivery.pk}/retry/").status_code == 403
    delivery.refresh_from_db()
    assert delivery.state == "failed"


def test_another_enterprise_cannot_retry_a_delivery(login, demo, member, wecom, configure, reach):
    delivery = _failed(member, demo, wecom, configure, reach)
    client = login("b_union_staff")
    assert client.post(f"/e/demo-b/deliveries/{delivery.pk}/retry/").status_code == 404
    assert "2026-0050" not in client.get("/e/demo-b/deliveries/").content.decode()
    delivery.refresh_from_db()
    assert delivery.state == "failed"


def test_news_to_a_requester_is_shown_without_their_name_to_undesignated_staff(
    login, demo, member, wecom, configure, reach
):
    _failed(member, demo, wecom, configure, reach, username="employee", kind=MessageKind.NEWS)
    name = str(member("employee").user.last_name + member("employee").user.first_name) or "employee"
    staff_page = _text(login("union_staff").get("/e/demo/deliveries/"))
    assert "保密" in staff_page and "wx-dept-head" not in staff_page and name not in staff_page
    chair_page = _text(login("union_chair").get("/e/demo/deliveries/"))
    assert "wx-dept-head" in chair_page


def test_the_failed_deliveries_page_costs_the_same_for_more_rows(
    login, demo, member, wecom, configure, reach, django_assert_max_num_queries
):
    _failed(member, demo, wecom, configure, reach)
    client = login("union_staff")
    client.get("/e/demo/deliveries/")
    for _ in range(5):
        notify(
            enterprise=demo,
            recipients=[member("dept_head").user],
            subject="x",
            kind=MessageKind.STEP,
        )
    wecom.fail_next(5, status=500)
    send_due()
    assert Delivery.objects.filter(state="failed").count() == 6
    with django_assert_max_num_queries(12):
        assert client.get("/e/demo/deliveries/").status_code == 200


def test_a_person_chooses_their_channels_and_the_next_message_follows_it(
    login, demo, member, wecom, configure, reach
):
    configure(K.WECOM_APP)
    reach("employee", wecom="wx-employee", email="employee@demo.invalid")
    client = login("employee")
    page = _text(client.get("/e/demo/notifications/channels/"))
    assert "按您的角色默认： 电子邮件，企业微信" in page
    response = client.post(
        "/e/demo/notifications/channels/", {"channels": ["email"], "language": "en"}
    )
    assert response.status_code == 302
    pref = DeliveryPreference.objects.get(membership=member("employee"))
    assert pref.channels == ["email"] and pref.language == "en"
    note = notify(
        enterprise=demo, recipients=[member("employee").user], subject="x", kind=MessageKind.NEWS
    )[0]
    assert list(note.deliveries.values_list("channel", flat=True)) == ["email"]


def test_a_channel_that_cannot_reach_the_person_cannot_be_chosen(login, demo, reach):
    reach("employee")  # no e-mail, no WeCom
    client = login("employee")
    response = client.post("/e/demo/notifications/channels/", {"channels": ["sms"]})
    assert response.status_code == 400
    assert not DeliveryPreference.objects.exists()


def test_messages_are_written_in_the_language_the_person_chose(demo, member, mailoutbox, reach):
    reach("employee", email="employee@demo.invalid")
    DeliveryPreference.objects.create(membership=member("employee"), language="en")
    notify(
        enterprise=demo, recipients=[member("employee").user], subject="x", kind=MessageKind.NEWS
    )
    reach("dept_head", email="dept@demo.invalid")
    notify(
        enterprise=demo,
        recipients=[member("dept_head").user],
        subject="x",
        kind=MessageKind.STEP,
        facts={"number": "2026-0060"},
    )
    send_due()
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects["employee@demo.invalid"] == "There is news about your item"
    assert subjects["dept@demo.invalid"] == "事项 2026-0060 等待您办理"


def test_an_anonymous_requester_gets_nothing_outside_the_app(
    login, demo, member, wecom, configure, reach
):
    configure(K.WECOM_APP)
    reach("employee", wecom="wx-employee", email="employee@demo.invalid")
    client = login("employee")
    client.post(
        "/e/demo/grievances/new/",
        {"kind": "grievance", "content": "匿名反映", "disclosure": "anonymous", "token": "anon-1"},
    )
    from grievances import services
    from grievances.models import Grievance

    g = Grievance.objects.get(submission_token="anon-1")
    services.grievance_verify(grievance=g, by=member("union_staff").user)
    assert not Notification.objects.filter(recipient=member("employee").user).exists()
    send_due()
    assert not [c for c in wecom.delivered if c["to"] == "wx-employee"]
