"""What one anonymous submission costs and keeps (issue 12): a fixed number of queries, no
session row, the union told in-app and by e-mail through the outbox, numbers and receipt codes
unique without reading before the insert."""

import datetime
import threading

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection, connections
from django.test import Client

from consult.models import Delivery, Notification
from consult.outbox.sender import send_due
from grievances import services
from grievances.models import Grievance
from grievances.services import intake

# The enterprise; the people told of a new item; then, in one transaction (savepoint and
# release in a test, BEGIN and COMMIT in production), the number (one upsert), the item with
# its receipt, its first event and the notifications; then their deliveries (issue 21): one read
# of the people told (channels chosen, roles, user ids) and one insert of the delivery rows.
SUBMISSION_QUERIES = 10


def _post(client, content, token):
    return client.post("/s/demo/submit/", {"kind": "grievance", "content": content, "token": token})


def test_an_anonymous_submission_makes_a_fixed_number_of_queries(demo, django_assert_num_queries):
    client = Client()
    _post(client, "第一条", "tok-cost-0")  # anything done once per process happens here
    for i in (1, 2):
        with django_assert_num_queries(SUBMISSION_QUERIES):
            response = _post(client, f"食堂 {i}", f"tok-cost-{i}")
        assert response.status_code == 200 and 'id="receipt-code"' in response.content.decode()


def test_an_anonymous_submission_writes_no_session(demo):
    client = Client()
    response = _post(client, "不留会话", "tok-session")
    assert response.status_code == 200
    assert Session.objects.count() == 0
    assert "sessionid" not in response.cookies


def test_the_union_is_told_in_app_and_by_mail_once_the_outbox_is_drained(demo, member):
    staff = member("union_staff").user
    get_user_model().objects.filter(pk=staff.pk).update(email="staff@demo.invalid")
    mail.outbox.clear()
    response = _post(Client(), "夜班没有热饭", "tok-told")
    assert response.status_code == 200
    item = Grievance.objects.get(submission_token="tok-told")
    note = Notification.objects.get(recipient=staff, url__endswith=f"/{item.pk}/")
    waiting = note.deliveries.get(channel="email")
    assert waiting.state == "waiting" and mail.outbox == []  # nothing is sent inside the request
    assert send_due().sent >= 1
    (message,) = [m for m in mail.outbox if m.to == ["staff@demo.invalid"]]
    assert item.number in message.subject
    note.refresh_from_db()
    waiting.refresh_from_db()
    assert waiting.state == "sent" and waiting.sent_at is not None
    mail.outbox.clear()
    assert send_due().sent == 0 and mail.outbox == []  # sent once


def test_mail_waits_while_the_mail_server_is_down(demo, member, monkeypatch):
    staff = member("union_staff").user
    get_user_model().objects.filter(pk=staff.pk).update(email="staff@demo.invalid")
    _post(Client(), "邮件服务器停了", "tok-down")
    send_due()  # mail of earlier rows, if any

    class Down:
        def open(self):
            raise ConnectionRefusedError("mail server down")

    _post(Client(), "再提交一条", "tok-down-2")
    monkeypatch.setattr("consult.outbox.sender.get_connection", lambda: Down())
    mail.outbox.clear()
    assert send_due().sent == 0
    failed = Delivery.objects.get(notification__recipient=staff, state="failed")
    assert failed.last_error == "mail server: ConnectionRefusedError"
    monkeypatch.undo()
    assert send_due().sent == 0  # not before its next attempt
    with time_machine.travel(failed.next_attempt_at + datetime.timedelta(seconds=1)):
        assert send_due().sent >= 1
    assert "staff@demo.invalid" in {a for m in mail.outbox for a in m.to}


def test_a_receipt_code_drawn_twice_is_drawn_again_without_a_gap(demo, monkeypatch):
    first = services.grievance_submit_anonymous(
        enterprise=demo, kind="grievance", content="一", token="tok-code-1"
    )
    draws = iter([first.receipt_code, "NEWCODE2"])
    monkeypatch.setattr(intake, "_random", lambda length: next(draws))
    second = services.grievance_submit_anonymous(
        enterprise=demo, kind="grievance", content="二", token="tok-code-2"
    )
    assert second.receipt_code == "NEWCODE2"
    assert second.serial == first.serial + 1
    assert Grievance.objects.filter(enterprise=demo).count() == 2


def test_a_repeated_token_answers_the_first_item(demo):
    first = services.grievance_submit_anonymous(
        enterprise=demo, kind="grievance", content="一", token="tok-again"
    )
    again = services.grievance_submit_anonymous(
        enterprise=demo, kind="grievance", content="一", token="tok-again"
    )
    assert again.pk == first.pk and again.repeated and not first.repeated
    third = services.grievance_submit_anonymous(
        enterprise=demo, kind="grievance", content="三", token="tok-third"
    )
    assert third.serial == first.serial + 1  # the refused insert took no number


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_token_posted_at_once_creates_one_item(demo):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    threads_n = 8
    barrier = threading.Barrier(threads_n)
    answered, errors = [], []

    def submit():
        try:
            barrier.wait()
            item = services.grievance_submit_anonymous(
                enterprise=demo, kind="grievance", content="双击", token="tok-race"
            )
            answered.append(item.pk)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Grievance.objects.filter(submission_token="tok-race").count() == 1
    assert set(answered) == {Grievance.objects.get(submission_token="tok-race").pk}
    # The one number taken; the refused inserts rolled theirs back.
    assert list(Grievance.objects.filter(enterprise=demo).values_list("serial", flat=True)) == [1]


def test_a_track_lookup_makes_a_fixed_number_of_queries_and_writes_nothing(
    demo, django_assert_num_queries
):
    item = services.grievance_submit_anonymous(
        enterprise=demo, kind="grievance", content="查询", token="tok-track"
    )
    client = Client()
    form = {"code": item.receipt_code, "secret": item.receipt_secret}
    # The item; its public events; then one query per section the later steps add (the
    # task, the survey rounds).
    with django_assert_num_queries(4) as captured:
        response = client.post("/track/", form)
    assert response.status_code == 200 and item.number in response.content.decode()
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in captured.captured_queries)
