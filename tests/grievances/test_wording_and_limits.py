"""Wording that says what is true (issue 18 point 14): an online submission is 已提交 (not yet
受理) and says who acts next; the union's decision after a department cannot solve an item is
not labelled 审批意见; a text over its limit is refused with the field's name, not Django's
"确保该变量包含不超过 5000 字符"."""

import re

from django.urls import reverse
from lxml import html

from grievances.models import Grievance, Status


def _flash(response) -> str:
    doc = html.fromstring(response.content.decode())
    return " ".join(" ".join(doc.xpath("//*[contains(@class, 'alert')]//text()")).split())


def _token(client, url) -> str:
    return re.search(r'name="token" value="([0-9a-f]+)"', client.get(url).content.decode())[1]


def test_a_named_submission_says_submitted_and_who_acts_next(login):
    client = login("employee")
    url = reverse("grievance_submit", args=["demo"])
    data = {"kind": "grievance", "content": "夜班班车太少", "disclosure": "named"}
    response = client.post(url, {**data, "token": _token(client, url)}, follow=True)
    g = Grievance.objects.get(content="夜班班车太少")
    assert g.status == Status.SUBMITTED
    said = _flash(response)
    assert f"已提交，编号 {g.number}" in said and "下一步" in said
    assert "已受理" not in said


def test_a_content_too_long_is_refused_with_the_fields_name(login):
    client = login("employee")
    url = reverse("grievance_submit", args=["demo"])
    data = {"kind": "grievance", "content": "长" * 5001, "disclosure": "named"}
    response = client.post(url, {**data, "token": _token(client, url)})
    assert response.status_code == 400
    body = response.content.decode()
    assert "确保该变量" not in body
    assert "“内容”最多 5000 个字，现有 5001 个字" in body
    assert not Grievance.objects.filter(content__startswith="长长").exists()


def test_the_unions_decision_is_not_labelled_an_approval(make_item, login):
    g = make_item("routed_department")
    login("dept_head").post(
        reverse("grievance_answer", args=["demo", g.pk]),
        {"outcome": "cannot", "measures": "本部门无此权限"},
    )
    g.refresh_from_db()
    assert g.status == Status.CANNOT_SOLVE
    body = login("union_chair").get(reverse("grievance_detail", args=["demo", g.pk]))
    doc = html.fromstring(body.content.decode())
    form = doc.xpath("//form[contains(@action, '/union-decision/') or .//input[@value='back']]")
    assert form, "the union's decision form is on the page"
    text = " ".join(form[0].text_content().split())
    assert "审批意见" not in text and "工会决定" in text
