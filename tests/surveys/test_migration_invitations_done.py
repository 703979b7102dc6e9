"""Issue 18 point 6 for the rows written before it: each notification learns whether it asks
something (its kind, except the notices sent for information under an asking kind), and survey
invitations already answered, or of rounds already closed, stop waiting."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from consult.models import Notification
from surveys import services

BEFORE = [("consult", "0018_calendar_schedule"), ("surveys", "0002_field_names")]
AFTER = [("consult", "0019_notification_asks"), ("surveys", "0003_answered_invitations_done")]

pytestmark = pytest.mark.django_db(transaction=True)


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


def test_old_rows_learn_what_they_ask_and_answered_invitations_stop_waiting(told, user, demo):
    g1, closed = told(content="食堂饭菜价格偏高")
    g2, still_open = told(content="宿舍热水供应时间太短")
    services.respondent_add(
        survey_round=still_open, by=user("union_staff"), user=user("employee_rep")
    )
    for r in (closed, still_open):
        services.answer_submit(
            respondent=r.respondents.get(user=user("employee")),
            by=user("employee"),
            level="satisfied",
        )
    invitations = {
        (n.url, n.recipient.username): n.pk
        for n in Notification.objects.filter(kind="survey").select_related("recipient")
    }

    old = _migrate(BEFORE)
    OldNotification = old.get_model("consult", "Notification")
    OldNotification.objects.update(read_at=None)  # as they were: nothing cleared them
    employee = old.get_model("auth", "User").objects.get(username="employee")
    notice = OldNotification.objects.create(
        enterprise_id=demo.pk,
        recipient=employee,
        subject="会议通知",
        message="Notice: %(label)s on %(date)s at %(place)s",
        kind="meeting",
    )
    step = OldNotification.objects.create(
        enterprise_id=demo.pk, recipient=employee, subject="待办", kind="step"
    )

    new = _migrate(AFTER)
    Notification_ = new.get_model("consult", "Notification")

    def waiting(round_, username):
        row = Notification_.objects.get(pk=invitations[(services.answer_url(round_), username)])
        return row.read_at is None

    assert not waiting(closed, "employee")
    assert not waiting(still_open, "employee")
    assert waiting(still_open, "employee_rep")
    assert Notification_.objects.get(pk=step.pk).asks
    assert not Notification_.objects.get(pk=notice.pk).asks
