"""The one sender (issue 19 points 4 and 5): a refused e-mail does not stall the others; a
killed sender repeats at most the delivery in flight; two senders share the work (SKIP LOCKED)."""

import datetime
import threading

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from consult.audit import notify
from consult.models import Delivery, MessageKind, MessengerKind
from consult.outbox import sender
from consult.outbox.sender import send_due

User = get_user_model()


def _mail_to(demo, member, addresses):
    """One notification to each of these addresses (given to demo members in turn)."""
    people = ["employee", "employee_rep", "unit_collector", "dept_head", "supervisor", "admin_head"]
    users = []
    for username, address in zip(people, addresses, strict=False):
        User.objects.filter(username=username).update(email=address)
        users.append(User.objects.get(username=username))
    for user in users:
        notify(
            enterprise=demo,
            recipients=[user],
            subject="待办",
            kind=MessageKind.STEP,
            facts={"number": "2026-0040"},
        )
    return users


def _later(delivery):
    delivery.refresh_from_db()
    return time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1))


def test_a_message_refused_at_data_is_retried_later_and_the_others_go_on(
    drained, demo, member, smtp, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    _mail_to(demo, member, ["a@demo.invalid", "refused@demo.invalid", "c@demo.invalid"])
    outcome = send_due()
    assert outcome.sent == 2 and outcome.failed == 1
    assert sorted(m["to"][0] for m in smtp.messages) == ["a@demo.invalid", "c@demo.invalid"]
    refused = Delivery.objects.get(address="refused@demo.invalid")
    assert refused.state == "failed" and refused.last_error == "SMTP 554"
    # The next run does not start with it again: it waits its back-off, the new mail goes.
    _mail_to(demo, member, ["d@demo.invalid"])
    assert send_due().sent == 1 and len(smtp.refused) == 1
    with _later(refused):
        send_due()
    refused.refresh_from_db()
    assert refused.state == "given_up" and refused.attempts == 2 and len(smtp.refused) == 2


def test_a_message_too_big_552_is_handled_the_same(drained, demo, member, smtp):
    smtp.refusal = "552 5.3.4 message size exceeds fixed limit"
    _mail_to(demo, member, ["refused@demo.invalid", "b@demo.invalid"])
    send_due()
    assert Delivery.objects.get(address="refused@demo.invalid").last_error == "SMTP 552"
    assert Delivery.objects.get(address="b@demo.invalid").state == "sent"


def test_a_killed_sender_repeats_at_most_the_message_in_flight(
    drained, demo, member, smtp, monkeypatch, settings
):
    addresses = [f"p{i}@demo.invalid" for i in range(6)]
    _mail_to(demo, member, addresses)
    real_done = sender._Run.done
    calls = {"n": 0}

    def killed_after_the_third_send(self, row, now=None):
        calls["n"] += 1
        if calls["n"] == 3:  # the third e-mail went out; the process dies before marking it
            raise KeyboardInterrupt("SIGKILL")
        return real_done(self, row, now)

    monkeypatch.setattr(sender._Run, "done", killed_after_the_third_send)
    with pytest.raises(KeyboardInterrupt):
        send_due()
    monkeypatch.undo()
    assert len(smtp.messages) == 3
    marked = Delivery.objects.filter(address__in=addresses, state="sent")
    assert marked.count() == 2  # marked one by one as they went (issue 19.5)
    assert send_due().sent == 0  # the rest is leased to the dead run until the lease ends
    with time_machine.travel(
        timezone.now() + datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    ):
        assert send_due().sent == 4
    sent_to = sorted(m["to"][0] for m in smtp.messages)
    assert sorted(set(sent_to)) == sorted(addresses)  # none lost
    assert len(sent_to) == len(addresses) + 1  # one repeated: the one in flight


def test_send_notification_mail_is_the_same_command(drained, demo, member, mailoutbox):
    _mail_to(demo, member, ["alias@demo.invalid"])
    call_command("send_notification_mail", stdout=open("/dev/null", "w"))
    assert [m.to for m in mailoutbox] == [["alias@demo.invalid"]]


def test_nothing_is_sent_inside_the_request(demo, wecom, configure, reach, member, login):
    configure(MessengerKind.WECOM_APP)
    reach("union_staff", wecom="wx-staff")
    response = login("employee").post(
        "/e/demo/grievances/new/",
        {"kind": "grievance", "content": "食堂", "disclosure": "named", "token": "t-req"},
    )
    assert response.status_code in (200, 302)
    assert Delivery.objects.filter(channel="wecom", state="waiting").exists()
    assert wecom.received == []


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_share_the_work_and_send_each_once(
    demo, wecom, configure, reach, settings
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    settings.OUTBOX_BATCH = 5
    configure(MessengerKind.WECOM_APP)
    reach("dept_head", wecom="wx-dept-head")
    dept_head = User.objects.get(username="dept_head")
    for i in range(30):
        notify(
            enterprise=demo,
            recipients=[dept_head],
            subject="待办",
            kind=MessageKind.STEP,
            facts={"number": f"2026-{i:04d}"},
        )
    wecom.delay = 0.02  # a platform slow enough for the runs to overlap
    results, errors = [], []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            results.append(send_due())
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(r.sent for r in results) == 30
    assert all(r.sent > 0 for r in results)  # both took a share
    numbers = [m["title"] for m in wecom.delivered]
    assert len(numbers) == len(set(numbers)) == 30  # each sent once
