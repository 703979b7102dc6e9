"""The roster import (花名册) as the union office uses it: upload, preview, confirm, re-import."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from consult.models import (
    AuditEvent,
    Department,
    Membership,
    MembershipRole,
    OrgUnit,
    RosterChange,
    RosterImport,
)
from consult.roles import Role
from tests.consult.roster_files import confirm, person, roster, upload

pytestmark = pytest.mark.django_db
User = get_user_model()

FIRST = roster(
    person("刘一", "A001", "13911110001"),
    person("陈二", "A002", "139-1111-0002", team="二班", rep="是"),
    person("杨三", "A003", "13911110003", branch="第九分厂", workshop="新车间", team="一班"),
    person("黄四", "A004", 13911110004, department="新设部", post="质检员"),
)


def _state(enterprise):
    """Everything an import may touch, to compare before and after."""
    people = list(
        Membership.objects.filter(enterprise=enterprise)
        .order_by("pk")
        .values_list(
            "pk",
            "employee_no",
            "phone",
            "unit_id",
            "department_id",
            "post",
            "is_active",
            "user__username",
            "user__last_name",
            "user__first_name",
        )
    )
    roles = list(
        MembershipRole.objects.filter(membership__enterprise=enterprise)
        .order_by("pk")
        .values_list("membership_id", "role", "from_roster")
    )
    return people, roles, OrgUnit.objects.count(), Department.objects.count(), User.objects.count()


def _imported(client, data=FIRST, **kwargs):
    response = upload(client, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = RosterImport.objects.latest("id")
    assert confirm(client, record, **kwargs).status_code == 302
    record.refresh_from_db()
    return record


def test_the_preview_counts_everything_and_saves_nothing(login, demo):
    before = _state(demo)
    client = login("union_chair")
    response = upload(client, FIRST)
    record = RosterImport.objects.get()
    assert response.url == reverse("roster_preview", args=["demo", record.pk])
    page = client.get(response.url).content.decode()
    assert "预览" in page
    assert record.counts["new"] == 4
    assert record.counts["new_units"] == 3  # 第九分厂, its 新车间 and that workshop's 一班
    assert record.plan["new_departments"] == ["新设部"]
    assert _state(demo) == before


def test_confirmed_people_get_accounts_without_password_or_email(login, demo):
    record = _imported(login("union_chair"))
    assert record.status == RosterImport.Status.IMPORTED
    m = Membership.objects.select_related("user").get(enterprise=demo, employee_no="A002")
    assert m.user.username == "demo-a002"
    assert m.user.last_name == "陈二" and m.user.email == ""
    assert not m.user.has_usable_password()
    assert m.phone == "13911110002"
    assert m.unit.label == "机加工车间二班"
    assert set(m.roles.values_list("role", flat=True)) == {Role.EMPLOYEE, Role.EMPLOYEE_REP}
    new_unit = Membership.objects.get(enterprise=demo, employee_no="A003").unit
    assert (new_unit.name, new_unit.parent.name, new_unit.parent.parent.name) == (
        "一班",
        "新车间",
        "第九分厂",
    )
    assert new_unit.kind == OrgUnit.Kind.TEAM and new_unit.parent.kind == OrgUnit.Kind.WORKSHOP
    assert Membership.objects.get(enterprise=demo, employee_no="A004").department.name == "新设部"
    event = AuditEvent.objects.get(action="roster_imported")
    assert event.data["new"] == 4


def test_the_same_file_twice_changes_nothing(login, demo):
    client = login("union_chair")
    _imported(client)
    before = _state(demo)
    changes = RosterChange.objects.count()
    second = _imported(client)
    assert second.counts["new"] == second.counts["changed"] == 0
    assert second.counts["unchanged"] == 4
    assert _state(demo) == before
    assert RosterChange.objects.count() == changes


def test_reimport_moves_people_changes_phones_adds_joiners_and_lists_leavers(login, demo):
    client = login("union_chair")
    _imported(client)
    next_month = roster(
        person("刘一", "A001", "13911110001", workshop="装配车间"),
        person("陈二", "A002", "13922220002", team="二班", rep="是"),
        person("杨三", "A003", "13911110003", branch="第九分厂", workshop="新车间", team="一班"),
        person("新人", "A005", "13911110005"),
    )
    upload(client, next_month)
    record = RosterImport.objects.latest("id")
    assert (record.counts["new"], record.counts["changed"], record.counts["leaving"]) == (1, 2, 1)
    page = client.get(reverse("roster_preview", args=["demo", record.pk]) + "?show=leaving")
    assert "黄四" in page.content.decode()
    confirm(client, record)  # leavers not ticked
    assert Membership.objects.get(enterprise=demo, employee_no="A004").is_active
    moved = Membership.objects.get(enterprise=demo, employee_no="A001")
    assert moved.unit.label == "装配车间一班"
    change = RosterChange.objects.get(roster_import=record, membership=moved)
    assert change.changes == {"unit": ["第一分厂/机加工车间/一班", "第一分厂/装配车间/一班"]}
    phone = RosterChange.objects.get(roster_import=record, membership__employee_no="A002")
    assert phone.changes == {"phone": ["13911110002", "13922220002"]}


def test_leavers_become_inactive_only_when_ticked_and_are_never_deleted(login, demo):
    client = login("union_chair")
    _imported(client)
    leaver = Membership.objects.get(enterprise=demo, employee_no="A004")
    record = _imported(client, roster(person("刘一", "A001", "13911110001")), leavers=True)
    assert record.counts["left"] == 3
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert RosterChange.objects.get(roster_import=record, membership=leaver).changes == {
        "is_active": [True, False]
    }
    # Back in a later file: active again.
    _imported(client, FIRST)
    leaver.refresh_from_db()
    assert leaver.is_active


def test_a_person_recorded_without_employee_number_is_matched_by_name_and_phone(
    login, demo, member
):
    employee = member("employee")  # 张三, 13800000000, no 工号
    client = login("union_chair")
    upload(client, roster(person("张三", "Z100", "138 0000 0000")))
    record = RosterImport.objects.latest("id")
    assert record.counts["new"] == 0 and record.counts["changed"] == 1
    page = client.get(reverse("roster_preview", args=["demo", record.pk]) + "?show=changed")
    assert "按姓名和手机号匹配" in page.content.decode()
    users = User.objects.count()
    confirm(client, record)
    employee.refresh_from_db()
    assert employee.employee_no == "Z100"
    assert employee.user.username == "employee"  # the persona keeps their login
    assert User.objects.count() == users


def test_an_employee_number_of_someone_else_is_refused_and_nothing_changes(login, demo):
    client = login("union_chair")
    _imported(client)
    before = _state(demo)
    upload(client, roster(person("王大锤", "A001", "13700000000")))
    record = RosterImport.objects.latest("id")
    assert record.counts["refused"] == 1
    page = client.get(reverse("roster_preview", args=["demo", record.pk]) + "?show=refused")
    text = page.content.decode()
    assert "第 3 行" in text
    assert "工号 A001 属于本企业的刘一" in text
    confirm(client, record)
    people, *_rest = _state(demo)
    assert [p for p in people if p[1] == "A001"] == [p for p in before[0] if p[1] == "A001"]


def test_representative_from_the_roster_is_withdrawn_by_a_later_no_but_one_named_by_hand_stays(
    login, demo
):
    client = login("union_chair")
    _imported(client)
    by_hand = Membership.objects.get(enterprise=demo, employee_no="A001")
    MembershipRole.objects.create(membership=by_hand, role=Role.EMPLOYEE_REP)
    _imported(client)  # the same file: A001 否, A002 是
    assert by_hand.roles.filter(role=Role.EMPLOYEE_REP).exists()
    _imported(client, roster(*[person(*r) for r in _rows_with_rep_no()]))
    rep = Membership.objects.get(enterprise=demo, employee_no="A002")
    assert not rep.roles.filter(role=Role.EMPLOYEE_REP).exists()
    assert by_hand.roles.filter(role=Role.EMPLOYEE_REP).exists()


def _rows_with_rep_no():
    return [
        ("刘一", "A001", "13911110001"),
        ("陈二", "A002", "13911110002", "第一分厂", "机加工车间", "二班"),
        ("杨三", "A003", "13911110003", "第九分厂", "新车间", "一班"),
        ("黄四", "A004", "13911110004", "第一分厂", "机加工车间", "一班", "新设部", "质检员"),
    ]


def test_a_roster_never_touches_another_enterprises_people(login, demo, demo_b, member):
    outsider = member("b_employee", code="demo-b")
    outsider.employee_no = "A001"
    outsider.save()
    before = _state(demo_b)
    client = login("union_chair")
    # The outsider's own name and phone, and a 工号 they hold in demo-b.
    data = roster(person("张三", "A001", outsider.phone), person("刘一", "A002", "13911110001"))
    record = _imported(client, data, leavers=True)
    assert record.counts["new"] == 2
    assert _state(demo_b)[:2] == before[:2]
    assert not Membership.objects.filter(enterprise=demo_b, employee_no="A002").exists()


def test_another_enterprises_import_is_not_found(login, demo_b):
    upload(login("b_union_chair"), FIRST, code="demo-b")
    record = RosterImport.objects.get(enterprise=demo_b)
    client = login("union_chair")
    for name in ("roster_preview", "roster_refused"):
        assert client.get(reverse(name, args=["demo", record.pk])).status_code == 404
    assert confirm(client, record).status_code == 404
    assert RosterImport.objects.get(pk=record.pk).status == RosterImport.Status.PREVIEWED
    assert not Membership.objects.filter(employee_no="A001").exists()


@pytest.mark.parametrize(
    ("username", "status"),
    [("employee", 403), ("admin_head", 403), ("union_staff", 403), ("b_union_chair", 404)],
)
def test_only_the_chair_and_designated_staff_may_import(login, demo, username, status):
    client = login(username)
    assert client.get(reverse("roster_upload", args=["demo"])).status_code == status
    assert upload(client, FIRST).status_code == status
    assert not RosterImport.objects.exists()


def test_designated_union_staff_may_import(login, member):
    staff = member("union_staff")
    staff.identity_access = True
    staff.save()
    client = login("union_staff")
    assert client.get(reverse("roster_upload", args=["demo"])).status_code == 200
    assert upload(client, FIRST).status_code == 302


def test_confirming_after_the_people_changed_imports_nothing_and_shows_the_new_preview(login, demo):
    client = login("union_chair")
    _imported(client)
    upload(client, roster(person("刘一", "A001", "13955550001")))
    stale = RosterImport.objects.latest("id")
    # Someone corrects A001's phone by hand in the meantime: the preview's "old" value is stale.
    Membership.objects.filter(enterprise=demo, employee_no="A001").update(phone="13966660001")
    before = _state(demo)
    response = confirm(client, stale, leavers=True)
    assert response.status_code == 409
    assert "有变化" in response.content.decode()
    assert _state(demo) == before
    stale.refresh_from_db()
    assert stale.status == RosterImport.Status.PREVIEWED
    # Confirmed again on the fresh preview, it goes through.
    assert confirm(client, stale).status_code == 302


def test_the_confirmation_writes_all_or_nothing(login, demo, monkeypatch):
    from consult.roster import services

    client = login("union_chair")
    upload(client, FIRST)
    record = RosterImport.objects.get()
    before = _state(demo)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_update_people", fail)
    with pytest.raises(RuntimeError):
        services.roster_import_confirm(
            roster_import=record, by=record.uploaded_by, deactivate_leavers=True
        )
    assert _state(demo) == before
    assert RosterImport.objects.get().status == RosterImport.Status.PREVIEWED


def test_an_import_cannot_be_confirmed_twice(login, demo):
    client = login("union_chair")
    record = _imported(client)
    before = _state(demo)
    response = confirm(client, record)
    assert response.status_code == 302
    assert "已经导入" in client.get(response.url).content.decode()
    assert _state(demo) == before


def test_history_lists_who_imported_which_file_its_checksum_and_counts(login, demo):
    import hashlib

    client = login("union_chair")
    record = _imported(client)
    page = client.get(reverse("roster_history", args=["demo"])).content.decode()
    assert "花名册.xlsx" in page and hashlib.sha256(FIRST).hexdigest() in page
    assert "孙立" in page  # the chair, who uploaded and imported it
    detail = client.get(reverse("roster_preview", args=["demo", record.pk])).content.decode()
    assert "陈二" in detail and "13911110002" in detail


def test_the_roster_link_is_in_the_menu_of_the_chair_only(login):
    url = reverse("roster_upload", args=["demo"])
    assert url in login("union_chair").get("/e/demo/").content.decode()
    assert url not in login("employee").get("/e/demo/").content.decode()
    assert url not in login("union_staff").get("/e/demo/").content.decode()


def test_admin_shows_roster_records_only_to_who_may_import(login):
    _imported(login("union_chair"))
    for model in ("rosterimport", "rosterchange"):
        url = f"/admin/consult/{model}/"
        assert login("union_chair").get(url).status_code == 200
        for username in ("admin_head", "union_staff"):
            assert login(username).get(url).status_code == 403, (username, model)
    assert (
        "花名册.xlsx" in login("union_chair").get("/admin/consult/rosterimport/").content.decode()
    )


def test_a_phone_typed_by_hand_with_dashes_still_matches(login, demo, member):
    employee = member("employee")
    Membership.objects.filter(pk=employee.pk).update(phone="138-0000-0000")
    client = login("union_chair")
    record = _imported(client, roster(person("张三", "Z100", "13800000000")))
    assert record.counts["new"] == 0
    employee.refresh_from_db()
    assert (employee.employee_no, employee.phone) == ("Z100", "13800000000")
