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


def _grandparent(parent):
    """A province-level body above the group, with its own union staff (`p_union_staff`)."""
    from django.contrib.auth import get_user_model

    from consult.models import Enterprise, Membership, MembershipRole
    from consult.roles import Role

    top = Enterprise.objects.create(code="top", name="省属控股集团", federation=parent.federation)
    parent.parent = top
    parent.save(update_fields=["parent"])
    staff = get_user_model().objects.create_user(
        username="p_union_staff", password="demo-pass-2026", last_name="周", first_name="省"
    )
    MembershipRole.objects.create(
        membership=Membership.objects.create(user=staff, enterprise=top), role=Role.UNION_STAFF
    )
    return top


def test_a_parent_that_cannot_solve_hands_up_again_and_the_answer_reaches_every_level(
    direct_task, parent, login
):
    _grandparent(parent)
    task = direct_task()
    _escalate(task, login, parent)
    first = Escalation.objects.get()
    group = login("g_union_staff")
    page = group.get(url("escalation_detail", first.pk, code="group")).content.decode()
    assert 'id="hand-up"' in page and "省属控股集团" in page
    response = group.post(
        url("escalation_hand_up", first.pk, code="group"), {"reason": "集团预算也已用完"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second = Escalation.objects.exclude(pk=first.pk).get()
    assert first.status == Escalation.Status.HANDED_UP
    assert (second.from_enterprise.code, second.to_enterprise.code) == ("group", "top")
    # Handed up, the group no longer answers it itself.
    again = group.post(url("escalation_answer", first.pk, code="group"), {"answer": "自行解决"})
    assert again.status_code == 409
    # Every level sees the item and the levels it went through.
    top = login("p_union_staff")
    queue = top.get(url("supervision_queue", code="top")).content.decode()
    assert url("escalation_detail", second.pk, code="top") in queue
    for client, code, pk in (
        (login("union_staff"), "demo", first.pk),
        (group, "group", first.pk),
        (top, "top", second.pk),
    ):
        text = client.get(url("escalation_detail", pk, code=code)).content.decode()
        assert 'id="escalation-chain"' in text and "省属控股集团" in text, code
        assert "食堂饭菜价格偏高" in text and "集团预算也已用完" in text, code
    # The top level has no parent: it answers, and the answer goes down to every level.
    assert (
        'id="hand-up"'
        not in top.get(url("escalation_detail", second.pk, code="top")).content.decode()
    )
    response = top.post(
        url("escalation_answer", second.pk, code="top"), {"answer": "省集团统筹解决"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.REPORTED
    assert set(Escalation.objects.values_list("status", flat=True)) == {"answered"}
    assert (
        "省集团统筹解决" in login("union_staff").get(url("task_detail", task.pk)).content.decode()
    )
    assert (
        "省集团统筹解决"
        in group.get(url("escalation_detail", first.pk, code="group")).content.decode()
    )


def test_the_top_level_cannot_hand_up_further(direct_task, parent, login):
    task = direct_task()
    _escalate(task, login, parent)
    first = Escalation.objects.get()
    response = login("g_union_staff").post(
        url("escalation_hand_up", first.pk, code="group"), {"reason": "无法解决"}
    )
    assert response.status_code == 400
    assert Escalation.objects.count() == 1
    first.refresh_from_db()
    assert first.status == Escalation.Status.OPEN
