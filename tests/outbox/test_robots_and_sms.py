"""Group robots (counts and a link, signed, at most 20 posts a minute) and SMS (signed provider
calls, a template per kind, a limit per phone and hour), against their fake servers."""

import datetime
import re
import time

import time_machine
from django.utils import timezone

from consult.audit import notify
from consult.models import Delivery, MessageKind, MessengerKind, Notification
from consult.outbox.codes import code_send
from consult.outbox.sender import send_due

K = MessengerKind


def _tell_union(member, number="2026-0021", kind=MessageKind.NEW_ITEM):
    people = [member("union_staff").user, member("union_chair").user]
    return notify(
        enterprise=member("union_staff").enterprise,
        recipients=people,
        subject="新诉求",
        kind=kind,
        facts={"number": number},
    )


def _no_mail(reach):
    for name in ("union_staff", "union_chair"):
        reach(name)


def test_a_wecom_group_robot_posts_counts_and_a_link_once_per_batch(
    drained, wecom, configure, reach, member
):
    configure(K.WECOM_ROBOT, wecom)
    _no_mail(reach)
    _tell_union(member)
    _tell_union(member, "2026-0022")
    robot_rows = Delivery.objects.filter(channel="robot")
    assert robot_rows.count() == 2  # one per notified batch, not one per staff member
    send_due()
    (post,) = wecom.delivered
    assert post["content"].startswith("工会办公室待办\n待核实 ")
    assert "待告知诉求人" in post["content"] and "/e/demo/" in post["content"]
    assert "2026-0021" not in post["content"]  # counts only: no item number
    assert set(robot_rows.values_list("state", flat=True)) == {"sent"}


def test_a_dingtalk_robot_signs_each_post_and_a_wrong_secret_is_refused(
    drained, dingtalk, configure, reach, member
):
    robot = configure(K.DINGTALK_ROBOT, dingtalk)
    _no_mail(reach)
    _tell_union(member)
    assert send_due().sent == 1
    (call,) = [r for r in dingtalk.received if r.path == "/robot/send"]
    assert call.query["timestamp"].isdigit() and call.query["sign"]
    assert call.json["msgtype"] == "markdown"
    configure_wrong = robot
    from consult.outbox import services

    services.messenger_save(
        enterprise=configure_wrong.enterprise,
        by=member("union_chair").user,
        kind=robot.kind,
        name="",
        config={},
        secrets={"sign_secret": "SECwrong"},
        is_active=True,
        messenger=robot,
    )
    _tell_union(member, "2026-0023")
    send_due()
    failed = Delivery.objects.get(channel="robot", state="failed")
    assert "310000" in failed.last_error and len(dingtalk.delivered) == 1


def test_a_feishu_bot_is_signed(drained, feishu, configure, reach, member):
    configure(K.FEISHU_ROBOT, feishu)
    _no_mail(reach)
    _tell_union(member)
    assert send_due().sent == 1
    (call,) = feishu.received
    assert set(call.json) == {"timestamp", "sign", "msg_type", "content"}
    assert feishu.delivered[0]["content"].startswith("工会办公室待办")


def test_a_robot_posts_at_most_the_limit_a_minute_and_the_rest_waits(
    drained, wecom, configure, reach, member, settings
):
    settings.ROBOT_MESSAGES_PER_MINUTE = 2
    configure(K.WECOM_ROBOT, wecom)
    _no_mail(reach)
    start = timezone.now()
    for second in range(3):
        with time_machine.travel(start + datetime.timedelta(seconds=second), tick=False):
            _tell_union(member, f"2026-003{second}")
            send_due()
    assert len(wecom.delivered) == 2
    waiting = Delivery.objects.get(channel="robot", state="waiting")
    assert waiting.last_error == "robot limit per minute" and waiting.attempts == 0
    with time_machine.travel(start + datetime.timedelta(seconds=62), tick=False):
        assert send_due().sent == 1
    assert len(wecom.delivered) == 3


def test_the_platforms_too_fast_answer_postpones_without_counting_an_attempt(
    drained, wecom, configure, reach, member
):
    configure(K.WECOM_ROBOT, wecom)
    _no_mail(reach)
    for _ in range(20):  # fill the fake's minute
        wecom.accept({"_key": ("robot", "fake-robot-key"), "_at": time.time()})
    _tell_union(member)
    outcome = send_due()
    row = Delivery.objects.get(channel="robot")
    assert outcome.postponed == 1 and row.state == "waiting" and row.attempts == 0
    assert "45009" in row.last_error


def _closes() -> datetime.date:
    """A round's last day, a few days from today (tests do not expire)."""
    return timezone.localdate() + datetime.timedelta(days=5)


def _invite(member, username="employee"):
    return notify(
        enterprise=member(username).enterprise,
        recipients=[member(username).user],
        subject="满意度测评",
        kind=MessageKind.SURVEY,
        facts={"date": _closes()},
    )[0]


def test_a_survey_invitation_goes_by_aliyun_sms_with_the_date_only(
    drained, aliyun, configure, reach, member
):
    configure(K.SMS_ALIYUN)
    reach("employee", phone="13800000009")
    note = _invite(member)
    assert note.deliveries.get().channel == "sms"
    assert send_due().sent == 1
    (sms,) = aliyun.delivered
    assert sms == {
        **sms,
        "to": "13800000009",
        "template": "SMS_0002",
        "values": {"date": _closes().isoformat()},
    }


def test_tencent_sms_is_signed_tc3(drained, tencent, configure, reach, member):
    configure(K.SMS_TENCENT)
    reach("employee", phone="13800000009")
    _invite(member)
    assert send_due().sent == 1
    (sms,) = tencent.delivered
    assert sms["template"] == "1002" and sms["values"] == [_closes().isoformat()]
    auth = tencent.received[0].headers["authorization"]
    assert re.match(r"TC3-HMAC-SHA256 Credential=AKID-fake/\d{4}-\d{2}-\d{2}/sms/tc3_request", auth)


def test_a_kind_without_a_template_does_not_go_by_sms(drained, aliyun, configure, reach, member):
    configure(K.SMS_ALIYUN, templates={"survey": "SMS_0002"})
    reach("employee", phone="13800000009")
    note = notify(
        enterprise=member("employee").enterprise,
        recipients=[member("employee").user],
        subject="会议",
        kind=MessageKind.MEETING,
        facts={"date": _closes()},
    )[0]
    assert not note.deliveries.exists()


def test_sms_to_one_phone_waits_after_the_hourly_limit(
    drained, aliyun, configure, reach, member, settings
):
    settings.SMS_PER_PHONE_PER_HOUR = 2
    configure(K.SMS_ALIYUN)
    reach("employee", phone="13800000009")
    for _ in range(3):
        _invite(member)
    outcome = send_due()
    assert outcome.sent == 2 and outcome.postponed == 1 and len(aliyun.delivered) == 2
    row = Delivery.objects.get(channel="sms", state="waiting")
    assert row.last_error == "SMS limit per phone and hour reached"
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        assert send_due().sent == 1


def test_an_activation_code_goes_by_sms_and_is_forgotten_once_sent(
    drained, aliyun, configure, reach, member
):
    configure(K.SMS_ALIYUN)
    reach("employee", phone="13800000009")
    channels = code_send(membership=member("employee"), code="483920")
    assert channels == ["sms"]
    note = Notification.objects.get(kind="activation_code")
    assert "483920" not in note.text  # the in-app text never shows the code
    send_due()
    assert aliyun.delivered[0]["values"] == {"code": "483920"}
    note.refresh_from_db()
    assert note.facts == {}


def test_an_activation_code_falls_back_to_wecom_and_reaches_nobody_without_a_channel(
    drained, wecom, configure, reach, member
):
    reach("employee", phone="13800000001")
    assert code_send(membership=member("employee"), code="ABCD-2345") == []
    configure(K.WECOM_APP)
    assert code_send(membership=member("employee"), code="ABCD-2345") == ["wecom"]
    send_due()
    assert wecom.delivered[-1]["title"] == "您的激活码是 ABCD-2345"


def test_the_provider_refusing_a_signature_is_retried_and_visible(
    drained, aliyun, configure, reach, member
):
    configure(K.SMS_ALIYUN, sign_name="未审批的签名")
    reach("employee", phone="13800000009")
    delivery = _invite(member).deliveries.get()
    send_due()
    delivery.refresh_from_db()
    assert delivery.state == "failed" and "isv.SMS_SIGNATURE_ILLEGAL" in delivery.last_error
