"""A confidential or anonymous requester's identity is shown only to the union chair and the
union staff the chair designated, and each such view is logged."""

import subprocess

import pytest

from consult.access import forget_access
from consult.models import IdentityView

# What would identify the demo employee: name, account, unit and phone (added per test).
EMPLOYEE_MARKS = ["张三", ">employee<", " employee "]
MANAGEMENT = ["admin_head", "admin_deputy", "dept_head", "supervisor"]


def _phone(member):
    employee = member("employee")
    return (employee.phone, str(employee.unit))


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _assert_hidden(text: str, phone_and_unit: tuple[str, str]):
    for mark in [*EMPLOYEE_MARKS, *phone_and_unit]:
        assert mark not in text, mark


def _table(html: str) -> str:
    """The result table of a list page (its filter form lists every unit by name)."""
    return html[html.index("<table") :]


@pytest.mark.parametrize("username", MANAGEMENT)
def test_management_never_sees_a_confidential_requester(
    demo, login, member, make_item, username, tmp_path
):
    g = make_item("routed_department")  # routed to 人力资源部, so dept_head may open it too
    client = login(username)
    phone = _phone(member)

    detail = client.get(f"/e/demo/grievances/{g.pk}/")
    assert detail.status_code == 200
    _assert_hidden(detail.content.decode().split('id="requester">')[1][:200], phone)
    assert "保密" in detail.content.decode()

    pages = []
    if username != "dept_head":
        pages += ["/e/demo/grievances/all/", "/e/demo/grievances/all/?q=食堂"]
    else:
        pages += ["/e/demo/grievances/queue/department/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        _assert_hidden(_table(response.content.decode()), phone)

    record = client.get(f"/e/demo/documents/grievance_record/{g.pk}.pdf")
    assert record.status_code == 200
    text = _pdf_text(record.content, tmp_path)
    assert "职工诉求记录表" in text and "保密" in text
    _assert_hidden(text, phone)

    if username in {"admin_head", "admin_deputy"}:
        for url in [
            "/admin/grievances/grievance/",
            f"/admin/grievances/grievance/{g.pk}/change/",
        ]:
            response = client.get(url)
            assert response.status_code == 200
            _assert_hidden(response.content.decode(), phone)
        xlsx = client.get("/e/demo/documents/summary_table.xlsx")
        assert xlsx.status_code == 200
    assert not IdentityView.objects.exists()


def test_union_chair_sees_the_identity_and_the_view_is_logged(demo, login, member, make_item):
    g = make_item("submitted")
    page = login("union_chair").get(f"/e/demo/grievances/{g.pk}/").content.decode()
    assert "张三" in page
    view = IdentityView.objects.get()
    assert view.viewer.username == "union_chair" and view.target_id == g.pk


def test_undesignated_union_staff_see_confidential_instead(demo, login, member, make_item):
    g = make_item("submitted")
    page = login("union_staff").get(f"/e/demo/grievances/{g.pk}/").content.decode()
    assert "张三" not in page.split('id="requester">')[1][:200]
    assert not IdentityView.objects.exists()


def test_designated_union_staff_see_the_identity(demo, login, member, make_item):
    staff = member("union_staff")
    staff.identity_access = True
    staff.save()
    forget_access(staff.user)
    g = make_item("submitted")
    page = login("union_staff").get(f"/e/demo/grievances/{g.pk}/").content.decode()
    assert "张三" in page
    assert IdentityView.objects.filter(viewer=staff.user).count() == 1


def test_list_shows_confidential_even_to_the_chair_and_logs_nothing(demo, login, make_item):
    make_item("submitted")
    page = login("union_chair").get("/e/demo/grievances/all/").content.decode()
    assert "保密" in page and "张三" not in page
    assert not IdentityView.objects.exists()


@pytest.mark.parametrize("username", ["admin_head", "admin_deputy", "supervisor"])
def test_even_a_named_requester_is_not_shown_to_management(demo, login, make_item, username):
    # DESIGN.md: a requester's identity is for the union office; management sees 保密.
    g = make_item("submitted", disclosure="named")
    page = login(username).get(f"/e/demo/grievances/{g.pk}/").content.decode()
    assert "张三" not in page and "保密" in page


def test_named_requester_is_shown_to_union_staff(demo, login, make_item):
    g = make_item("submitted", disclosure="named")
    page = login("union_staff").get(f"/e/demo/grievances/{g.pk}/").content.decode()
    assert "张三" in page


def test_unit_filter_does_not_find_confidential_items_for_management(
    demo, login, member, make_item
):
    make_item("submitted")
    unit = member("employee").unit
    page = login("admin_head").get(f"/e/demo/grievances/all/?unit={unit.pk}").content.decode()
    assert "食堂饭菜价格偏高" not in page


def test_confidential_requesters_own_account_is_not_shown_as_actor(demo, login, make_item):
    g = make_item("routed_department")
    page = login("admin_head").get(f"/e/demo/grievances/{g.pk}/").content.decode()
    assert "张三" not in page


def test_admin_change_page_shows_the_identity_to_the_chair_and_logs_it(demo, login, make_item):
    g = make_item("submitted")
    client = login("union_chair")
    listing = client.get("/admin/grievances/grievance/").content.decode()
    assert "保密" in listing and "张三" not in listing
    page = client.get(f"/admin/grievances/grievance/{g.pk}/change/").content.decode()
    assert "张三" in page
    assert IdentityView.objects.filter(context="admin").count() == 1


def test_admin_change_page_shows_events_and_attachments_to_the_union_office_only(
    demo, login, make_item
):
    g = make_item("submitted", disclosure="named")
    url = f"/admin/grievances/grievance/{g.pk}/change/"
    staff_page = login("union_staff").get(url).content.decode()
    assert "employee" in staff_page  # the requester's account as actor of the submission
    head_page = login("admin_head").get(url).content.decode()
    assert "张三" not in head_page and ">employee<" not in head_page
    assert "grievanceevent" not in head_page.lower()


def test_collection_registers_are_not_in_admin_for_management(demo, login):
    assert login("admin_deputy").get("/admin/grievances/collectionregister/").status_code == 403
    assert login("union_staff").get("/admin/grievances/collectionregister/").status_code == 200
