"""The identity rule in imported history (issue 20 §4): 匿名 and 保密 stay so, a name is linked
to a person of the roster only on an exact 工号 or phone (and the same name), an import never
touches another enterprise, and imported identities are erased like any other."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from consult.models import Membership
from grievances.models import Disclosure, Grievance
from ledger.models import HistoricalItem, HistoryImport
from surveys.models import Respondent
from tests.ledger.history_files import HEADER, confirm, day, item, last_year, ledger_xlsx, upload
from tests.security.test_identity_canaries import READERS, _pages, _text_of

pytestmark = pytest.mark.django_db

NAME, PHONE, UNIT = "甄秘莹", "13977770001", "canary-unit"


def _import(client, sheets, code="demo", **kwargs):
    response = upload(client, ledger_xlsx(sheets, **kwargs), code=code)
    assert response.status_code == 302, response.content.decode()[-3000:]
    record = HistoryImport.objects.latest("id")
    assert confirm(client, record, code=code).status_code == 302
    return record


def _canaries(login, demo):
    _import(
        login("union_chair"),
        {
            "第一季度": [
                item("1", day(1, 15), "生活保障类", f"{NAME}（保密）", "保密的历史诉求",
                     phone=PHONE, unit=UNIT, handling="人力资源部已答复"),
                item("2", day(1, 16), "生活保障类", "匿名", "匿名的历史诉求",
                     phone="13977770002", unit=UNIT),
            ]
        },
    )  # fmt: skip
    return list(Grievance.objects.filter(enterprise=demo, content__endswith="的历史诉求"))


def test_anonymous_history_stores_no_identity_whatever_the_paper_noted(login, demo):
    items = _canaries(login, demo)
    anonymous = next(g for g in items if g.disclosure == Disclosure.ANONYMOUS)
    assert (anonymous.requester_id, anonymous.requester_name, anonymous.requester_phone) == (
        None,
        "",
        "",
    )
    assert anonymous.requester_unit_id is None and anonymous.history.unit_text == ""
    assert not Respondent.objects.filter(round__grievance=anonymous, user__isnull=False).exists()
    confidential = next(g for g in items if g.disclosure == Disclosure.CONFIDENTIAL)
    assert (confidential.requester_name, confidential.requester_phone) == (NAME, PHONE)


@pytest.mark.parametrize("username", READERS)
def test_no_page_or_export_shows_an_imported_protected_requester(login, demo, username):
    items = _canaries(login, demo)
    ly = last_year()
    extra = [
        f"/e/demo/ledger/?year={ly}&quarter=1",
        f"/e/demo/ledger/download/work_ledger.xlsx?year={ly}&quarter=1",
        f"/e/demo/ledger/download/work_ledger.pdf?year={ly}&quarter=1",
        f"/e/demo/ledger/summary/?year={ly}",
        f"/e/demo/ledger/assessment/?year={ly}",
    ]
    client = login(username)
    client.raise_request_exception = False
    seen, opened = [], 0
    for path in [*sorted(set(_pages(items))), *extra]:
        response = client.get(path)
        if response.status_code != 200:
            continue
        opened += 1
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = _text_of(body, response.get("Content-Type", ""))
        seen += [(path, mark) for mark in (NAME, PHONE, UNIT, "13977770002") if mark in text]
    assert opened >= (1 if username == "federation" else 4)
    assert seen == []
    # Nor can the item be found by the name (the search box echoes what was typed).
    found = client.get(f"/e/demo/grievances/all/?q={NAME}").content.decode()
    assert "保密的历史诉求" not in found


def test_the_union_chair_reads_the_confidential_name_marked_and_the_view_is_logged(login, demo):
    _canaries(login, demo)
    page = login("union_chair").get(f"/e/demo/ledger/?year={last_year()}&quarter=1")
    text = page.content.decode()
    assert f"{NAME}（保密）" in text and "匿名" in text and UNIT in text


def test_a_name_is_linked_to_the_roster_only_on_an_exact_number_or_phone_and_the_same_name(
    login, demo, member
):
    employee = member("employee")  # 张三
    Membership.objects.filter(pk=employee.pk).update(employee_no="E100")
    phone = employee.phone
    header = [*HEADER, "工号"]
    _import(
        login("union_chair"),
        {
            "2": [
                item("1", day(4, 1), "生活保障类", "张三", "电话相同姓名相同", phone=phone),
                item("2", day(4, 2), "生活保障类", "王小二", "电话相同姓名不同", phone=phone),
                item("3", day(4, 3), "生活保障类", "张三", "电话不同", phone="13911119999"),
                [*item("4", day(4, 4), "生活保障类", "张三", "工号相同"), "E100"],
                [*item("5", day(4, 5), "生活保障类", "张三", "工号不同"), "E999"],
            ]
        },
        header=header,
    )  # fmt: skip
    linked = dict(
        Grievance.objects.filter(enterprise=demo, content__in=[
            "电话相同姓名相同", "电话相同姓名不同", "电话不同", "工号相同", "工号不同",
        ]).values_list("content", "requester_id")
    )  # fmt: skip
    assert linked == {
        "电话相同姓名相同": employee.user_id,
        "电话相同姓名不同": None,
        "电话不同": None,
        "工号相同": employee.user_id,
        "工号不同": None,
    }
    kept = Grievance.objects.get(content="电话相同姓名不同")
    assert (kept.requester_name, kept.requester_phone) == ("王小二", employee.phone)
    # The linked person finds the item among their own.
    mine = login("employee").get(reverse("grievance_mine", args=["demo"])).content.decode()
    assert "电话相同姓名相同" in mine and "电话相同姓名不同" not in mine


def test_an_import_never_touches_another_enterprise(login, demo, demo_b, member):
    b_person = member("b_employee", "demo-b")  # also 张三, in demo-b
    before = (
        Grievance.objects.filter(enterprise=demo_b).count(),
        list(Membership.objects.filter(enterprise=demo_b).values_list("pk", "phone", "unit_id")),
    )
    _import(
        login("union_chair"),
        {"1": [item("1", day(2, 1), "生活保障类", "张三", "另一企业的人", phone=b_person.phone)]},
    )
    g = Grievance.objects.get(content="另一企业的人")
    assert g.enterprise == demo and g.requester_id is None
    after = (
        Grievance.objects.filter(enterprise=demo_b).count(),
        list(Membership.objects.filter(enterprise=demo_b).values_list("pk", "phone", "unit_id")),
    )
    assert after == before
    record = HistoryImport.objects.get()
    other = login("b_union_chair")
    for name in ("history_preview", "history_refused"):
        assert other.get(reverse(name, args=["demo-b", record.pk])).status_code == 404
    assert confirm(other, record, code="demo-b").status_code == 404
    ledger = other.get(f"/e/demo-b/ledger/?year={last_year()}&quarter=1").content.decode()
    assert "另一企业的人" not in ledger


@pytest.mark.parametrize(
    "username,status",
    [("employee", 403), ("admin_head", 403), ("union_staff", 403), ("b_union_chair", 404)],
)
def test_only_the_chair_and_designated_staff_import_history(login, username, status):
    client = login(username)
    assert client.get(reverse("history_upload", args=["demo"])).status_code == status
    data = ledger_xlsx({"1": [item("1", day(1, 2), "生活保障类", "张三", "无权导入")]})
    assert upload(client, data).status_code == status
    assert not HistoryImport.objects.exists()


def test_designated_union_staff_may_import_history(login, member):
    staff = member("union_staff")
    staff.identity_access = True
    staff.save()
    client = login("union_staff")
    assert client.get(reverse("history_upload", args=["demo"])).status_code == 200
    assert "import-history" in client.get(f"/e/demo/ledger/?year={last_year()}").content.decode()
    assert "import-history" not in login("admin_head").get("/e/demo/ledger/").content.decode()


def test_imported_identities_are_erased_when_the_retention_period_is_over(login, demo):
    demo.identity_retention_months = 12
    demo.save()
    old = day(1, 10).replace(year=timezone.localdate().year - 2)
    _import(
        login("union_chair"),
        {
            "1": [
                item("1", old, "生活保障类", "张三丰", "两年前的诉求", phone="13911118888",
                     unit="某车间", handling="已回复张三丰，13911118888"),
                item("2", timezone.localdate().replace(day=1), "生活保障类", "李四光",
                     "本月的诉求", phone="13911117777"),
            ]
        },
    )  # fmt: skip
    call_command("erase_expired_identities", stdout=io.StringIO())
    old_item = Grievance.objects.get(content="两年前的诉求")
    assert old_item.identity_erased_at is not None and old_item.requester_name == ""
    history = HistoricalItem.objects.get(grievance=old_item)
    assert history.unit_text == "" and "张三丰" not in history.handling
    assert "13911118888" not in history.handling
    recent = Grievance.objects.get(content="本月的诉求")
    assert recent.identity_erased_at is None and recent.requester_name == "李四光"
