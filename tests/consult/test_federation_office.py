"""The federation office brings enterprises in: the superuser's command creates the
federation and its office account; the office creates an enterprise, ready to use, with its
chair's account and slip; the office sees set-up state, never people or items."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from consult.access import user_access
from consult.events import AccountEvent
from consult.models import (
    ActivationCode,
    AuditEvent,
    Category,
    Channel,
    Enterprise,
    Federation,
    FederationMembership,
    ImplementationNotice,
    LeadingGroup,
    Membership,
)
from consult.roles import Role
from tests.consult.onboarding import (
    CODE_RE,
    PASSWORD,
    activate,
    add_worker,
    federation_with_office,
    new_enterprise,
    signed_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(demo):
    """The demo's federation (蒙阴县总工会) with an activated office account."""
    return federation_with_office()


def _create(client, federation, **overrides):
    data = {
        "name": "蒙阴罐头食品有限公司",
        "code": "acme",
        "parent": "",
        "chair_name": "李主席",
        "chair_phone": "139 0000 0002",
        "chair_employee_no": "",
        **overrides,
    }
    return client.post(reverse("federation_enterprise_create", args=[federation.pk]), data)


def test_the_command_creates_a_federation_and_an_office_account_with_a_slip(tmp_path, db):
    out = io.StringIO()
    slip = tmp_path / "slip.pdf"
    call_command(
        "create_federation",
        "--name=沂南县总工会",
        "--office-name=张三",
        "--office-phone=13800001234",
        f"--slip={slip}",
        stdout=out,
    )
    text = out.getvalue()
    federation = Federation.objects.get(name="沂南县总工会")
    row = FederationMembership.objects.get(federation=federation)
    assert row.role == Role.FEDERATION_OFFICE and row.phone == "13800001234"
    assert f"office login name: {row.user.username}" in text
    code = CODE_RE.search(text).group()
    assert slip.read_bytes().startswith(b"%PDF") and oct(slip.stat().st_mode)[-3:] == "600"
    assert not row.user.email and not row.user.has_usable_password()
    client = Client()
    assert activate(client, "13800001234", code).status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse(
        "federation_home", args=[federation.pk]
    )
    assert AuditEvent.objects.filter(
        federation=federation, action=AccountEvent.FEDERATION_CREATED
    ).exists()


def test_the_command_refuses_a_bad_phone_and_creates_nothing(db):
    before = Federation.objects.count()
    with pytest.raises(CommandError):
        call_command(
            "create_federation", "--name=沂南县总工会", "--office-name=张三", "--office-phone=123"
        )
    assert Federation.objects.count() == before


def test_the_office_creates_an_enterprise_ready_to_use_with_its_chair(office):
    federation, _office, client = office
    response = _create(client, federation)
    assert response.status_code == 200
    page = response.content.decode()
    code = CODE_RE.search(page).group()
    enterprise = Enterprise.objects.get(code="acme")
    assert enterprise.federation == federation
    assert Category.objects.filter(enterprise=enterprise, name="工资福利类").exists()
    assert LeadingGroup.objects.filter(enterprise=enterprise).exists()
    assert ImplementationNotice.objects.filter(enterprise=enterprise).exists()
    kinds = set(Channel.objects.filter(enterprise=enterprise).values_list("kind", flat=True))
    assert {"online", "in_person", "box"} <= kinds
    assert Client().get(reverse("public_page", args=["acme"])).status_code == 200
    chair = Membership.objects.get(enterprise=enterprise)
    assert chair.user.username == "acme.chair" and chair.phone == "13900000002"
    assert {r.role for r in chair.roles.all()} >= {Role.UNION_CHAIR, Role.UNION_STAFF}
    assert ActivationCode.objects.open().filter(user=chair.user).count() == 1
    assert AuditEvent.objects.filter(
        enterprise=enterprise, action=AccountEvent.ENTERPRISE_CREATED
    ).exists()
    # The slip's PDF, printed from the code the page shows.
    pdf = client.post(
        reverse("federation_chair_slip_pdf", args=[federation.pk]),
        {"membership": chair.pk, "code": code},
    )
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    # The chair activates and lands on the enterprise's home with the checklist.
    chair_client = Client()
    assert activate(chair_client, "acme.chair", code).status_code == 302
    home = chair_client.get(reverse("enterprise_home", args=["acme"])).content.decode()
    assert "导入职工花名册" in home and "添加单位" in home and "指定各职能部门负责人" in home


def test_a_chairs_employee_number_makes_the_login_name(office):
    federation, _office, client = office
    _create(client, federation, chair_employee_no="A0007")
    assert Membership.objects.get(enterprise__code="acme").user.username == "acme-a0007"


def test_the_slip_pdf_is_printed_only_for_the_chairs_open_code(office):
    federation, _office, client = office
    _create(client, federation)
    chair = Membership.objects.get(enterprise__code="acme")
    response = client.post(
        reverse("federation_chair_slip_pdf", args=[federation.pk]),
        {"membership": chair.pk, "code": "AAAA-BBBB-CCCC"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "overrides,field_error",
    [
        ({"code": "demo"}, "该代码已被使用"),
        ({"code": "Bad Code!"}, ""),
        ({"chair_phone": "12345"}, "11 位大陆手机号码"),
        ({"name": ""}, ""),
        ({"chair_employee_no": "工号一"}, "只能使用字母"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_created(office, overrides, field_error):
    federation, _office, client = office
    before = (Enterprise.objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    response = _create(client, federation, **overrides)
    assert response.status_code == 400
    assert field_error in response.content.decode()
    after = (Enterprise.objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    assert after == before


def test_a_parent_from_another_federation_is_refused(office):
    federation, _office, client = office
    other = Federation.objects.create(name="沂水县总工会")
    foreign = Enterprise.objects.create(name="外县企业", code="outside", federation=other)
    response = _create(client, federation, parent=foreign.pk)
    assert response.status_code == 400
    assert not Enterprise.objects.filter(code="acme").exists()


def test_a_subsidiary_under_a_group_of_the_same_federation(office, demo):
    federation, _office, client = office
    _create(client, federation, parent=demo.pk)
    assert Enterprise.objects.get(code="acme").parent == demo


def test_the_office_list_shows_set_up_state_and_no_people(office, demo):
    federation, _office, client = office
    _create(client, federation)
    page = client.get(reverse("federation_home", args=[federation.pk])).content.decode()
    assert "蒙阴罐头食品有限公司" in page and "蒙阴示范机械有限公司" in page
    for name in ("李主席", "孙立", "张三", "acme.chair", "13900000002"):
        assert name not in page


def test_the_office_opens_no_enterprise_page(office, demo):
    federation, office_row, client = office
    assert "demo" not in user_access(office_row.user).by_code
    for url in (
        reverse("enterprise_home", args=["demo"]),
        reverse("roles", args=["demo"]),
        reverse("slips", args=["demo"]),
        reverse("leading_group", args=["demo"]),
    ):
        assert client.get(url).status_code == 404, url


def test_an_office_sees_nothing_of_another_federations_enterprises(office):
    federation, _office, client = office
    other, other_office, other_client = federation_with_office("沂水县总工会", phone="13900000009")
    new_enterprise(other, other_office.user, code="yishui", phone="13900000010")
    assert client.get(reverse("federation_home", args=[other.pk])).status_code == 404
    assert _create(client, other, code="sneak").status_code == 404
    chair = Membership.objects.get(enterprise__code="yishui")
    url = reverse("federation_chair_slip", args=[federation.pk, "yishui"])
    assert client.post(url).status_code == 404
    url = reverse("federation_chair_slip", args=[other.pk, "yishui"])
    assert client.post(url, {"membership": chair.pk}).status_code == 404
    assert ActivationCode.objects.filter(user=chair.user).count() == 1
    page = client.get(reverse("federation_home", args=[federation.pk])).content.decode()
    assert "yishui" not in page
    assert not Enterprise.objects.filter(code="sneak").exists()


def test_the_read_only_assessor_may_not_create_enterprises(login, demo):
    federation = demo.federation
    client = login("federation")
    assert client.get(reverse("federation_home", args=[federation.pk])).status_code == 403
    assert _create(client, federation).status_code == 403
    assert not Enterprise.objects.filter(code="acme").exists()


def test_a_chair_may_not_create_enterprises(login, demo):
    assert _create(login("union_chair"), demo.federation).status_code == 404
    assert not Enterprise.objects.filter(code="acme").exists()


def test_the_office_issues_a_new_slip_for_a_chair_who_forgot(office):
    federation, office_row, client = office
    _enterprise, chair, first = new_enterprise(federation, office_row.user)
    assert activate(Client(), "acme.chair", first).status_code == 302
    response = client.post(reverse("federation_chair_slip", args=[federation.pk, "acme"]))
    assert response.status_code == 200
    second = CODE_RE.search(response.content.decode()).group()
    assert not Client().login(username="acme.chair", password=PASSWORD)
    chair_client = Client()
    assert (
        activate(chair_client, "acme.chair", second, password="Fresh-pass-2026").status_code == 302
    )
    assert signed_in(chair_client)


def test_the_checklist_disappears_when_the_set_up_is_done(office):
    from consult.models import Department, LeadingGroupMember, OrgUnit
    from consult.models.roster import RosterImport

    federation, office_row, _client = office
    enterprise, chair, code = new_enterprise(federation, office_row.user)
    client = Client()
    activate(client, "acme.chair", code)
    assert "待完成的设置" in client.get(reverse("enterprise_home", args=["acme"])).content.decode()
    enterprise.union_office_address = "办公楼一楼"
    enterprise.save()
    unit = OrgUnit.objects.create(enterprise=enterprise, name="一车间", kind="workshop")
    head = add_worker(enterprise, "0002", unit=unit)
    head.department = Department.objects.filter(enterprise=enterprise).first()
    head.save()
    head.roles.create(role=Role.DEPT_HEAD)
    LeadingGroupMember.objects.create(
        group=enterprise.leading_group, position="leader", post="总经理", name="周总"
    )
    # The roster counts as imported once an import was confirmed.
    home = client.get(reverse("enterprise_home", args=["acme"])).content.decode()
    assert "导入职工花名册" in home
    RosterImport.objects.create(
        enterprise=enterprise,
        uploaded_by=chair.user,
        file_name="花名册.xlsx",
        sha256="0" * 64,
        status=RosterImport.Status.IMPORTED,
    )
    home = client.get(reverse("enterprise_home", args=["acme"])).content.decode()
    assert "待完成的设置" not in home
    # The office's list says so too.
    from consult.accounts.selectors import setup_states

    (state,) = setup_states(Enterprise.objects.filter(pk=enterprise.pk))
    assert state.done and state.chair_active


def test_the_demo_office_persona_lands_on_its_federations_page(login, demo):
    response = login("federation_office").get(reverse("home"))
    assert response["Location"] == reverse("federation_home", args=[demo.federation_id])


def test_the_office_list_reads_the_same_number_of_queries_for_more_enterprises(
    office, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    federation, office_row, client = office
    url = reverse("federation_home", args=[federation.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(4):
        new_enterprise(federation, office_row.user, code=f"more-{n}", phone=f"1390000010{n}")
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200
