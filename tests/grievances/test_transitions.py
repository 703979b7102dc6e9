"""Only the allowed steps happen, each once, by the right people."""

import pytest
from django.core.exceptions import ValidationError

from consult.models import Category, Department
from grievances import services
from grievances.models import Grievance, GrievanceEvent, Status
from grievances.services import TransitionError
from tests.helpers import refused


def test_approving_twice_answers_409_and_writes_one_event(demo, login, make_item):
    g = make_item("opinion_signed")
    deputy = login("admin_deputy")
    url = f"/e/demo/grievances/{g.pk}/approval/"
    assert deputy.post(url, {"decision": "approve"}).status_code == 302
    second = deputy.post(url, {"decision": "approve"})
    assert 400 <= second.status_code < 500
    assert GrievanceEvent.objects.filter(grievance=g, action="routing_approved").count() == 1


def test_department_head_cannot_answer_an_item_routed_to_another_department(
    demo, login, member, make_item
):
    g = make_item("routed_department")
    other = Department.objects.filter(enterprise=demo).exclude(name="人力资源部").first()
    g.departments.set([other])
    response = login("dept_head").post(
        f"/e/demo/grievances/{g.pk}/answer/",
        {"outcome": "measures", "measures": "处理", "due": "2030-01-01"},
    )
    assert response.status_code in {403, 404}
    g.refresh_from_db()
    assert g.status == Status.ROUTED_DEPARTMENT


def test_employee_cannot_verify(demo, login, make_item):
    g = make_item("submitted", disclosure="named")
    response = login("employee").post(
        f"/e/demo/grievances/{g.pk}/verify/", {"outcome": "authentic"}
    )
    assert response.status_code == 403
    g.refresh_from_db()
    assert g.status == Status.SUBMITTED


def test_verify_by_get_is_not_allowed(demo, login, make_item):
    g = make_item("submitted")
    refused(lambda: login("union_staff").get(f"/e/demo/grievances/{g.pk}/verify/"), 405, g)


def test_opinion_cannot_be_signed_before_classification(demo, login, make_item):
    g = make_item("verified")
    response = login("union_chair").post(
        f"/e/demo/grievances/{g.pk}/opinion/", {"route": "meeting", "opinion": "上会"}
    )
    assert response.status_code == 409
    g.refresh_from_db()
    assert g.status == Status.VERIFIED


def test_rejecting_needs_a_reason_the_requester_reads(demo, login, make_item):
    g = make_item("submitted", disclosure="named")
    staff = login("union_staff")
    url = f"/e/demo/grievances/{g.pk}/verify/"
    assert staff.post(url, {"outcome": "unfounded", "reason": ""}).status_code == 400
    assert staff.post(url, {"outcome": "unfounded", "reason": "不属于协商范围"}).status_code == 302
    page = login("employee").get(f"/e/demo/grievances/{g.pk}/").content.decode()
    assert "不属于协商范围" in page


def test_merged_item_points_to_the_survivor_and_its_requester_can_open_it(demo, login, make_item):
    survivor = make_item("submitted", disclosure="named", content="食堂排队时间长")
    duplicate = make_item("submitted", disclosure="named", content="食堂排队太久")
    response = login("union_staff").post(
        f"/e/demo/grievances/{duplicate.pk}/verify/",
        {"outcome": "duplicate", "duplicate_of": survivor.number},
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == Status.MERGED and duplicate.merged_into == survivor
    assert login("employee").get(f"/e/demo/grievances/{survivor.pk}/").status_code == 200


def test_classifying_with_another_enterprises_category_is_refused(demo, demo_b, login, make_item):
    g = make_item("verified")
    foreign = Category.objects.filter(enterprise=demo_b, parent__isnull=False).first()
    response = login("union_staff").post(
        f"/e/demo/grievances/{g.pk}/classify/", {"category": foreign.pk}
    )
    assert response.status_code == 400
    g.refresh_from_db()
    assert g.status == Status.VERIFIED and g.category is None


def test_department_that_cannot_solve_leaves_the_decision_to_the_union(demo, member, make_item, hr):
    g = make_item("routed_department")
    services.grievance_cannot_solve(
        grievance=g, by=member("dept_head").user, department=hr, note="需公司层面协商"
    )
    g.refresh_from_db()
    assert g.status == Status.CANNOT_SOLVE and g.route == "department"
    services.grievance_refer_to_meeting(
        grievance=g, by=member("union_chair").user, note="与行政协商后提交协商会议"
    )
    g.refresh_from_db()
    assert g.status == Status.ROUTED_MEETING and g.route == "meeting"


def test_returned_opinion_can_be_signed_again(demo, member, make_item):
    g = make_item("opinion_signed")
    services.grievance_return_routing(grievance=g, by=member("admin_deputy").user, note="请补充")
    services.grievance_sign_opinion(
        grievance=g, by=member("union_chair").user, route="meeting", opinion="提交协商会议"
    )
    assert Grievance.objects.get(pk=g.pk).status == Status.OPINION_SIGNED


def test_withdrawn_item_is_kept_and_cannot_be_verified(demo, member, make_item):
    g = make_item("submitted", disclosure="named")
    services.grievance_withdraw(grievance=g, by=member("employee").user)
    with pytest.raises(TransitionError):
        services.grievance_verify(grievance=g, by=member("union_staff").user)
    assert Grievance.objects.filter(pk=g.pk, status=Status.WITHDRAWN).exists()


def test_register_service_refuses_a_unit_of_another_enterprise(demo, demo_b, member):
    from consult.models import OrgUnit

    with pytest.raises(ValidationError):
        services.grievance_register(
            enterprise=demo,
            by=member("union_staff").user,
            channel="phone",
            received_at=None,
            kind="grievance",
            content="x",
            disclosure="named",
            requester_name="某人",
            requester_unit=OrgUnit.objects.filter(enterprise=demo_b).first(),
        )
    assert Grievance.objects.count() == 0


def test_answering_twice_answers_409(demo, login, make_item):
    g = make_item("routed_department")
    client = login("dept_head")
    data = {"outcome": "measures", "measures": "已安排", "due": "2030-01-01"}
    assert client.post(f"/e/demo/grievances/{g.pk}/answer/", data).status_code == 302
    assert client.post(f"/e/demo/grievances/{g.pk}/answer/", data).status_code in {403, 409}
    assert GrievanceEvent.objects.filter(grievance=g, action="answered").count() == 1


def test_requester_withdraws_through_the_page(demo, login, make_item):
    g = make_item("submitted", disclosure="named")
    response = login("employee").post(f"/e/demo/grievances/{g.pk}/withdraw/", {"note": "已解决"})
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.status == Status.WITHDRAWN


def test_someone_else_cannot_withdraw_an_item(demo, login, make_item):
    g = make_item("submitted", disclosure="named")
    refused(lambda: login("union_staff").post(f"/e/demo/grievances/{g.pk}/withdraw/"), 403, g)


def test_deputy_returns_the_opinion_with_a_comment_in_admin(demo, login, make_item):
    g = make_item("opinion_signed")
    client = login("admin_deputy")
    page = client.get(f"/admin/grievances/grievance/{g.pk}/change/").content.decode()
    assert 'value="return"' in page
    url = f"/admin/grievances/grievance/{g.pk}/approval/"
    client.post(url, {"decision": "return", "note": ""})
    g.refresh_from_db()
    assert g.status == "opinion_signed"  # a return needs a reason
    client.post(url, {"decision": "return", "note": "请补充部门意见后再报"})
    g.refresh_from_db()
    assert g.status == "returned" and g.approval_note == "请补充部门意见后再报"


def test_union_staff_cannot_return_an_opinion_in_admin(demo, login, make_item):
    g = make_item("opinion_signed")
    response = login("union_staff").post(
        f"/admin/grievances/grievance/{g.pk}/approval/", {"decision": "return", "note": "x"}
    )
    assert response.status_code == 403
    g.refresh_from_db()
    assert g.status == "opinion_signed"
