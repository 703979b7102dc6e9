"""The tell-requester form offers only what can be done (issue 18 point 15): an anonymous
requester cannot be met or called, so for an anonymous item it offers 网络 only, and a posted
面谈 or 电话 is refused by its field."""

import datetime

from lxml import html

from supervision import services

from .conftest import at, url


def _reported(direct_task, user, **kw):
    task = direct_task(**kw)
    with at(datetime.date(2026, 9, 2)):
        services.task_report(
            task=task,
            by=user("dept_head"),
            department=task.lead_department,
            outcome="done",
            text="已办结",
            completed_on=datetime.date(2026, 9, 2),
        )
    return task


def _methods(client, task) -> list[str]:
    doc = html.fromstring(client.get(url("task_detail", task.pk)).content.decode())
    return doc.xpath("//form[contains(@action, '/tell/')]//*[@name='method']//option/@value") or [
        i.get("value")
        for i in doc.xpath("//form[contains(@action, '/tell/')]//input[@name='method']")
    ]


def test_an_anonymous_item_is_told_online_only(direct_task, user, login):
    task = _reported(direct_task, user, anonymous=True, disclosure="anonymous")
    client = login("union_staff")
    assert _methods(client, task) == ["online"]
    g = task.grievances.get()
    with at(datetime.date(2026, 9, 3)):
        response = client.post(
            url("task_tell", task.pk), {"grievance": g.pk, "method": "phone", "text": "已办结"}
        )
    assert response.status_code == 400
    g.refresh_from_db()
    assert g.status == "reported"


def test_a_named_item_may_be_told_face_to_face_or_by_phone(direct_task, user, login):
    task = _reported(direct_task, user, disclosure="named")
    assert set(_methods(login("union_staff"), task)) == {"in_person", "phone", "online"}
