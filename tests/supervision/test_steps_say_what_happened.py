"""Supervision steps say what happened and who acts next (issue 18 point 14), not only
"已保存。"."""

import datetime

from lxml import html

from .conftest import at, url


def _flash(response) -> str:
    assert response.status_code == 200
    doc = html.fromstring(response.content.decode())
    return " ".join(" ".join(doc.xpath("//*[contains(@class, 'alert')]//text()")).split())


def test_a_report_says_the_union_tells_the_requester_next(direct_task, login):
    task = direct_task()
    with at(datetime.date(2026, 9, 10)):
        said = _flash(
            login("dept_head").post(
                url("task_report", task.pk),
                {"outcome": "done", "text": "已调整价格并公示", "completed_on": "2026-09-09"},
                follow=True,
            )
        )
    assert "办理结果已报告工会" in said and "下一步" in said and "已保存" not in said


def test_an_impossible_report_says_what_the_union_may_do(direct_task, login):
    task = direct_task()
    with at(datetime.date(2026, 9, 3)):
        said = _flash(
            login("dept_head").post(
                url("task_report", task.pk),
                {"outcome": "impossible", "text": "场地所限", "completed_on": "2026-09-02"},
                follow=True,
            )
        )
    assert "无法执行" in said and "上级" in said


def test_a_visit_says_it_is_in_the_tracking_table(direct_task, login):
    task = direct_task()
    said = _flash(
        login("supervisor").post(
            url("task_visit", task.pk),
            {
                "visited_on": "2026-09-01",
                "method": "site",
                "findings": "正在调整",
                "status": "in_progress",
                "union_members": "赵敏",
                "management_members": "人力资源部郑芳",
                "representatives": "李四",
            },
            follow=True,
        )
    )
    assert "跟踪表" in said and "正在进行中" in said
