"""Nothing identifying leaves the app (DESIGN, issue 21): a full flow with every channel
configured — a named, a confidential, an anonymous and a registered item, steps 3 to 7, a task
falling due, survey invitations — and then every payload every fake server received is read:
no requester's name, no item's content, no answer or note, and a requester's phone only as the
address of an SMS to that requester."""

import datetime
import json

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from consult.models import (
    Delivery,
    DeliveryPreference,
    Membership,
    MessengerKind,
    Notification,
)
from consult.outbox.sender import send_due
from consult.workdays import add_working_days
from grievances import services as grievance_services
from grievances.models import Disclosure, IntakeChannel, Kind
from supervision import services as supervision_services
from supervision.models import Task
from tests.supervision.conftest import _routed_item
from tests.surveys.conftest import tell

K = MessengerKind
User = get_user_model()
NAME = ("甄", "秘密")
PHONE = "13912345678"
CONTENT = "食堂承包商克扣夜班补贴"
NOTE = "经核实属实，已约谈承包商"
REGISTERED = ("贾隐名", "13987654321")


def _people():
    """Every demo member reachable on WeCom and DingTalk; the requester (employee) by SMS too."""
    for m in Membership.objects.filter(enterprise__code="demo").select_related("user"):
        m.wecom_userid = f"wx-{m.user.username}"
        m.dingtalk_userid = f"dd-{m.user.username}"
        m.phone = PHONE if m.user.username == "employee" else f"1380000{m.pk:04d}"
        m.save()
    User.objects.filter(username="employee").update(last_name=NAME[0], first_name=NAME[1])
    # The requester chose WeCom and SMS on their preferences page.
    DeliveryPreference.objects.create(
        membership=Membership.objects.get(user__username="employee", enterprise__code="demo"),
        channels=["sms", "wecom"],
    )


def _item(user, hr, disclosure):
    g = _routed_item(
        hr.enterprise,
        user,
        route="department",
        disclosure=disclosure,
        content=CONTENT,
        departments=[hr],
    )
    grievance_services.grievance_answer(
        grievance=g, by=user("dept_head"), department=hr, measures=NOTE, due=timezone.localdate()
    )
    return g


def _drain():
    for _ in range(20):
        outcome = send_due()
        if not (outcome.sent or outcome.failed or outcome.postponed):
            return
    raise AssertionError("the outbox did not drain")


@pytest.fixture
def flow(demo, member, configure, wecom, dingtalk, feishu, aliyun, mailoutbox):
    wecom.open_directory = dingtalk.open_directory = True
    for kind, fake in (
        (K.WECOM_APP, None),
        (K.DINGTALK_APP, None),
        (K.WECOM_ROBOT, wecom),
        (K.DINGTALK_ROBOT, dingtalk),
        (K.FEISHU_ROBOT, feishu),
        (K.SMS_ALIYUN, None),
    ):
        configure(kind, fake)
    _people()

    def user(username):
        return User.objects.get(username=username)

    hr = demo.departments.get(name="人力资源部")
    due = add_working_days(timezone.localdate(), 2)
    tasks = []
    for disclosure in (Disclosure.NAMED, Disclosure.CONFIDENTIAL):
        g = _item(user, hr, disclosure)
        task = Task.objects.get(grievances=g)
        supervision_services.task_report(
            task=task,
            by=user("dept_head"),
            department=hr,
            outcome="done",
            text=NOTE,
            completed_on=timezone.localdate(),
        )
        tell(task, g, user, text=NOTE)  # opens the survey round: invitations go out
        tasks.append(task)
    grievance_services.grievance_submit_anonymous(
        enterprise=demo, kind=Kind.GRIEVANCE, content=CONTENT
    )
    grievance_services.grievance_register(
        enterprise=demo,
        by=user("union_staff"),
        channel=IntakeChannel.TALK,
        received_at=timezone.now(),
        kind=Kind.GRIEVANCE,
        content=CONTENT,
        disclosure=Disclosure.NAMED,
        requester_name=REGISTERED[0],
        requester_phone=REGISTERED[1],
    )
    open_task = _item(user, hr, Disclosure.CONFIDENTIAL)
    Task.objects.filter(grievances=open_task).update(deadline=due)
    _drain()
    moment = datetime.datetime.combine(due, datetime.time(9), timezone.get_current_timezone())
    with time_machine.travel(moment, tick=False):
        call_command("remind", stdout=open("/dev/null", "w"))  # the task falls due today
        _drain()
    return {
        "wecom": wecom,
        "dingtalk": dingtalk,
        "feishu": feishu,
        "aliyun": aliyun,
        "mail": mailoutbox,
    }


def _without_addresses(request) -> str:
    """A request's text without the fields that address it: an SMS's destination number and
    the mobile of a user-id look-up (the person's own number, sent to reach them)."""
    if request.path == "/" and "PhoneNumbers" in request.form:
        form = {k: v for k, v in request.form.items() if k not in ("PhoneNumbers", "Signature")}
        return json.dumps(form, ensure_ascii=False)
    if request.path.endswith(("/getuserid", "/getbymobile")):
        return request.path
    return request.text()


def test_every_message_arrived_where_it_should(flow):
    staff_cards = [c for c in flow["wecom"].delivered if c["to"] == "wx-union_staff"]
    assert any("待核实" in c["title"] for c in staff_cards)  # new items
    assert any(c["to"] == "wx-dept_head" and "到期" in c["title"] for c in flow["wecom"].delivered)
    robot_posts = [c for c in flow["wecom"].delivered if c["to"] == "robot"]
    assert robot_posts and all("待核实" in p["content"] for p in robot_posts)
    assert flow["feishu"].delivered and [
        m for m in flow["dingtalk"].delivered if m["to"] == "robot"
    ]
    invitations = [m for m in flow["aliyun"].delivered if m["template"] == "SMS_0002"]
    assert invitations and {m["to"] for m in invitations} == {PHONE}
    assert not Delivery.objects.exclude(state="sent").exists()


def test_no_payload_carries_a_name_a_content_or_a_note(flow):
    texts = []
    for fake in ("wecom", "dingtalk", "feishu", "aliyun"):
        texts += [_without_addresses(r) for r in flow[fake].received]
    texts += [f"{m.subject}\n{m.body}" for m in flow["mail"]]
    assert len(texts) > 30
    # The in-app texts do carry these (a task's title, a note): a message built from them would
    # be caught here.
    in_app = " ".join(f"{n.text} {n.body}" for n in Notification.objects.all())
    assert NOTE in in_app and CONTENT[:6] in in_app
    marks = [
        "".join(NAME),
        NAME[1],
        CONTENT,
        CONTENT[:6],
        NOTE,
        REGISTERED[0],
        REGISTERED[1],
        PHONE,
    ]
    leaks = [(mark, text[:120]) for text in texts for mark in marks if mark in text]
    assert leaks == []


def test_the_requesters_phone_is_only_the_address_of_their_own_sms(flow):
    for request in flow["aliyun"].received:
        if PHONE in request.body.decode():
            assert request.form["PhoneNumbers"] == PHONE
            assert request.form["TemplateCode"] == "SMS_0002"  # the survey invitation


def test_a_message_to_the_requester_carries_no_item_number(flow):
    numbers = {g for g in Task.objects.values_list("grievances__serial", flat=True)}
    assert numbers
    mine = [c for c in flow["wecom"].delivered if c["to"] == "wx-employee"]
    assert mine
    for card in mine:
        assert "事项" not in card["title"] and "/notifications/" in card["url"]
