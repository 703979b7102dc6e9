"""Issue 18 point 6 for steps that leave their object where it was: a progress note or a
tracking visit leaves the department's "new task" waiting until it reports; one department's
answer of two clears that department's notice and leaves the other's waiting."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from consult.models import Membership, MembershipRole, Notification
from consult.roles import Role
from grievances import services as grievance_services
from supervision import services
from supervision.workflow import task_url

from .conftest import _routed_item


def _new_task_note(task, user):
    return Notification.objects.get(
        recipient=user("dept_head"), url=task_url(task), message__startswith="New task"
    )


def _waiting(note) -> bool:
    note.refresh_from_db()
    return note.read_at is None


def test_progress_and_visits_leave_the_departments_task_waiting_until_it_reports(
    decided_task, user
):
    task = decided_task()
    note = _new_task_note(task, user)
    assert note.asks and _waiting(note)
    services.visit_record(
        task=task,
        by=user("supervisor"),
        visited_on=timezone.localdate(),
        method="site",
        findings="正在核算",
        status="in_progress",
        union_members="赵工会",
    )
    services.task_record_progress(
        task=task, by=user("dept_head"), department=task.lead_department, text="已核算一半"
    )
    assert _waiting(note)
    services.task_report(
        task=task,
        by=user("dept_head"),
        department=task.lead_department,
        outcome="done",
        text="已核算并发放",
        completed_on=timezone.localdate(),
    )
    assert not _waiting(note)


def _finance_head(demo, finance):
    head = get_user_model().objects.create_user(username="finance_head", password="x")
    membership = Membership.objects.create(user=head, enterprise=demo, department=finance)
    MembershipRole.objects.create(membership=membership, role=Role.DEPT_HEAD)
    return head


def test_one_departments_answer_of_two_clears_its_own_notice_only(demo, user, dept):
    hr, finance = dept("人力资源部"), dept("财务部")
    _finance_head(demo, finance)
    g = _routed_item(
        demo,
        user,
        route="department",
        disclosure="named",
        content="加班费核算有误",
        departments=[hr, finance],
    )
    url = f"/e/demo/grievances/{g.pk}/"
    waiting = Notification.objects.filter(url=url, asks=True, read_at__isnull=True)
    heads = set(waiting.values_list("recipient__username", flat=True))
    assert heads == {"dept_head", "finance_head"}
    grievance_services.grievance_answer(
        grievance=g,
        by=user("dept_head"),
        department=hr,
        measures="重新核算",
        due=timezone.localdate() + datetime.timedelta(days=5),
    )
    assert set(waiting.values_list("recipient__username", flat=True)) == {"finance_head"}
