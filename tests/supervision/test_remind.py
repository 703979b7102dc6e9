"""`manage.py remind` writes reminders as notifications, once each, and sends nothing itself:
the one sender (`send_notifications`) sends their deliveries (issue 21)."""

import datetime

from django.core.management import call_command

from consult.models import Delivery, Notification

from .conftest import at


def _remind():
    call_command("remind", stdout=open("/dev/null", "w"))


def _send():
    call_command("send_notifications", stdout=open("/dev/null", "w"))


def test_the_department_is_reminded_the_working_day_before_its_deadline_once(
    direct_task, user, mailoutbox
):
    direct_task(due=datetime.date(2026, 9, 15))  # a Tuesday
    with at(datetime.date(2026, 9, 14)):
        _send()  # the messages of the steps before
        mailoutbox.clear()
        _remind()
        _remind()
        head = user("dept_head")
        rows = Notification.objects.filter(recipient=head, key__startswith="eve:")
        assert rows.count() == 1
        assert rows.get().kind == "task_due" and rows.get().facts["date"] == "2026-09-15"
        assert mailoutbox == []  # remind sends nothing itself
        _send()
        _send()
    assert [m.to for m in mailoutbox].count([head.email]) == 1
    assert "2026-09-15" in mailoutbox[0].subject


def test_the_reminder_reads_in_the_readers_language(direct_task, user, login):
    direct_task(due=datetime.date(2026, 9, 15))
    with at(datetime.date(2026, 9, 14)):
        _remind()
        client = login("dept_head")
        client.post("/i18n/setlang/", {"language": "en"})
        page = client.get("/e/demo/notifications/").content.decode()
    assert "Task due 2026-09-15" in page


def test_the_department_is_reminded_on_the_day_the_deadline_passes(direct_task, user):
    direct_task(due=datetime.date(2026, 9, 15))
    with at(datetime.date(2026, 9, 15)):
        _remind()
    assert Notification.objects.filter(recipient=user("dept_head"), key__startswith="due:").exists()


def test_the_administrative_head_hears_of_a_task_overdue_by_more_than_the_setting(
    direct_task, user, settings
):
    settings.SUPERVISION_HEAD_AFTER_DAYS = 2
    direct_task(due=datetime.date(2026, 9, 15))
    with at(datetime.date(2026, 9, 17)):  # 2 working days late: not yet
        _remind()
    overdue = Notification.objects.filter(recipient=user("admin_head"), key__startswith="head:")
    assert not overdue.exists()
    with at(datetime.date(2026, 9, 18)):  # 3 working days late
        _remind()
        _remind()
    rows = overdue.all()
    assert rows.count() == 1 and rows.get().kind == "task_overdue"


def test_the_union_is_reminded_of_clock_two(direct_task, user):
    from supervision import services

    task = direct_task(due=datetime.date(2026, 9, 15))
    with at(datetime.date(2026, 9, 2)):
        services.task_report(
            task=task,
            by=user("dept_head"),
            department=task.lead_department,
            outcome="done",
            text="已办结",
            completed_on=datetime.date(2026, 9, 2),
        )
    task.refresh_from_db()
    with at(task.inform_due):
        _remind()
    assert Notification.objects.filter(recipient=user("union_staff"), key__startswith="c2due:")


def test_a_reminder_whose_mail_failed_waits_for_the_sender_not_for_remind(
    direct_task, user, monkeypatch
):
    direct_task(due=datetime.date(2026, 9, 15))
    with at(datetime.date(2026, 9, 15)):
        _remind()

        class Down:
            def open(self):
                raise ConnectionRefusedError("mail server down")

        monkeypatch.setattr("consult.outbox.sender.get_connection", lambda: Down())
        _send()
        monkeypatch.undo()
        failed = Delivery.objects.filter(notification__key__startswith="due:", state="failed")
        assert failed.exists()
        before = Notification.objects.count()
        _remind()  # writes nothing again and sends nothing
        assert Notification.objects.count() == before
        assert failed.exists()
