"""Issue 13 point 20: after each step the page says what happened and who acts next (read
from the step table); the classify form folds once classified; an empty topic queue says how
items get there; lists show each item's deadline and next actor."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consult.roles import Action, Role
from consult.selectors import roles_that_may
from grievances.models import Status
from grievances.next_actors import next_actors
from grievances.workflow import GRIEVANCE_FLOW

pytestmark = pytest.mark.django_db


def _detail(item):
    return reverse("grievance_detail", args=["demo", item.pk])


def test_next_actors_are_read_from_the_step_table(make_item):
    item = make_item("opinion_signed")
    (actor,) = next_actors(item)
    assert actor.action == GRIEVANCE_FLOW.step("approve_routing").action
    assert actor.who == "、".join(str(Role(r).label) for r in roles_that_may(actor.action))
    routed = make_item("routed_department")
    assert [a.who for a in next_actors(routed)] == ["人力资源部"]
    assert next_actors(make_item("submitted"))[0].action == Action.VERIFY_GRIEVANCE


def test_signing_the_opinion_says_it_now_waits_for_management_approval(make_item, login):
    item = make_item("classified")
    response = login("union_chair").post(
        reverse("grievance_opinion", args=["demo", item.pk]),
        {"route": "department", "opinion": "转人力资源部办理"},
        follow=True,
    )
    body = response.content.decode()
    assert "工会已签署意见。下一步：企业行政负责人、行政分管负责人（审批办理意见）。" in body
    assert "已保存。" not in body


def test_the_department_answer_says_the_union_supervises_next(make_item, login):
    item = make_item("routed_department")
    response = login("dept_head").post(
        reverse("grievance_answer", args=["demo", item.pk]),
        {
            "outcome": "measures",
            "measures": "下月起调整价格",
            "due": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        },
        follow=True,
    )
    body = response.content.decode()
    # The department answered: it is next asked to carry out and report, not to answer again
    # (issue 18 point 14).
    assert "下一步：人力资源部（落实措施并报告办理结果）" in body
    assert "以职能部门答复" not in body


def test_the_classify_form_folds_once_the_item_is_classified(make_item, login):
    client = login("union_staff")
    verified = client.get(_detail(make_item("verified"))).content.decode()
    assert 'id="reclassify"' not in verified and 'action="/e/demo/grievances/' in verified
    classified = client.get(_detail(make_item("classified"))).content.decode()
    assert '<details id="reclassify">' in classified


def test_an_empty_topic_queue_explains_how_items_get_there(login):
    body = login("union_staff").get(reverse("topic_list", args=["demo"])).content.decode()
    assert 'id="empty-topic-queue"' in body and "职能部门答复无法解决" in body


def test_the_staff_list_shows_each_items_deadline_and_next_actor(make_item, login):
    item = make_item("routed_department")
    item.refresh_from_db()
    body = login("union_staff").get(reverse("grievance_list", args=["demo"])).content.decode()
    due = (timezone.localtime(item.received_at).date() + datetime.timedelta(days=30)).isoformat()
    assert "<th>期限</th><th>下一步</th>" in body
    assert due in body and "人力资源部<span" in body
    assert item.status == Status.ROUTED_DEPARTMENT


def test_the_employee_sees_who_acts_next_on_their_own_items(make_item, login):
    make_item("opinion_signed")
    body = login("employee").get(reverse("grievance_mine", args=["demo"])).content.decode()
    assert "企业行政负责人、行政分管负责人" in body
