"""`manage.py remind`: one outbox row per message, sent once, nothing lost when interrupted."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command

from consult.models import Notification
from supervision import reminders
from supervision.models import OutboxMessage

from .conftest import at


def _remind():
    call_command("remind", stdout=open("/dev/null", "w"))


def test_the_department_is_reminded_the_working_day_before_its_deadline_once(
    direct_task, user, mailoutbox
):
    direct_task(due=datetime.date(2026, 9, 15))  # a Tuesday
    with at(datetime.date(2026, 9, 14)):
        _remind()
        _remind()
    head = user("dept_head")
    rows = OutboxMessage.objects.filter(recipient=head)
    assert rows.count() == 1 and rows.get().sent_at is not None
    assert Notification.objects.filter(recipient=head, subject=rows.get().subject).count() == 1
    assert [m.to for m in mailoutbox].count([head.email]) == 1


def test_the_department_is_reminded_on_the_day_the_deadline_passes(direct_task, user):
    direct_task(due=datetime.date(2026, 9, 15))
    with at(datetime.date(2026, 9, 15)):
        _remind()
    assert OutboxMessage.objects.filter(
        recipient=user("dept_head"), key__startswith="due:"
    ).exists()


def test_the_administrative_head_hears_of_a_task_overdue_by_more_than_the_setting(
    direct_task, user, settings
):
    settings.SUPERVISION_HEAD_AFTER_DAYS = 2
    direct_task(due=datetime.date(2026, 9, 15))
    with at(datetime.date(2026, 9, 17)):  # 2 working days late: not yet
        _remind()
    assert not OutboxMessage.objects.filter(recipient=user("admin_head")).exists()
    with at(datetime.date(2026, 9, 18)):  # 3 working days late
        _remind()
    assert OutboxMessage.objects.filter(recipient=user("admin_head")).count() == 1


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
    assert OutboxMessage.objects.filter(recipient=user("union_staff"), key__startswith="c2due:")


def test_nothing_is_lost_when_interrupted_between_deciding_and_sending(direct_task, user):
    direct_task(due=datetime.date(2026, 9, 15))
    head = user("dept_head")
    with at(datetime.date(2026, 9, 15)):
        reminders.decide(datetime.date(2026, 9, 15))  # the run stops here
        decided = OutboxMessage.objects.count()
        assert decided >= 1 and not OutboxMessage.objects.filter(sent_at__isnull=False).exists()
        before = Notification.objects.filter(recipient=head).count()
        _remind()  # the next run sends what was decided, and decides nothing twice
        _remind()
    assert OutboxMessage.objects.count() == decided
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    mine = OutboxMessage.objects.filter(recipient=head).count()
    assert Notification.objects.filter(recipient=head).count() == before + mine


def test_a_failure_while_sending_leaves_the_rest_for_the_next_run(direct_task, user, settings):
    settings.SUPERVISION_HEAD_AFTER_DAYS = 0
    direct_task(due=datetime.date(2026, 9, 15))
    with at(datetime.date(2026, 9, 16)):
        calls = {"n": 0}
        real = reminders.send_mail

        def flaky(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 2:
                raise OSError("mail server down")
            return real(*args, **kwargs)

        with mock.patch.object(reminders, "send_mail", flaky), pytest.raises(OSError):
            _remind()
        unsent = OutboxMessage.objects.filter(sent_at__isnull=True).count()
        assert unsent >= 1
        notified = Notification.objects.count()
        _remind()
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    assert Notification.objects.count() == notified + unsent
