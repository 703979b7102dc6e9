"""WeCom application messages and DingTalk work notifications against their fake servers:
token flow and cache, a refresh on token expiry, retries with back-off on 5xx, give-up after
the limit, user ids looked up by phone."""

import datetime

import time_machine
from django.utils import timezone

from consult.audit import notify
from consult.models import DeliveryState, MessageKind, MessengerKind
from consult.outbox.sender import send_due

K = MessengerKind


def _tell(member, username, number="2026-0009"):
    return notify(
        enterprise=member(username).enterprise,
        recipients=[member(username).user],
        subject="有一项待办",
        kind=MessageKind.STEP,
        facts={"number": number},
        url="/e/demo/",
    )[0]


def _after(delivery):
    """Travel to just after this delivery's next attempt."""
    delivery.refresh_from_db()
    return time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1))


def test_a_notification_reaches_wecom_as_a_text_card_with_a_link(
    drained, wecom, configure, reach, member
):
    configure(K.WECOM_APP)
    reach("dept_head", wecom="wx-dept-head")
    note = _tell(member, "dept_head")
    delivery = note.deliveries.get(channel="wecom")
    assert delivery.state == "waiting" and wecom.received == []  # nothing sent in the request
    assert send_due().sent >= 1
    (card,) = wecom.delivered
    assert card["to"] == "wx-dept-head"
    assert card["title"] == "事项 2026-0009 等待您办理"
    assert card["url"].endswith(f"/e/demo/notifications/{note.pk}/")
    delivery.refresh_from_db()
    assert delivery.state == "sent" and delivery.sent_at is not None


def test_the_access_token_is_fetched_once_and_kept(drained, wecom, configure, reach, member):
    configure(K.WECOM_APP)
    reach("dept_head", wecom="wx-dept-head")
    _tell(member, "dept_head")
    send_due()
    _tell(member, "dept_head", "2026-0010")
    send_due()
    paths = [r.path for r in wecom.received]
    assert paths.count("/cgi-bin/gettoken") == 1
    assert paths.count("/cgi-bin/message/send") == 2


def test_an_expired_token_is_fetched_again_once_and_the_message_goes(
    drained, wecom, configure, reach, member
):
    configure(K.WECOM_APP)
    reach("dept_head", wecom="wx-dept-head")
    _tell(member, "dept_head")
    send_due()
    wecom.expire_tokens()  # the platform answers 42001 to the cached token
    note = _tell(member, "dept_head", "2026-0011")
    assert send_due().sent == 1
    assert [r.path for r in wecom.received][-3:] == [
        "/cgi-bin/message/send",  # 42001
        "/cgi-bin/gettoken",
        "/cgi-bin/message/send",
    ]
    assert note.deliveries.get().state == "sent" and len(wecom.delivered) == 2


def test_a_platform_answering_500_is_retried_later_with_back_off(
    drained, wecom, configure, reach, member
):
    configure(K.WECOM_APP)
    reach("dept_head", wecom="wx-dept-head")
    delivery = _tell(member, "dept_head").deliveries.get()
    wecom.fail_next(1, status=500)
    before = timezone.now()
    outcome = send_due()
    delivery.refresh_from_db()
    assert outcome.failed == 1 and delivery.state == "failed" and delivery.attempts == 1
    assert "HTTP 500" in delivery.last_error
    assert delivery.next_attempt_at >= before + datetime.timedelta(seconds=60)
    assert send_due().sent == 0  # not before its time
    wecom.fail_next(1, status=502)
    with _after(delivery):
        send_due()
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    first_wait = datetime.timedelta(seconds=60)
    assert delivery.next_attempt_at - timezone.now() >= first_wait  # doubled: 120 s
    with _after(delivery):
        assert send_due().sent == 1
    delivery.refresh_from_db()
    assert delivery.state == "sent" and delivery.attempts == 3 and len(wecom.delivered) == 1


def test_a_delivery_is_given_up_after_the_limit(drained, wecom, configure, reach, member, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    configure(K.WECOM_APP)
    reach("dept_head", wecom="wx-dept-head")
    delivery = _tell(member, "dept_head").deliveries.get()
    wecom.fail_next(10, status=503)
    send_due()
    for _ in range(4):
        with _after(delivery):
            send_due()
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.GIVEN_UP and delivery.attempts == 3
    calls = len(wecom.received)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        send_due()
    assert len(wecom.received) == calls  # given up: never tried again by itself


def test_a_wecom_user_id_is_looked_up_by_phone_and_kept(drained, wecom, configure, reach, member):
    configure(K.WECOM_APP)
    reach("dept_head", phone="138 0000 0001")
    delivery = _tell(member, "dept_head").deliveries.get(channel="wecom")
    assert delivery.address == ""
    send_due()
    delivery.refresh_from_db()
    assert delivery.state == "sent" and delivery.address == "wx-dept-head"
    assert member("dept_head").wecom_userid == "wx-dept-head"
    assert [r.json for r in wecom.received if r.path == "/cgi-bin/user/getuserid"] == [
        {"mobile": "13800000001"}
    ]


def test_a_phone_nobody_has_on_wecom_is_given_up_at_once(drained, wecom, configure, reach, member):
    configure(K.WECOM_APP)
    reach("dept_head", phone="13900000000")
    delivery = _tell(member, "dept_head").deliveries.get(channel="wecom")
    send_due()
    delivery.refresh_from_db()
    assert delivery.state == "given_up" and "46004" in delivery.last_error


def test_a_user_id_wecom_does_not_know_is_given_up(drained, wecom, configure, reach, member):
    configure(K.WECOM_APP)
    reach("dept_head", wecom="nobody-here")
    delivery = _tell(member, "dept_head").deliveries.get()
    send_due()
    delivery.refresh_from_db()
    assert delivery.state == "given_up" and "81013" in delivery.last_error


def test_a_dingtalk_work_notice_reaches_the_user_by_phone_lookup(
    drained, dingtalk, configure, reach, member
):
    configure(K.DINGTALK_APP)
    reach("employee", phone="13800000003")
    note = _tell(member, "employee")
    assert send_due().sent >= 1
    (notice,) = dingtalk.delivered
    assert notice["to"] == "dd-employee" and notice["title"] == "事项 2026-0009 等待您办理"
    assert notice["single_url"].endswith(f"/notifications/{note.pk}/")
    paths = [r.path for r in dingtalk.received]
    assert paths == [
        "/v1.0/oauth2/accessToken",
        "/topapi/v2/user/getbymobile",
        "/topapi/message/corpconversation/asyncsend_v2",
    ]


def test_dingtalk_token_expiry_and_5xx(drained, dingtalk, configure, reach, member):
    configure(K.DINGTALK_APP)
    reach("employee", dingtalk="dd-employee")
    _tell(member, "employee")
    send_due()
    dingtalk.expire_tokens()
    _tell(member, "employee", "2026-0012")
    assert send_due().sent == 1
    dingtalk.fail_next(1, status=500)
    delivery = _tell(member, "employee", "2026-0013").deliveries.get()
    send_due()
    delivery.refresh_from_db()
    assert delivery.state == "failed"
    with _after(delivery):
        assert send_due().sent == 1
    assert len(dingtalk.delivered) == 3


def test_wrong_credentials_fail_without_showing_the_secret(
    drained, wecom, configure, reach, member
):
    configure(K.WECOM_APP, secrets={"secret": "a-wrong-secret-1234"})
    reach("dept_head", wecom="wx-dept-head")
    delivery = _tell(member, "dept_head").deliveries.get()
    send_due()
    delivery.refresh_from_db()
    assert delivery.state == "failed" and "40001" in delivery.last_error
    assert "a-wrong-secret" not in delivery.last_error
