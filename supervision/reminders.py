"""Step 6 reminders, written as notifications like every other notice (issue 21).

`decide(today)` writes one notification per reminder that is due, keyed per person (e.g.
`due:t5:2026-09-15:u3`), so deciding again adds nothing; its deliveries (e-mail, WeCom,
DingTalk, SMS) go out with every other delivery through `manage.py send_notifications`.
`remind` sends nothing itself.
"""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from consult.audit import notify
from consult.models import MessageKind
from consult.roles import Action, Role
from consult.selectors import members_who_may
from supervision.clocks import WorkingCalendar
from supervision.models import Task, TaskStatus
from supervision.workflow import task_url

# Apps to the right (surveys) add their own reminders: fn(today) -> rows added to the outbox.
_deciders: list[Callable[[datetime.date], int]] = []


def register(decider: Callable[[datetime.date], int]) -> Callable[[datetime.date], int]:
    if decider not in _deciders:
        _deciders.append(decider)
    return decider


def _department_people(task: Task):
    ids = [task.lead_department_id, *[d.pk for d in task.co_departments.all()]]
    return members_who_may(task.enterprise, Action.ANSWER_AS_DEPARTMENT, department_ids=ids)


def _union_people(task: Task):
    return members_who_may(task.enterprise, Action.VERIFY_GRIEVANCE)


def _heads(task: Task):
    return (
        get_user_model()
        .objects.filter(
            memberships__enterprise=task.enterprise,
            memberships__is_active=True,
            memberships__roles__role=Role.ADMIN_HEAD,
            is_active=True,
        )
        .distinct()
    )


def _number(task: Task) -> str:
    """The item number a message outside the app may carry: the task's one item, if one."""
    numbers = [g.number for g in task.grievances.all()]
    return numbers[0] if len(numbers) == 1 else ""


def _queue(key: str, task: Task, recipients, subject, params: dict, *, kind: str, day) -> int:
    written = notify(
        enterprise=task.enterprise,
        recipients=list(recipients),
        subject=subject,  # shown in each reader's language
        params={**params, "title": task.title[:60]},
        url=task_url(task),
        kind=kind,
        facts={"number": _number(task), "date": day},
        key=key,
    )
    return len(written)


def decide(today: datetime.date) -> int:
    """Write the notifications of every reminder due today; returns how many were added."""
    head_after = settings.SUPERVISION_HEAD_AFTER_DAYS
    tasks = list(
        Task.objects.filter(status__in=(TaskStatus.OPEN, TaskStatus.REPORTED))
        .select_related("enterprise")
        .prefetch_related("co_departments", "grievances")
    )
    dates = [today]
    for t in tasks:
        dates += [t.deadline, t.inform_due]
    calendar = WorkingCalendar(dates)
    added = 0
    for t in tasks:
        if t.status == TaskStatus.OPEN:
            added += _task_reminders(t, today, calendar, head_after)
        elif t.inform_due is not None:
            added += _inform_reminders(t, today, calendar, head_after)
    for decider in _deciders:
        added += decider(today)
    return added


def _task_reminders(t: Task, today, calendar, head_after: int) -> int:
    added = 0
    day = t.deadline
    if today < day and calendar.between(today, day) <= 1:
        added += _queue(
            f"eve:t{t.pk}:{day}",
            t,
            _department_people(t),
            _("Task due %(day)s: %(title)s"),
            {"day": day.isoformat()},
            kind=MessageKind.TASK_DUE,
            day=day,
        )
    if today >= day:
        added += _queue(
            f"due:t{t.pk}:{day}",
            t,
            _department_people(t),
            _("Task deadline reached: %(title)s"),
            {},
            kind=MessageKind.TASK_DUE,
            day=day,
        )
    if t.deadline_missed(today) and calendar.between(day, today) > head_after:
        added += _queue(
            f"head:t{t.pk}:{day}",
            t,
            _heads(t),
            _("Task overdue by more than %(n)d working days: %(title)s"),
            {"n": head_after},
            kind=MessageKind.TASK_OVERDUE,
            day=day,
        )
    return added


def _inform_reminders(t: Task, today, calendar, head_after: int) -> int:
    added = 0
    due = t.inform_due
    assert due is not None
    if today < due and calendar.between(today, due) <= 1:
        added += _queue(
            f"c2eve:t{t.pk}:{due}",
            t,
            _union_people(t),
            _("Tell the requester by %(day)s: %(title)s"),
            {"day": due.isoformat()},
            kind=MessageKind.INFORM_DUE,
            day=due,
        )
    if today >= due:
        added += _queue(
            f"c2due:t{t.pk}:{due}",
            t,
            _union_people(t),
            _("Requester to be told today or overdue: %(title)s"),
            {},
            kind=MessageKind.INFORM_DUE,
            day=due,
        )
    if t.inform_missed(today) and calendar.between(due, today) > head_after:
        added += _queue(
            f"c2head:t{t.pk}:{due}",
            t,
            _heads(t),
            _("Requester not told, overdue by more than %(n)d working days: %(title)s"),
            {"n": head_after},
            kind=MessageKind.TASK_OVERDUE,
            day=due,
        )
    return added
