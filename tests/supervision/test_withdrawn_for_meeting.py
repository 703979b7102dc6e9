"""An answer the union finds inadequate goes to a consultation meeting (issue 13 point 8): the
task made from that answer stops, so the department is no longer reminded of it, nothing counts
it as overdue, and its page and the work ledger say why."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from consult.access import access_for
from consult.models import AuditEvent, Notification
from consult.workflow import StepRefused
from grievances import services as grievance_services
from grievances.models import Status
from ledger.periods import Period
from ledger.rows import ledger_queryset, ledger_rows
from supervision.models import TaskStatus
from supervision.selectors import task_queue

from .conftest import at

pytestmark = pytest.mark.django_db


def _refer(task, user):
    g = task.grievances.get()
    grievance_services.grievance_refer_to_meeting(
        grievance=g, by=user("union_chair"), note="答复未解决根本问题"
    )
    task.refresh_from_db()
    g.refresh_from_db()
    return g


def test_the_answers_task_is_withdrawn_when_the_item_goes_to_a_meeting(direct_task, user):
    task = direct_task(due=datetime.date(2026, 9, 15))
    g = _refer(task, user)
    assert g.status == Status.ROUTED_MEETING
    assert task.status == TaskStatus.WITHDRAWN
    event = AuditEvent.objects.filter(target_id=task.pk, action="task_withdrawn").get()
    assert event.actor == user("union_chair") and event.note == g.number
    # the department hears that its task stopped and why
    assert Notification.objects.filter(
        recipient=user("dept_head"), message__startswith="Task withdrawn"
    ).exists()


def test_a_withdrawn_task_is_not_reminded_nor_overdue(direct_task, user, demo):
    task = direct_task(due=datetime.date(2026, 9, 15))
    _refer(task, user)
    with at(datetime.date(2026, 9, 22)):  # a week past the old deadline
        call_command("remind", stdout=open("/dev/null", "w"))
        access = access_for(user("supervisor"), demo)
        overdue = task_queue(access, today=datetime.date(2026, 9, 22), overdue=True)
    assert not Notification.objects.filter(recipient=user("dept_head")).exclude(key="").exists()
    assert task not in list(overdue)


def test_the_task_page_and_the_ledger_say_it_was_withdrawn(direct_task, user, demo, client):
    task = direct_task(due=datetime.date(2026, 9, 15))
    g = _refer(task, user)
    client.force_login(user("union_chair"))
    page = client.get(reverse("task_detail", args=["demo", task.pk])).content.decode()
    assert "已撤回：事项已转协商会议" in page
    chair = user("union_chair")
    qs = ledger_queryset(demo, Period(2026, quarter=3)).filter(pk=g.pk)
    (row,) = ledger_rows(access_for(chair, demo), chair, qs)
    assert any("答复后转协商会议，原办理任务撤回" in value for value in row.values)


def test_a_reported_task_is_not_withdrawn(direct_task, user, dept):
    """Once the department reported, the item is no longer 'answered': the union cannot send
    it to a meeting from there, and the reported task keeps its clocks."""
    from supervision import services

    task = direct_task(due=datetime.date(2026, 9, 15))
    services.task_report(
        task=task,
        by=user("dept_head"),
        department=dept("人力资源部"),
        outcome="done",
        text="已调整",
        completed_on=datetime.date(2026, 9, 1),
    )
    g = task.grievances.get()
    g.refresh_from_db()
    assert g.status != Status.ANSWERED
    with pytest.raises(StepRefused):
        grievance_services.grievance_refer_to_meeting(
            grievance=g, by=user("union_chair"), note="答复未解决根本问题"
        )
    task.refresh_from_db()
    assert task.status == TaskStatus.REPORTED
