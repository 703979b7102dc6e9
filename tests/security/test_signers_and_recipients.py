"""The identity rule for who acted, beyond the timelines (CONVENTIONS rule 18, issue 19):
signatures on the item page and the printed forms, the work ledger's 诉求监督人, admin's
notification list, an event serving several items, and an anonymous requester (never an
actor at all)."""

import subprocess

from django.contrib.auth import get_user_model
from django.utils import timezone

from consult.access import access_for
from consult.models import AuditEvent, Category, Department, IdentityView
from grievances import services as grievance_services
from grievances.actors import Actors, actor_display
from grievances.models import Disclosure, GrievanceEvent, Kind
from supervision import services as supervision_services
from supervision.models import Task
from surveys import services as survey_services
from surveys.models import Answer
from tests import factories


def _user(name):
    return get_user_model().objects.get(username=name)


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _routed(demo, requester, disclosure=Disclosure.CONFIDENTIAL):
    staff, hr = _user("union_staff"), Department.objects.get(enterprise=demo, name="人力资源部")
    g = grievance_services.grievance_submit(
        enterprise=demo,
        by=requester,
        kind=Kind.GRIEVANCE,
        content="夜班补贴",
        disclosure=disclosure,
    )
    grievance_services.grievance_verify(grievance=g, by=staff)
    grievance_services.grievance_classify(
        grievance=g,
        by=staff,
        category=Category.objects.filter(enterprise=demo, parent__isnull=False).first(),
        departments=[hr],
        responsible_person="郑芳",
    )
    grievance_services.grievance_sign_opinion(
        grievance=g, by=_user("union_chair"), route="department", opinion="按程序办理"
    )
    grievance_services.grievance_approve_routing(grievance=g, by=_user("admin_deputy"))
    return g, hr


def test_a_department_head_who_answered_their_own_confidential_item_is_not_named_by_it(
    demo, login, tmp_path
):
    head = _user("dept_head")  # 郑芳, head of 人力资源部, raises an item about her own department
    g, hr = _routed(demo, head)
    grievance_services.grievance_answer(
        grievance=g, by=head, department=hr, measures="调整排班", due=timezone.localdate()
    )
    for username in ["union_staff", "admin_head", "supervisor"]:
        page = login(username).get(f"/e/demo/grievances/{g.pk}/").content.decode()
        assert "郑芳" not in page.split('id="department-answers"')[1].split("</ul>")[0], username
    chair_page = login("union_chair").get(f"/e/demo/grievances/{g.pk}/").content.decode()
    assert "郑芳" in chair_page.split('id="department-answers"')[1].split("</ul>")[0]
    record = f"/e/demo/documents/grievance_record/{g.pk}.pdf"
    for username, named in [("admin_deputy", False), ("union_staff", False), ("union_chair", True)]:
        text = _pdf_text(login(username).get(record).content, tmp_path)
        signed = text.split("职能部门负责人签字")[1][:40]
        assert ("郑芳" in signed) == named, username


def test_a_supervisor_who_signed_their_own_items_survey_is_not_named_as_its_supervisor(
    demo, login, tmp_path
):
    supervisor = _user("supervisor")  # 冯刚 raises an item, then signs its survey's result
    g, hr = _routed(demo, supervisor)
    grievance_services.grievance_answer(
        grievance=g, by=_user("dept_head"), department=hr, measures="补发", due=timezone.localdate()
    )
    task = Task.objects.get(grievances=g)
    supervision_services.task_report(
        task=task,
        by=_user("dept_head"),
        department=hr,
        outcome="done",
        text="已补发",
        completed_on=timezone.localdate(),
    )
    supervision_services.requester_tell(
        task=task, grievance=g, by=_user("union_staff"), method="phone", text="已补发"
    )
    r = g.survey_rounds.get()
    survey_services.answer_submit(respondent=r.respondents.get(), by=supervisor, level="satisfied")
    survey_services.round_sign(survey_round=r, by=supervisor)
    answer = Answer.objects.get(respondent__round=r)
    form = f"/e/demo/documents/survey_form/{answer.pk}.pdf"
    text = _pdf_text(login("union_staff").get(form).content, tmp_path)
    assert "冯刚" not in text and "诉求督办人" in text
    page = login("union_staff").get(f"/e/demo/surveys/{r.pk}/").content.decode()
    assert "冯刚" not in page
    # The work ledger: the chair reads 保密 names there (logged once), union staff do not.
    for username, named in [("union_staff", False), ("union_chair", True)]:
        ledger = login(username).get("/e/demo/ledger/").content.decode()
        assert ("冯刚" in ledger) == named, username
    logged = IdentityView.objects.filter(target_id=g.pk, context="work_ledger")
    assert logged.count() == 1  # the requester's column and 诉求监督人: one look


def test_admin_notifications_do_not_name_a_confidential_requester_as_recipient(demo, login):
    g = factories.grievance("verified", enterprise=demo, disclosure=Disclosure.CONFIDENTIAL)
    for username in ["union_staff", "union_chair"]:
        page = login(username).get("/admin/consult/notification/").content.decode()
        assert g.number in page  # the requester's notice is listed…
        assert "张三" not in page and ">employee<" not in page, username  # …not to whom


def test_a_named_requester_is_named_as_recipient_to_the_union(demo, login):
    g = factories.grievance("verified", enterprise=demo, disclosure=Disclosure.NAMED)
    page = login("union_staff").get("/admin/consult/notification/").content.decode()
    assert g.number in page and "张三" in page


def test_an_event_serving_several_items_hides_a_requester_of_any_the_reader_may_not_identify(
    demo,
):
    employee, staff = _user("employee"), _user("union_staff")
    named = factories.grievance("submitted", enterprise=demo, disclosure=Disclosure.NAMED)
    hidden = factories.grievance("submitted", enterprise=demo, disclosure=Disclosure.CONFIDENTIAL)
    access = access_for(staff, demo)
    assert actor_display(employee, [named], access, staff) == "张三"
    assert actor_display(employee, [named, hidden], access, staff) == ""
    assert actor_display(staff, [named, hidden], access, staff) == "赵敏"  # not a requester
    assert Actors([named, hidden], access, employee).name(employee) == "张三"  # themselves


def test_an_anonymous_requester_is_never_an_actor_anywhere(demo, login):
    employee = _user("employee")
    g, hr = _routed(demo, employee, disclosure=Disclosure.ANONYMOUS)  # logged in, anonymous
    grievance_services.grievance_answer(
        grievance=g, by=_user("dept_head"), department=hr, measures="补发", due=timezone.localdate()
    )
    task = Task.objects.get(grievances=g)
    supervision_services.task_report(
        task=task,
        by=_user("dept_head"),
        department=hr,
        outcome="done",
        text="已补发",
        completed_on=timezone.localdate(),
    )
    supervision_services.requester_tell(
        task=task, grievance=g, by=_user("union_staff"), method="online", text="已补发"
    )
    r = g.survey_rounds.get()
    # On /track/ the answer is given with the receipt, by nobody.
    survey_services.answer_submit(respondent=r.respondents.get(), by=None, level="satisfied")
    assert not GrievanceEvent.objects.filter(grievance=g, actor=employee).exists()
    assert not AuditEvent.objects.filter(actor=employee).exists()
    for path in [f"/e/demo/grievances/{g.pk}/", f"/e/demo/surveys/{r.pk}/"]:
        assert "张三" not in login("union_chair").get(path).content.decode(), path
