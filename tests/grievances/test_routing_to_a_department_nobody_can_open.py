"""Routing to a department nobody can open (issue 18 point 9): an item classified for, or
approved to, a department without a head account says so to whoever routes it, on the
item's page, after classifying and after approving (in the app and in admin); a department
with a head says nothing."""

from django.urls import reverse
from lxml import html

from consult.models import Category, Department
from grievances.models import Status
from tests import factories

WARNING = "没有负责人账号"


def _flash(response) -> str:
    doc = html.fromstring(response.content.decode())
    return " ".join(doc.text_content().split())


def _headless(demo) -> Department:
    return Department.objects.create(enterprise=demo, name="新设档案室")


def test_classifying_for_a_department_without_a_head_warns(demo, login, make_item):
    g = make_item("verified")
    category = Category.objects.filter(enterprise=demo, parent__isnull=False).first()
    client = login("union_staff")
    response = client.post(
        reverse("grievance_classify", args=["demo", g.pk]),
        {"category": category.pk, "departments": [_headless(demo).pk], "responsible_person": ""},
        follow=True,
    )
    text = _flash(response)
    assert "新设档案室" in text and WARNING in text
    g.refresh_from_db()
    assert g.status == Status.CLASSIFIED


def test_a_department_with_a_head_raises_no_warning(demo, login, make_item):
    g = make_item("opinion_signed")  # 人力资源部, headed by the demo's dept_head
    page = login("admin_deputy").get(reverse("grievance_detail", args=["demo", g.pk]))
    assert WARNING not in _flash(page)


def test_approving_to_a_department_without_a_head_warns_in_the_app(demo, login):
    g = factories.grievance("opinion_signed", enterprise=demo, departments=[_headless(demo)])
    client = login("admin_deputy")
    before = client.get(reverse("grievance_detail", args=["demo", g.pk]))
    assert WARNING in _flash(before)  # seen before approving
    response = client.post(
        reverse("grievance_approval", args=["demo", g.pk]),
        {"decision": "approve", "note": ""},
        follow=True,
    )
    assert "新设档案室" in _flash(response) and WARNING in _flash(response)


def test_approving_to_a_department_without_a_head_warns_in_admin(demo, login):
    g = factories.grievance("opinion_signed", enterprise=demo, departments=[_headless(demo)])
    client = login("admin_deputy")
    page = client.get(f"/admin/grievances/grievance/{g.pk}/change/")
    doc = html.fromstring(page.content.decode())
    assert WARNING in doc.xpath("//*[@id='routing-approval']")[0].text_content()
    response = client.post(
        f"/admin/grievances/grievance/{g.pk}/approval/",
        {"decision": "approve", "note": ""},
        follow=True,
    )
    assert WARNING in _flash(response)
    g.refresh_from_db()
    assert g.status == Status.ROUTED_DEPARTMENT
