"""Issue 18 point 24: "overdue task" has one definition (`Task.is_overdue`, `overdue()`), the
same in the queue's filter, its highlighted rows, the ledger dashboard's count, the union
robot's digest and the waiting panels: past the department's deadline without a report, or
past the day to tell the requester."""

import datetime

from django.urls import reverse

from supervision import services
from supervision.models import Task

from .conftest import at, url

SEPT_30 = datetime.date(2026, 9, 30)


def _rows(page: str) -> dict[str, str]:
    """Queue rows by task title: the row's opening tag (its class)."""
    body = page[page.index("<tbody>") :]
    rows = {}
    for chunk in body.split("<tr")[1:]:
        tag, _, rest = chunk.partition(">")
        rows[rest.split("</a>")[0].rsplit(">", 1)[-1]] = tag
    return rows


def _reported_on_sept_30(direct_task, user) -> Task:
    task = direct_task(due=SEPT_30, content="宿舍热水供应时间太短")
    with at(SEPT_30):
        services.task_report(
            task=task,
            by=user("dept_head"),
            department=task.lead_department,
            outcome="done",
            text="已延长供应时间",
            completed_on=SEPT_30,
        )
    task.refresh_from_db()
    assert task.inform_due == datetime.date(2026, 10, 10)  # after National Day
    return task


def _dashboard_count(login) -> str:
    page = login("admin_head").get(
        reverse("ledger_dashboard", args=["demo"]) + "?year=2026&quarter=3"
    )
    counts = page.content.decode()
    return counts[counts.index('id="counts"') :].split("超过期限的承办事项：")[1][:2]


def test_a_requester_not_told_in_time_makes_the_task_overdue_everywhere(direct_task, user, login):
    task = _reported_on_sept_30(direct_task, user)
    on_time = direct_task(due=datetime.date(2026, 12, 31), content="班车时间调整")
    with at(datetime.date(2026, 10, 13)):
        staff = login("union_staff")
        rows = _rows(staff.get(url("supervision_queue")).content.decode())
        assert "table-danger" in rows[task.title] and "table-danger" not in rows[on_time.title]
        filtered = _rows(staff.get(url("supervision_queue") + "?overdue=on").content.decode())
        assert list(filtered) == [task.title]
        assert _dashboard_count(login) == "1<"
        home = login("supervisor").get(reverse("enterprise_home", args=["demo"])).content.decode()
        assert f"告知诉求人：{task.title}" in home
    today = datetime.date(2026, 10, 13)
    assert task.is_overdue(today) and not on_time.is_overdue(today)
    assert list(Task.objects.overdue(today)) == [task]


def test_a_department_past_its_deadline_makes_the_task_overdue_everywhere(direct_task, user, login):
    task = direct_task(due=datetime.date(2026, 9, 15))
    with at(datetime.date(2026, 9, 16)):
        rows = _rows(login("union_staff").get(url("supervision_queue")).content.decode())
        assert "table-danger" in rows[task.title]
        assert _dashboard_count(login) == "1<"
    assert task.is_overdue(datetime.date(2026, 9, 16))
