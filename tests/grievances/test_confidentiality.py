"""Who sees a requester (DESIGN.md, "Confidentiality"). A named one: the union, the managers who
approve routing and the departments the item is routed to; never supervisors, other
departments or the federation. A confidential one: only the union chair and the union staff the
chair designated, each view logged. An anonymous one: nobody."""

import subprocess

import pytest
from django.contrib.auth import get_user_model

from consult.access import forget_access
from consult.models import Department, IdentityView, Membership, MembershipRole
from consult.roles import Role

PASSWORD = "demo-pass-2026"

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


@pytest.fixture
def other_department_head(demo):
    """The head of a department the item is not routed to (not 人力资源部)."""
    department = Department.objects.filter(enterprise=demo).exclude(name="人力资源部").first()
    user = get_user_model().objects.create_user(
        username="other_dept_head", password=PASSWORD, last_name="钱", first_name="别部"
    )
    m = Membership.objects.create(user=user, enterprise=demo, department=department)
    MembershipRole.objects.create(membership=m, role=Role.DEPT_HEAD)
    return user


def _requester_cell(page: str) -> str:
    return page.split('id="requester">')[1].split("</dd>")[0]


@pytest.mark.parametrize("username", ["admin_deputy", "admin_head", "dept_head"])
def test_a_named_requesters_name_and_phone_reach_the_approving_managers_and_routed_department(
    demo, login, member, make_item, username
):
    # The handbook's 职工诉求记录表 (诉求人, 单位, 电话) goes to the approving manager and the
    # handling department so they can call back.
    g = make_item("routed_department", disclosure="named")
    phone = member("employee").phone
    client = login(username)
    cell = _requester_cell(client.get(f"/e/demo/grievances/{g.pk}/").content.decode())
    assert "张三" in cell and phone in cell
    listing = (
        "/e/demo/grievances/queue/department/"
        if username == "dept_head"
        else ("/e/demo/grievances/all/")
    )
    assert "张三" in _table(client.get(listing).content.decode())
    assert not IdentityView.objects.exists()  # a named requester is not a protected identity


def test_the_approving_deputy_sees_a_named_requester_before_approving(
    demo, login, member, make_item
):
    g = make_item("opinion_signed", disclosure="named")
    client = login("admin_deputy")
    cell = _requester_cell(client.get(f"/e/demo/grievances/{g.pk}/").content.decode())
    assert "张三" in cell and member("employee").phone in cell
    assert "张三" in _table(client.get("/e/demo/grievances/queue/approval/").content.decode())


def test_the_record_form_names_a_named_requester_for_the_routed_department(
    demo, login, member, make_item, tmp_path
):
    g = make_item("routed_department", disclosure="named")
    record = login("dept_head").get(f"/e/demo/documents/grievance_record/{g.pk}.pdf")
    assert record.status_code == 200
    text = _pdf_text(record.content, tmp_path)
    assert "张三" in text and member("employee").phone in text


@pytest.mark.parametrize("username", ["supervisor", "other_dept_head"])
def test_a_named_requester_is_hidden_from_supervisors_and_other_departments(
    demo, login, member, make_item, other_department_head, username, tmp_path
):
    g = make_item("routed_department", disclosure="named")
    client = login(username)
    response = client.get(f"/e/demo/grievances/{g.pk}/")
    if username == "other_dept_head":
        assert response.status_code == 404  # not routed to their department at all
    else:
        cell = _requester_cell(response.content.decode())
        assert "张三" not in cell and member("employee").phone not in cell
        _assert_hidden(
            _table(client.get("/e/demo/grievances/all/").content.decode()), _phone(member)
        )
        record = client.get(f"/e/demo/documents/grievance_record/{g.pk}.pdf")
        if record.status_code == 200:
            _assert_hidden(_pdf_text(record.content, tmp_path), _phone(member))


def test_the_routed_department_does_not_see_a_named_requester_before_approval(
    demo, login, make_item
):
    g = make_item("opinion_signed", disclosure="named")
    assert login("dept_head").get(f"/e/demo/grievances/{g.pk}/").status_code == 404


def test_a_supervisor_who_is_also_union_staff_sees_a_named_requester(
    demo, login, member, make_item
):
    staff = member("union_staff")
    MembershipRole.objects.get_or_create(membership=staff, role=Role.SUPERVISOR)
    g = make_item("routed_department", disclosure="named")
    page = login("union_staff").get(f"/e/demo/grievances/{g.pk}/").content.decode()
    assert "张三" in _requester_cell(page)


def test_the_federation_never_reaches_a_named_requester(demo, login, make_item):
    g = make_item("routed_department", disclosure="named")
    client = login("federation")
    assert client.get(f"/e/demo/grievances/{g.pk}/").status_code == 404
    assert client.get(f"/e/demo/documents/grievance_record/{g.pk}.pdf").status_code in {403, 404}


@pytest.mark.parametrize("username", ["supervisor"])
def test_the_unit_filter_is_not_offered_to_those_who_see_no_requester(
    demo, login, member, make_item, username
):
    make_item("submitted", disclosure="named")
    unit = member("employee").unit
    page = login(username).get(f"/e/demo/grievances/all/?unit={unit.pk}").content.decode()
    assert 'name="unit"' not in page
    assert "食堂饭菜价格偏高" in page  # the ignored filter narrows nothing


def test_the_unit_filter_finds_named_items_for_the_approving_deputy_only(
    demo, login, member, make_item
):
    make_item("submitted", disclosure="named", content="班车时间太早")
    make_item("submitted", content="食堂饭菜价格偏高")  # confidential
    unit = member("employee").unit
    page = login("admin_deputy").get(f"/e/demo/grievances/all/?unit={unit.pk}").content.decode()
    assert "班车时间太早" in page and "食堂饭菜价格偏高" not in page


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
    timeline = staff_page.split('id="events-group"')[1]
    assert "张三" in timeline  # the requester, by name, as actor of the submission
    assert ">employee<" not in timeline  # an actor is named, never shown by their login
    head_page = login("admin_head").get(url).content.decode()
    assert "张三" in head_page  # named: the managers who approve routing see who to call back
    assert ">employee<" not in head_page  # but not the events, which name accounts
    assert "grievanceevent" not in head_page.lower()


def test_collection_registers_are_not_in_admin_for_management(demo, login):
    assert login("admin_deputy").get("/admin/grievances/collectionregister/").status_code == 403
    assert login("union_staff").get("/admin/grievances/collectionregister/").status_code == 200
