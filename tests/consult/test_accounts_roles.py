"""The roles page: the union chair gives and takes back roles in the app; every change is
an event; refusals change nothing; another enterprise's people are out of reach."""

import pytest
from django.urls import reverse

from consult.access import forget_access, may
from consult.events import AccountEvent
from consult.models import AuditEvent, Department, MembershipRole, OrgUnit
from consult.roles import Action, Role

pytestmark = pytest.mark.django_db


def _roles(membership):
    return sorted(membership.roles.values_list("role", flat=True))


def _post(client, membership, role, change="grant", code="demo", **extra):
    return client.post(
        reverse("roles", args=[code]),
        {"membership": membership.pk, "role": role, "change": change, **extra},
    )


def test_the_chair_sees_the_roles_page_with_the_people(login):
    page = login("union_chair").get(reverse("roles", args=["demo"]))
    assert page.status_code == 200
    assert "冯刚" in page.content.decode()  # the supervisor


def test_the_chair_makes_an_employee_supervisor_and_it_is_recorded(login, member, demo):
    employee = member("employee")
    response = _post(login("union_chair"), employee, Role.SUPERVISOR)
    assert response.status_code == 302
    assert Role.SUPERVISOR in _roles(employee)
    event = AuditEvent.objects.get(action=AccountEvent.ROLE_GRANTED, target_id=employee.pk)
    assert event.actor.username == "union_chair" and event.changes["roles"] == [None, "supervisor"]
    forget_access(employee.user)
    assert may(employee.user, demo, Action.SUPERVISE)


def test_a_unit_collector_gets_their_unit(login, member, demo):
    employee = member("employee")
    unit = OrgUnit.objects.get(enterprise=demo, name="装配车间")
    response = _post(login("union_chair"), employee, Role.UNIT_COLLECTOR, unit=unit.pk)
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.unit == unit and Role.UNIT_COLLECTOR in _roles(employee)


def test_a_unit_collector_without_a_unit_is_refused_and_nothing_changes(login, member):
    employee = member("employee")
    before = (_roles(employee), employee.unit_id, AuditEvent.objects.count())
    response = _post(login("union_chair"), employee, Role.UNIT_COLLECTOR)
    assert response.status_code == 400
    assert "请选择其负责征集记录本的单位" in response.content.decode()
    employee.refresh_from_db()
    assert (_roles(employee), employee.unit_id, AuditEvent.objects.count()) == before


def test_a_department_head_gets_their_department(login, member, demo):
    employee = member("employee")
    department = Department.objects.get(enterprise=demo, name="后勤部")
    assert (
        _post(login("union_chair"), employee, Role.DEPT_HEAD, department=department.pk).status_code
        == 302
    )
    employee.refresh_from_db()
    assert employee.department == department


def test_another_enterprises_unit_is_refused(login, member, demo_b):
    employee = member("employee")
    foreign = OrgUnit.objects.filter(enterprise=demo_b).first()
    response = _post(login("union_chair"), employee, Role.UNIT_COLLECTOR, unit=foreign.pk)
    assert response.status_code == 400
    assert Role.UNIT_COLLECTOR not in _roles(employee)


def test_the_chair_takes_a_role_back(login, member):
    supervisor = member("supervisor")
    assert _post(login("union_chair"), supervisor, Role.SUPERVISOR, "revoke").status_code == 302
    assert Role.SUPERVISOR not in _roles(supervisor)
    assert AuditEvent.objects.filter(
        action=AccountEvent.ROLE_REVOKED, target_id=supervisor.pk
    ).exists()


def test_the_last_union_chair_cannot_remove_themself(login, member):
    chair = member("union_chair")
    events = AuditEvent.objects.count()
    response = _post(login("union_chair"), chair, Role.UNION_CHAIR, "revoke")
    assert response.status_code == 400
    assert "不能撤销企业唯一的工会主席" in response.content.decode()
    assert Role.UNION_CHAIR in _roles(chair)
    assert AuditEvent.objects.count() == events


def test_with_a_second_chair_the_first_may_step_down(login, member):
    chair, staff = member("union_chair"), member("union_staff")
    client = login("union_chair")
    assert _post(client, staff, Role.UNION_CHAIR).status_code == 302
    assert _post(client, chair, Role.UNION_CHAIR, "revoke").status_code == 302
    assert Role.UNION_CHAIR not in _roles(chair)


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.EMPLOYEE_REP, Role.FEDERATION, "boss"])
def test_roles_not_given_here_are_refused(login, member, role):
    employee = member("employee")
    before = _roles(employee)
    assert _post(login("union_chair"), employee, role).status_code == 400
    assert _roles(employee) == before


@pytest.mark.parametrize("username", ["union_staff", "admin_head", "employee", "supervisor"])
def test_only_the_chair_assigns_roles(login, member, username):
    employee = member("employee")
    client = login(username)
    assert client.get(reverse("roles", args=["demo"])).status_code == 403
    assert _post(client, employee, Role.SUPERVISOR).status_code == 403
    assert _roles(employee) == [Role.EMPLOYEE]


def test_a_chair_cannot_assign_roles_in_another_enterprise(login, member):
    outsider = member("b_employee", code="demo-b")
    client = login("union_chair")
    assert client.get(reverse("roles", args=["demo-b"])).status_code == 404
    assert _post(client, outsider, Role.SUPERVISOR, code="demo-b").status_code == 404
    # Nor through its own page with the other enterprise's person.
    assert _post(client, outsider, Role.SUPERVISOR).status_code == 404
    assert _roles(outsider) == [Role.EMPLOYEE]


def test_the_roles_page_keeps_the_identity_rule_to_its_own_page(login, member):
    staff = member("union_staff")
    _post(login("union_chair"), staff, Role.SUPERVISOR)
    staff.refresh_from_db()
    assert staff.identity_access is False  # roles never designate identity access
    assert not MembershipRole.objects.filter(membership=staff, role=Role.UNION_CHAIR).exists()


def test_the_roles_page_searches_by_name(login):
    page = login("union_chair").get(reverse("roles", args=["demo"]) + "?q=冯刚").content.decode()
    assert "冯刚" in page and "张三" not in page


def test_a_role_given_here_does_not_reveal_a_confidential_requester(login, member, demo):
    from consult.models import IdentityView
    from grievances.models import Disclosure
    from tests import factories

    item = factories.grievance("submitted", enterprise=demo, disclosure=Disclosure.CONFIDENTIAL)
    supervisor = member("supervisor")
    assert _post(login("union_chair"), supervisor, Role.UNION_STAFF).status_code == 302
    page = login("supervisor").get(f"/e/demo/grievances/{item.pk}/")
    assert page.status_code == 200  # now union staff: every item of the enterprise
    assert "张三" not in page.content.decode().split('id="requester">')[1][:200]
    assert not IdentityView.objects.exists()
    supervisor.refresh_from_db()
    assert supervisor.identity_access is False
