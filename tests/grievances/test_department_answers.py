"""Issue 13 point 8: a department that cannot solve an item says why and signs; the union,
after talking with management, decides whether it goes to a meeting (a step with a note); an
answer the union finds inadequate can go to a meeting too; with several departments each one
answers and the item moves on when all have. The record form prints every answer."""

import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from consult.access import access_for
from consult.models import Department, Membership, MembershipRole
from consult.roles import Role
from consult.workflow import StepRefused
from grievances import services
from grievances.models import DepartmentAnswer, GrievanceEvent, Status
from grievances.workflow import GRIEVANCE_FLOW
from tests import factories

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def finance(demo):
    return Department.objects.get(enterprise=demo, name="财务部")


@pytest.fixture
def finance_head(demo, finance):
    user = get_user_model().objects.create_user(
        username="finance_head", password="demo-pass-2026", last_name="钱", first_name="会计"
    )
    m = Membership.objects.create(user=user, enterprise=demo, department=finance)
    MembershipRole.objects.create(membership=m, role=Role.DEPT_HEAD)
    return user


def _two_departments(demo, hr, finance):
    return factories.grievance(
        "routed_department", enterprise=demo, departments=[hr, finance], content="加班费少算"
    )


def test_cannot_solve_waits_for_the_union_instead_of_moving_on(demo, member, make_item, hr):
    g = make_item("routed_department")
    services.grievance_cannot_solve(
        grievance=g, by=member("dept_head").user, department=hr, note="涉及全公司薪酬制度"
    )
    g.refresh_from_db()
    assert g.status == Status.CANNOT_SOLVE and g.route == "department"
    answer = DepartmentAnswer.objects.get(grievance=g, department=hr)
    assert answer.cannot_solve and answer.text == "涉及全公司薪酬制度"
    assert answer.answered_by == member("dept_head").user


def test_the_union_sends_a_cannot_solve_item_to_a_meeting_with_a_note(demo, member, make_item, hr):
    g = make_item("routed_department")
    services.grievance_cannot_solve(
        grievance=g, by=member("dept_head").user, department=hr, note="涉及全公司薪酬制度"
    )
    chair = member("union_chair").user
    with pytest.raises(ValidationError):
        services.grievance_refer_to_meeting(grievance=g, by=chair, note=" ")
    services.grievance_refer_to_meeting(
        grievance=g, by=chair, note="经与分管负责人沟通，提交协商会议"
    )
    g.refresh_from_db()
    assert g.status == Status.ROUTED_MEETING and g.route == "meeting"
    event = g.events.order_by("-id").first()
    assert event.action == "referred_to_meeting" and "分管负责人" in event.note


def test_the_union_may_instead_send_it_back_to_the_department(demo, member, make_item, hr):
    g = make_item("routed_department")
    head = member("dept_head").user
    services.grievance_cannot_solve(grievance=g, by=head, department=hr, note="无预算")
    services.grievance_return_to_departments(
        grievance=g, by=member("union_chair").user, note="行政同意追加预算，请人力资源部办理"
    )
    g.refresh_from_db()
    assert g.status == Status.ROUTED_DEPARTMENT
    services.grievance_answer(
        grievance=g, by=head, department=hr, measures="追加预算后调整", due=None
    )
    g.refresh_from_db()
    assert g.status == Status.ANSWERED


def test_an_inadequate_answer_goes_to_a_meeting_with_a_note(demo, member, make_item):
    g = make_item("answered")
    chair = member("union_chair").user
    assert "refer_to_meeting" in GRIEVANCE_FLOW.allowed(access_for(chair, demo), chair, g)
    services.grievance_refer_to_meeting(grievance=g, by=chair, note="答复未解决根本问题")
    g.refresh_from_db()
    assert g.status == Status.ROUTED_MEETING and g.route == "meeting"


def test_the_department_may_not_decide_for_the_union(demo, member, make_item, hr):
    g = make_item("routed_department")
    head = member("dept_head").user
    services.grievance_cannot_solve(grievance=g, by=head, department=hr, note="无预算")
    assert GRIEVANCE_FLOW.allowed(access_for(head, demo), head, g) == set()


def test_with_two_departments_each_answers_and_the_item_moves_on_when_both_have(
    demo, member, hr, finance, finance_head
):
    g = _two_departments(demo, hr, finance)
    hr_head = member("dept_head").user
    services.grievance_answer(
        grievance=g, by=hr_head, department=hr, measures="核对考勤记录", due=None
    )
    g.refresh_from_db()
    assert g.status == Status.ROUTED_DEPARTMENT
    # the answering department is done; the other still has it waiting
    assert "answer" not in GRIEVANCE_FLOW.allowed(access_for(hr_head, demo), hr_head, g)
    assert "answer" in GRIEVANCE_FLOW.allowed(access_for(finance_head, demo), finance_head, g)
    with pytest.raises(StepRefused):
        services.grievance_answer(
            grievance=g, by=hr_head, department=hr, measures="再答一次", due=None
        )
    services.grievance_answer(
        grievance=g, by=finance_head, department=finance, measures="补发差额", due=None
    )
    g.refresh_from_db()
    assert g.status == Status.ANSWERED
    assert (
        "人力资源部：核对考勤记录" in g.answer_measures and "财务部：补发差额" in g.answer_measures
    )
    assert GrievanceEvent.objects.filter(grievance=g, action="answered").count() == 2


def test_one_department_cannot_solve_and_the_other_answers_the_union_decides(
    demo, member, hr, finance, finance_head
):
    g = _two_departments(demo, hr, finance)
    services.grievance_cannot_solve(
        grievance=g, by=finance_head, department=finance, note="超出部门权限"
    )
    g.refresh_from_db()
    assert g.status == Status.ROUTED_DEPARTMENT
    services.grievance_answer(
        grievance=g, by=member("dept_head").user, department=hr, measures="核对考勤", due=None
    )
    g.refresh_from_db()
    assert g.status == Status.CANNOT_SOLVE


def test_the_department_queue_shows_only_items_the_department_has_not_answered(
    demo, login, member, hr, finance, finance_head
):
    g = _two_departments(demo, hr, finance)
    services.grievance_answer(
        grievance=g, by=member("dept_head").user, department=hr, measures="核对考勤", due=None
    )
    assert (
        g.number
        not in login("dept_head").get("/e/demo/grievances/queue/department/").content.decode()
    )
    assert (
        g.number
        in login("finance_head").get("/e/demo/grievances/queue/department/").content.decode()
    )


def test_the_record_form_prints_each_departments_answer_and_the_reason_with_signers(
    demo, login, member, hr, finance, finance_head
):
    g = _two_departments(demo, hr, finance)
    services.grievance_answer(
        grievance=g, by=member("dept_head").user, department=hr, measures="核对考勤记录", due=None
    )
    services.grievance_cannot_solve(
        grievance=g, by=finance_head, department=finance, note="超出部门权限需公司决定"
    )
    response = login("union_chair").get(f"/e/demo/documents/grievance_record/{g.pk}.pdf")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = pdf_text(content)
    flat = "".join(text.split())
    assert "人力资源部" in flat and "核对考勤记录" in flat
    assert "财务部" in flat and "无法解决" in flat and "超出部门权限需公司决定" in flat
    assert "钱会计" in flat  # the finance head signs the reason
    with open("/tmp/flow13-record-form.pdf", "wb") as f:
        f.write(content)


def test_the_union_chair_decides_on_the_items_page_with_a_note(demo, login, member, make_item, hr):
    g = make_item("routed_department")
    services.grievance_cannot_solve(
        grievance=g, by=member("dept_head").user, department=hr, note="涉及全公司薪酬制度"
    )
    chair = login("union_chair")
    page = chair.get(f"/e/demo/grievances/{g.pk}/").content.decode()
    assert "涉及全公司薪酬制度" in page and f"/e/demo/grievances/{g.pk}/union-decision/" in page
    url = f"/e/demo/grievances/{g.pk}/union-decision/"
    assert chair.post(url, {"decision": "meeting", "note": ""}).status_code == 400
    assert chair.post(url, {"decision": "meeting", "note": "经与行政沟通上会"}).status_code == 302
    g.refresh_from_db()
    assert g.status == Status.ROUTED_MEETING
    # the department may not take the union's decision
    assert login("dept_head").post(url, {"decision": "meeting", "note": "x"}).status_code == 403
