"""Lists open on what is open and due first (issue 18 point 12): the supervision queue shows
the tasks still being handled, the earliest due first; finished tasks are a filter away."""

import datetime

from lxml import html

from supervision import services

from .conftest import at, url


def _titles(client, **params) -> list[str]:
    doc = html.fromstring(client.get(url("supervision_queue"), params).content.decode())
    return [" ".join(a.text_content().split()) for a in doc.xpath("//td[@class='card-head']/a")]


def _finish(task, user):
    hr = task.lead_department
    with at(datetime.date(2026, 9, 2)):
        services.task_report(
            task=task,
            by=user("dept_head"),
            department=hr,
            outcome="done",
            text="已办结",
            completed_on=datetime.date(2026, 9, 2),
        )
        services.requester_tell(
            task=task,
            grievance=task.grievances.get(),
            by=user("union_staff"),
            method="phone",
            text="已办结",
        )


def test_the_queue_opens_on_open_tasks_the_earliest_due_first(direct_task, login, user):
    finished = direct_task(content="宿舍热水不稳定", due=datetime.date(2026, 9, 5))
    _finish(finished, user)
    later = direct_task(content="班车太少", due=datetime.date(2026, 9, 30))
    sooner = direct_task(content="食堂价格偏高", due=datetime.date(2026, 9, 10))
    client = login("union_staff")
    assert _titles(client) == [sooner.title, later.title]
    assert _titles(client, show="finished") == [finished.title]
    assert _titles(client, show="all") == [sooner.title, later.title, finished.title]
