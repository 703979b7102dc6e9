"""Escalation to the parent body, and tenancy and identity protection across levels."""

from grievances.models import Status
from supervision.models import Escalation, TaskStatus

from .conftest import url


def _escalate(task, login, parent):
    return login("union_staff").post(
        url("task_escalate", task.pk), {"to": parent.pk, "reason": "本级资金不足，无法解决"}
    )


def test_an_item_handed_up_appears_in_the_parents_queue_and_its_answer_comes_back(
    direct_task, parent, login
):
    task = direct_task()
    assert _escalate(task, login, parent).status_code == 302
    task.refresh_from_db()
    g = task.grievances.get()
    assert task.status == TaskStatus.ESCALATED and g.status == Status.ESCALATED
    escalation = Escalation.objects.get()
    group = login("g_union_staff")
    queue = group.get(url("supervision_queue", code="group")).content.decode()
    assert url("escalation_detail", escalation.pk, code="group") in queue
    response = group.post(
        url("escalation_answer", escalation.pk, code="group"), {"answer": "集团拨付专项资金"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    g.refresh_from_db()
    assert task.status == TaskStatus.REPORTED and g.status == Status.REPORTED
    assert task.inform_due is not None
    # Both levels see its state; the answer is on the item's timeline at the lower level.
    lower = login("union_staff").get(url("task_detail", task.pk)).content.decode()
    assert "集团拨付专项资金" in lower
    again = group.post(url("escalation_answer", escalation.pk, code="group"), {"answer": "再答"})
    assert again.status_code == 409


def test_the_parent_never_sees_who_raised_the_item(direct_task, parent, login):
    task = direct_task(disclosure="named")
    _escalate(task, login, parent)
    escalation = Escalation.objects.get()
    page = login("g_union_staff").get(url("escalation_detail", escalation.pk, code="group"))
    text = page.content.decode()
    assert page.status_code == 200 and "食堂饭菜价格偏高" in text
    assert "张三" not in text and "13800" not in text


def test_the_parent_cannot_open_the_lower_levels_pages(direct_task, parent, login):
    task = direct_task()
    _escalate(task, login, parent)
    group = login("g_union_staff")
    g = task.grievances.get()
    assert group.get(url("task_detail", task.pk)).status_code == 404
    assert group.get(f"/e/demo/grievances/{g.pk}/").status_code == 404
    assert group.get(url("task_detail", task.pk, code="group")).status_code == 404


def test_another_enterprise_sees_neither_tasks_nor_escalations(direct_task, parent, login):
    task = direct_task()
    _escalate(task, login, parent)
    escalation = Escalation.objects.get()
    outsider = login("b_union_staff")
    assert outsider.get(url("task_detail", task.pk, code="demo-b")).status_code == 404
    assert outsider.get(url("escalation_detail", escalation.pk, code="demo-b")).status_code == 404
    assert (
        outsider.get(
            url("document", "tracking_table", task.grievances.get().pk, "pdf", code="demo-b")
        ).status_code
        == 404
    )


def test_department_and_supervisor_see_no_protected_requester(direct_task, login):
    task = direct_task(disclosure="confidential")
    for who in ("dept_head", "supervisor", "admin_head"):
        page = login(who).get(url("task_detail", task.pk)).content.decode()
        assert "张三" not in page, who


def test_an_employee_cannot_open_the_supervision_pages(direct_task, login):
    task = direct_task()
    employee = login("employee")
    assert employee.get(url("supervision_queue")).status_code == 403
    assert employee.get(url("task_detail", task.pk)).status_code == 404
