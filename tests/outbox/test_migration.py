"""The old outboxes move into the new one: e-mail copies still waiting (`mail_pending`) and
supervision's reminders (`OutboxMessage`, sent or not) keep being sent exactly once."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("consult", "0014_outbox"), ("supervision", "0004_task_withdrawn")]
AFTER = [("consult", "0016_drop_mail_pending"), ("supervision", "0006_drop_outbox_message")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _latest_schema_after():
    """The tests after this one need every migration applied again (a later one adds a column
    that notifications write)."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_waiting_mail_and_reminders_join_the_outbox():
    old = _migrate(BEFORE)
    User = old.get_model("auth", "User")
    Enterprise = old.get_model("consult", "Enterprise")
    Notification = old.get_model("consult", "Notification")
    OutboxMessage = old.get_model("supervision", "OutboxMessage")
    demo = Enterprise.objects.get(code="demo")
    head = User.objects.get(username="dept_head")
    head.email = "head@demo.invalid"
    head.save()
    mute = User.objects.get(username="employee")
    mute.email = ""
    mute.save()
    waiting = Notification.objects.create(
        enterprise=demo, recipient=head, subject="待发邮件", mail_pending=True
    )
    Notification.objects.create(enterprise=demo, recipient=head, subject="已发", mail_pending=False)
    Notification.objects.create(
        enterprise=demo, recipient=mute, subject="无地址", mail_pending=True
    )
    OutboxMessage.objects.create(
        key=f"due:t1:2026-09-15:u{head.pk}", enterprise=demo, recipient=head, subject="未发提醒"
    )
    sent_note = Notification.objects.create(enterprise=demo, recipient=head, subject="已发提醒")
    OutboxMessage.objects.create(
        key=f"eve:t1:2026-09-15:u{head.pk}",
        enterprise=demo,
        recipient=head,
        subject="已发提醒",
        sent_at=timezone.now(),
    )
    OutboxMessage.objects.create(
        key="survey:r1:p2",
        enterprise=demo,
        recipient=head,
        subject="测评提醒",
        sent_at=timezone.now(),
    )

    new = _migrate(AFTER)
    Notification = new.get_model("consult", "Notification")
    Delivery = new.get_model("consult", "Delivery")
    mail = Delivery.objects.filter(channel="email", state="waiting")
    assert sorted(mail.values_list("notification__subject", flat=True)) == ["待发邮件", "未发提醒"]
    assert mail.get(notification_id=waiting.pk).address == "head@demo.invalid"
    reminder = Notification.objects.get(subject="未发提醒")
    assert reminder.key == f"due:t1:2026-09-15:u{head.pk}" and reminder.kind == "task_due"
    # A reminder already sent finds its notification and keeps its key: never written again.
    assert Notification.objects.get(pk=sent_note.pk).key == f"eve:t1:2026-09-15:u{head.pk}"
    assert Notification.objects.filter(subject="已发提醒").count() == 1
    assert Notification.objects.get(subject="测评提醒").key == f"survey:r1:p2:u{head.pk}"
    assert not Delivery.objects.filter(notification__subject__in=["已发", "无地址", "已发提醒"])
