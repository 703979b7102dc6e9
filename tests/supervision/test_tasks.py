"""Tasks from both paths, and the department's task page: progress, completed, impossible."""

import datetime

from consult.models import Notification
from grievances.models import Status
from supervision.models import Outcome, Task, TaskSource, TaskStatus

from .conftest import at, url


def test_a_meeting_decision_becomes_a_task_with_lead_and_co_operating_departments(
    decided_task,
):
    task = decided_task(departments=("人力资源部", "财务部"), deadline=datetime.date(2026, 9, 20))
    assert task.source == TaskSource.DECISION
    assert task.lead_department.name == "人力资源部"
    assert [d.name for d in task.co_departments.all()] == ["财务部"]
    assert task.responsible_person == "钱经理"
    assert task.deadline == datetime.date(2026, 9, 20)
    assert task.visits_required == 1
    assert [g.status for g in task.grievances.all()] == [Status.DECIDED]


def test_a_department_answer_becomes_a_task_and_does_not_reach_the_requester(direct_task, user):
    task = direct_task(disclosure="named")
    g = task.grievances.get()
    assert task.source == TaskSource.DIRECT
    assert task.lead_department.name == "人力资源部"
    assert task.content == "下月起调整价格" and task.deadline == datetime.date(2026, 9, 15)
    assert g.status == Status.ANSWERED
    # The union relays the result (clock 2); the department's answer is not sent on.
    told = Notification.objects.filter(recipient=user("employee"), subject__contains=g.number)
    assert not told.filter(subject__contains="部门").exists()
    assert told.count() == 1  # "accepted" only


def test_department_head_completes_the_task_and_the_items_are_reported(direct_task, login, user):
    task = direct_task()
    with at(datetime.date(2026, 9, 10)):
        response = login("dept_head").post(
            url("task_report", task.pk),
            {"outcome": "done", "text": "已调整价格并公示", "completed_on": "2026-09-09"},
        )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.REPORTED and task.outcome == Outcome.DONE
    assert task.report_due == datetime.date(2026, 9, 14)  # Wed 9 Sep + 3 working days
    assert task.inform_due == datetime.date(2026, 9, 15)  # reported Thu 10 Sep + 3
    assert task.grievances.get().status == Status.REPORTED
    assert Notification.objects.filter(
        recipient=user("supervisor"), subject__contains="2026-09-15"
    ).exists()


def test_department_declares_a_task_impossible_with_the_explanation(decided_task, login):
    task = decided_task()
    with at(datetime.date(2026, 9, 3)):
        client = login("dept_head")
        client.post(url("task_progress", task.pk), {"text": "已联系供应商"})
        response = client.post(
            url("task_report", task.pk),
            {
                "outcome": "impossible",
                "text": "场地所限，年内无法扩建",
                "completed_on": "2026-09-02",
            },
        )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.progress == "已联系供应商"
    assert task.outcome == Outcome.IMPOSSIBLE and task.outcome_text == "场地所限，年内无法扩建"
    page = login("union_staff").get(url("task_detail", task.pk)).content.decode()
    assert "场地所限，年内无法扩建" in page and "不具备条件无法执行" in page


def test_the_grievance_page_shows_the_task_and_both_clocks(direct_task, login):
    task = direct_task()
    g = task.grievances.get()
    page = login("union_staff").get(f"/e/demo/grievances/{g.pk}/").content.decode()
    assert 'id="supervision"' in page and task.title in page


def test_a_task_is_created_once_per_decision(decided_task):
    task = decided_task()
    from supervision.services import task_create_from_decision

    again = task_create_from_decision(decision=task.decision, by=None)
    assert again.pk == task.pk and Task.objects.count() == 1
