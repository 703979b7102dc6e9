"""The enterprise's categories and departments are kept in the cache for filters and forms
(issue 12): what an admin adds, renames or deactivates (and a deletion) shows on the next
request, and one enterprise's lists never show in another's."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from consult.models import Category, Department
from tests import factories

LIST = "/e/demo/grievances/all/"


def _select(page: str, name: str) -> dict[int, str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return {
        int(v): label for v, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)<', select)
    }


def _checkboxes(page: str, name: str) -> set[int]:
    return {int(v) for v in re.findall(rf'name="{name}" value="(\d+)"', page)}


@pytest.fixture
def admin_client(db):
    root = get_user_model().objects.create_superuser("root", "root@example.invalid", "x-pass-2026")
    client = Client()
    client.force_login(root)
    return client


def test_departments_follow_the_admin(demo, login, admin_client):
    staff = login("union_staff")
    item = factories.grievance("verified", enterprise=demo)
    item_page = f"/e/demo/grievances/{item.pk}/"

    def in_filter():
        return _select(staff.get(LIST).content.decode(), "department")

    def to_classify():  # the item page's classify form: active departments only
        return _checkboxes(staff.get(item_page).content.decode(), "departments")

    assert "工会办公室" not in in_filter().values()  # the lists are now in the cache
    assert to_classify()
    response = admin_client.post(
        "/admin/consult/department/add/",
        {"enterprise": demo.pk, "name": "工会办公室", "is_active": "on"},
    )
    assert response.status_code == 302
    added = Department.objects.get(enterprise=demo, name="工会办公室")
    assert in_filter()[added.pk] == "工会办公室"
    assert added.pk in to_classify()

    change = f"/admin/consult/department/{added.pk}/change/"
    admin_client.post(change, {"enterprise": demo.pk, "name": "工会办", "is_active": "on"})
    assert in_filter()[added.pk] == "工会办"

    admin_client.post(change, {"enterprise": demo.pk, "name": "工会办"})  # not active
    assert added.pk not in to_classify()
    assert in_filter()[added.pk] == "工会办"  # the filter still finds its earlier items

    added.delete()  # the admin keeps departments; any other deletion drops the list too
    assert added.pk not in in_filter()


def test_categories_follow_the_admin(demo, login, admin_client):
    staff, employee = login("union_staff"), login("employee")
    top = Category.objects.get(enterprise=demo, name="职工诉求类")

    def in_filter():
        return _select(staff.get(LIST).content.decode(), "category")

    def to_submit():  # the employee's submission form: active ones, "class / sub-class"
        return _select(employee.get("/e/demo/grievances/new/").content.decode(), "category")

    assert "食堂" not in in_filter().values() and "职工诉求类 / 食堂" not in to_submit().values()
    fields = {"enterprise": demo.pk, "parent": top.pk, "keywords": "", "order": 9}
    response = admin_client.post(
        "/admin/consult/category/add/", {**fields, "name": "食堂", "is_active": "on"}
    )
    assert response.status_code == 302
    added = Category.objects.get(enterprise=demo, name="食堂")
    assert in_filter()[added.pk] == "食堂"
    assert to_submit()[added.pk] == "职工诉求类 / 食堂"

    change = f"/admin/consult/category/{added.pk}/change/"
    admin_client.post(change, {**fields, "name": "职工食堂", "is_active": "on"})
    assert in_filter()[added.pk] == "职工食堂"
    assert to_submit()[added.pk] == "职工诉求类 / 职工食堂"

    # Renaming the class renames it in its sub-classes' labels.
    top_change = f"/admin/consult/category/{top.pk}/change/"
    admin_client.post(
        top_change,
        {"enterprise": demo.pk, "name": "诉求类", "keywords": "", "order": 0, "is_active": "on"},
    )
    assert to_submit()[added.pk] == "诉求类 / 职工食堂"

    admin_client.post(change, {**fields, "name": "职工食堂"})  # not active
    assert added.pk not in to_submit()
    assert in_filter()[added.pk] == "职工食堂"


def test_one_enterprises_lists_never_show_in_anothers(demo, demo_b, login):
    login("union_staff").get(LIST)
    login("b_union_staff").get("/e/demo-b/grievances/all/")
    Department.objects.create(enterprise=demo, name="工会办公室")
    page_b = login("b_union_staff").get("/e/demo-b/grievances/all/").content.decode()
    page_a = login("union_staff").get(LIST).content.decode()
    assert "工会办公室" not in _select(page_b, "department").values()
    assert "工会办公室" in _select(page_a, "department").values()
