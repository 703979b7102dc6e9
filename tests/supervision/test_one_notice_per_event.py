"""Issue 18 point 7: one event, one notice to each reader. A task reported (or answered by the
parent body) moves the items it serves, and those steps send nothing of their own: the
supervisor gets one notification, and one delivery per channel, however many items the task
serves."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from consult.models import Delivery, Notification
from grievances import services as grievance_services
from meetings import services as meeting_services
from supervision import services
from supervision.models import Escalation, Task

from .conftest import _routed_item

EMAIL = "supervisor@demo.invalid"


def _supervisor_reachable_by_email(user):
    get_user_model().objects.filter(username="supervisor").update(email=EMAIL)
    return user("supervisor")


def _since(before: int, person):
    notes = list(Notification.objects.filter(recipient=person, id__gt=before))
    return notes, Delivery.objects.filter(notification__in=notes)


def _last_id() -> int:
    return Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _task_serving_two_items(demo, user, dept) -> Task:
    """Two items grouped into one topic, decided at one meeting: one task serves both."""
    chair, hr = user("union_chair"), dept("人力资源部")
    items = [
        _routed_item(
            demo,
            user,
            route="meeting",
            disclosure="named",
            content=content,
            departments=[hr],
        )
        for content in ("加班费核算：一车间", "加班费核算：二车间")
    ]
    topic = grievance_services.topic_create(
        enterprise=demo, by=user("union_staff"), title="加班费核算", grievances=items
    )
    today = timezone.localdate()
    meeting = meeting_services.meeting_create(
        enterprise=demo,
        by=chair,
        kind="special",
        date=today,
        time=datetime.time(9, 0),
        place="三楼会议室",
        host=chair,
        reply_by=today,
    )
    meeting_services.meeting_add_topic(meeting=meeting, topic=topic, by=chair)
    meeting_services.participants_propose(meeting=meeting, by=chair)
    meeting_services.notice_submit(meeting=meeting, by=chair)
    meeting_services.notice_approve(meeting=meeting, by=user("admin_head"))
    meeting_services.minutes_save(
        meeting=meeting,
        by=chair,
        items=[
            {
                "item": meeting.items.get(),
                "statement": "请求解决",
                "reply": "同意办理",
                "decision": "加班费按期核算",
                "departments": [hr],
                "responsible_person": "钱经理",
                "deadline": today + datetime.timedelta(days=14),
                "summary": "按期落实",
            }
        ],
        head_remarks="抓紧落实。",
    )
    meeting_services.meeting_mark_held(meeting=meeting, by=chair)
    meeting_services.minutes_finalise(meeting=meeting, by=chair)
    task = Task.objects.get(decision__meeting=meeting)
    assert task.grievances.count() == 2
    return task


def test_a_report_for_two_items_reaches_the_supervisor_once(demo, user, dept):
    task = _task_serving_two_items(demo, user, dept)
    supervisor = _supervisor_reachable_by_email(user)
    before = _last_id()
    services.task_report(
        task=task,
        by=user("dept_head"),
        department=task.lead_department,
        outcome="done",
        text="已按期核算并发放",
        completed_on=timezone.localdate(),
    )
    notes, deliveries = _since(before, supervisor)
    assert len(notes) == 1 and notes[0].url.endswith(f"/supervision/tasks/{task.pk}/")
    assert [(d.channel, d.address) for d in deliveries] == [("email", EMAIL)]


def test_the_parents_answer_reaches_the_supervisor_once(direct_task, parent, user):
    task = direct_task()
    supervisor = _supervisor_reachable_by_email(user)
    services.task_escalate(
        task=task, by=user("union_staff"), to_enterprise=parent, reason="本级资金不足，无法解决"
    )
    before = _last_id()
    services.escalation_answer(
        escalation=Escalation.objects.get(), by=user("g_union_staff"), answer="集团拨付专项资金"
    )
    notes, deliveries = _since(before, supervisor)
    assert len(notes) == 1
    assert [(d.channel, d.address) for d in deliveries] == [("email", EMAIL)]
