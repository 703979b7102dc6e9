"""Issue 18 point 23: the item's step views go through the one step runner, which asks the
grievance's table before anything else: who may take the step (the requester withdraws, the
department the item waits for answers) and whether its status allows it (409 before the form
is read), with nothing changed when it refuses."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from consult.models import Department, Membership, MembershipRole
from consult.roles import Role
from grievances.models import Status
from tests import factories
from tests.helpers import refused, table_asked

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"


def _due() -> str:
    return (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


def _url(g, step):
    return f"/e/demo/grievances/{g.pk}/{step}/"


def test_someone_who_is_not_the_requester_cannot_withdraw_because_the_table_says_so(
    login, make_item
):
    g = make_item("submitted", disclosure="named")
    with table_asked() as asked:
        refused(lambda: login("union_staff").post(_url(g, "withdraw"), {"note": "x"}), 403, g)
    assert asked == [("Grievance", ("withdraw",))]
    assert login("employee").post(_url(g, "withdraw"), {"note": "已解决"}).status_code == 302
    g.refresh_from_db()
    assert g.status == Status.WITHDRAWN


def test_a_department_the_item_no_longer_waits_for_is_told_it_has_answered(demo, hr, login):
    finance = Department.objects.get(enterprise=demo, name="财务部")
    g = factories.grievance(
        "routed_department", enterprise=demo, departments=[hr, finance], content="加班费少算"
    )
    head = login("dept_head")
    assert (
        head.post(_url(g, "answer"), {"outcome": "measures", "measures": "补发", "due": _due()})
    ).status_code == 302
    g.refresh_from_db()
    assert g.status == Status.ROUTED_DEPARTMENT  # the finance department has yet to answer
    # A second answer (another tab, a second click) is refused with the reason on the item's
    # page, not forbidden: the department may act on the item, only not twice.
    with table_asked() as asked:
        response = refused(
            lambda: head.post(
                _url(g, "answer"), {"outcome": "measures", "measures": "再答", "due": _due()}
            ),
            409,
            g,
        )
    assert asked == [("Grievance", ("answer", "cannot_solve"))]
    assert "本部门已答复该诉求。" in response.content.decode()


def test_a_department_the_item_is_not_routed_to_does_not_find_it(demo, login, make_item):
    g = make_item("routed_department")  # routed to 人力资源部 only: 后勤部 does not see it
    logistics = Department.objects.get(enterprise=demo, name="后勤部")
    head = get_user_model().objects.create_user(username="logistics_head", password=PASSWORD)
    membership = Membership.objects.create(user=head, enterprise=demo, department=logistics)
    MembershipRole.objects.create(membership=membership, role=Role.DEPT_HEAD)
    client = login("logistics_head")
    data = {"outcome": "measures", "measures": "我们来办", "due": _due()}
    refused(lambda: client.post(_url(g, "answer"), data), 404, g)


def test_a_form_posted_in_a_status_its_steps_refuse_answers_409_before_the_form_is_read(
    login, make_item
):
    g = make_item("classified")
    # Empty: the form alone would answer 400; the status refuses approving first.
    refused(lambda: login("admin_deputy").post(_url(g, "approval"), {}), 409, g)


def test_the_step_the_posted_choice_takes_is_asked_of_the_table(login, make_item):
    g = make_item("opinion_signed")
    with table_asked() as asked:
        response = login("admin_deputy").post(
            _url(g, "approval"), {"decision": "return", "note": "再核实"}
        )
    assert response.status_code == 302
    assert asked == [("Grievance", ("approve_routing", "return_routing"))]
    g.refresh_from_db()
    assert g.status == Status.RETURNED
