"""The issue's bad inputs: a clear message, a 4xx, and nothing changed in the database."""

import datetime

import pytest

from consult.models import AuditEvent
from grievances.models import GrievanceEvent, Status
from supervision.models import Escalation, RequesterTold, Task, TaskStatus, TrackingVisit

from .conftest import at, url, visit


def _snapshot():
    return (
        list(Task.objects.values_list("pk", "status", "outcome", "completed_on", "progress")),
        AuditEvent.objects.count(),
        GrievanceEvent.objects.count(),
        TrackingVisit.objects.count(),
        RequesterTold.objects.count(),
        Escalation.objects.count(),
    )


REPORT = {"outcome": "done", "text": "已办结", "completed_on": "2026-09-01"}


def test_a_report_for_another_departments_task_is_not_found(decided_task, login):
    task = decided_task(departments=("财务部",))
    before = _snapshot()
    response = login("dept_head").post(url("task_report", task.pk), REPORT)
    assert response.status_code == 404
    assert _snapshot() == before


def test_a_co_operating_department_may_not_report_for_the_lead(decided_task, login):
    task = decided_task(departments=("办公室", "人力资源部"))  # 办公室 leads
    before = _snapshot()
    response = login("dept_head").post(url("task_report", task.pk), REPORT)
    assert response.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("completed_on", ["2026-09-02", "2026-08-31"])
def test_a_completion_date_in_the_future_or_before_the_task_began_is_refused(
    decided_task, login, completed_on
):
    task = decided_task()  # began Tue 1 Sep 2026 (the meeting day, today)
    before = _snapshot()
    response = login("dept_head").post(
        url("task_report", task.pk), {**REPORT, "completed_on": completed_on}
    )
    assert response.status_code == 400
    assert "completion date" in response.content.decode() or "完成" in response.content.decode()
    assert _snapshot() == before


def test_closing_a_meeting_item_without_a_visit_is_refused(decided_task, login):
    task = decided_task()
    login("dept_head").post(url("task_report", task.pk), REPORT)
    g = task.grievances.get()
    before = _snapshot()
    response = login("union_staff").post(
        url("task_tell", task.pk), {"grievance": g.pk, "method": "phone", "text": "已办结"}
    )
    assert response.status_code == 409
    assert _snapshot() == before
    g.refresh_from_db()
    assert g.status == Status.REPORTED


def test_telling_the_requester_twice_is_refused(direct_task, login):
    task = direct_task()
    login("dept_head").post(url("task_report", task.pk), REPORT)
    g = task.grievances.get()
    staff = login("union_staff")
    data = {"grievance": g.pk, "method": "phone", "text": "已调整价格"}
    assert staff.post(url("task_tell", task.pk), data).status_code == 302
    before = _snapshot()
    assert staff.post(url("task_tell", task.pk), data).status_code == 409
    assert _snapshot() == before
    assert RequesterTold.objects.count() == 1


def test_an_anonymous_requester_can_only_be_told_online(direct_task, login):
    task = direct_task(anonymous=True)
    login("dept_head").post(url("task_report", task.pk), REPORT)
    g = task.grievances.get()
    before = _snapshot()
    response = login("union_staff").post(
        url("task_tell", task.pk), {"grievance": g.pk, "method": "phone", "text": "已调整"}
    )
    assert response.status_code == 400
    assert _snapshot() == before


def test_escalating_to_a_body_that_is_not_the_parent_is_refused(direct_task, parent, demo_b, login):
    task = direct_task()
    before = _snapshot()
    response = login("union_staff").post(
        url("task_escalate", task.pk), {"to": demo_b.pk, "reason": "本级无法解决"}
    )
    assert response.status_code == 400
    assert _snapshot() == before
    assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN


def test_a_visit_on_another_enterprises_item_is_not_found(direct_task, login):
    task = direct_task()
    before = _snapshot()
    data = {
        "visited_on": "2026-09-01",
        "method": "site",
        "findings": "查看",
        "status": "done",
        "union_members": "某某",
    }
    outsider = login("b_union_staff")
    assert outsider.post(url("task_visit", task.pk), data).status_code == 404
    assert outsider.post(url("task_visit", task.pk, code="demo-b"), data).status_code == 404
    assert _snapshot() == before


def test_a_visit_in_the_future_is_refused(decided_task, login):
    task = decided_task()
    before = _snapshot()
    response = login("supervisor").post(
        url("task_visit", task.pk),
        {
            "visited_on": "2026-09-05",
            "method": "site",
            "findings": "查看",
            "status": "done",
            "union_members": "赵敏",
        },
    )
    assert response.status_code == 400
    assert _snapshot() == before


def test_state_changes_are_post_only(decided_task, login):
    task = decided_task()
    assert login("dept_head").get(url("task_report", task.pk)).status_code == 405


def test_after_a_visit_the_meeting_item_can_be_closed(decided_task, login, user):
    task = decided_task()
    login("dept_head").post(url("task_report", task.pk), REPORT)
    with at(datetime.date(2026, 9, 2)):
        visit(task, user("supervisor"), visited_on=datetime.date(2026, 9, 2))
        g = task.grievances.get()
        response = login("union_staff").post(
            url("task_tell", task.pk), {"grievance": g.pk, "method": "in_person", "text": "已补发"}
        )
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.status == Status.INFORMED
