"""Step 6 reminders, written as notifications like every other notice (issue 21).

`decide(today)` writes one notification per reminder that is due, keyed per person (e.g.
`due:t5:2026-09-15:u3`), so deciding again adds nothing; its deliveries (e-mail, WeCom,
DingTalk, SMS) go out with every other delivery through `manage.py send_notifications`.
`remind` sends nothing itself.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class _Clock:
    """One of a task's two clocks and its three reminders: the eve of the day, the day (and
    after), and the heads once it is more than `head_after` working days late."""

    prefix: str  # of the keys: "" for clock 1 (the deadline), "c2" for clock 2 (tell)
    people: Callable[[Task], object]
    kind: str
    eve: object
    due: object
    late: object
    missed: Callable[[Task, datetime.date], bool]


DEADLINE = _Clock(
    prefix="",
    people=_department_people,
    kind=MessageKind.TASK_DUE,
    eve=_("Task due %(day)s: %(title)s"),
    due=_("Task deadline reached: %(title)s"),
    late=_("Task overdue by more than %(n)d working days: %(title)s"),
    missed=Task.deadline_missed,
)
INFORM = _Clock(
    prefix="c2",
    people=_union_people,
    kind=MessageKind.INFORM_DUE,
    eve=_("Tell the requester by %(day)s: %(title)s"),
    due=_("Requester to be told today or overdue: %(title)s"),
    late=_("Requester not told, overdue by more than %(n)d working days: %(title)s"),
    missed=Task.inform_missed,
)


def _task_reminders(t: Task, today, calendar, head_after: int) -> int:
    return _clock_reminders(DEADLINE, t, t.deadline, today, calendar, head_after)


def _inform_reminders(t: Task, today, calendar, head_after: int) -> int:
    assert t.inform_due is not None
    return _clock_reminders(INFORM, t, t.inform_due, today, calendar, head_after)


def _clock_reminders(clock: _Clock, t: Task, day, today, calendar, head_after: int) -> int:
    added = 0
    key = f"t{t.pk}:{day}"
    if today < day and calendar.between(today, day) <= 1:
        added += _queue(
            f"{clock.prefix}eve:{key}", t, clock.people(t), clock.eve,
            {"day": day.isoformat()}, kind=clock.kind, day=day,
        )  # fmt: skip
    if today >= day:
        added += _queue(
            f"{clock.prefix}due:{key}", t, clock.people(t), clock.due, {},
            kind=clock.kind, day=day,
        )  # fmt: skip
    if clock.missed(t, today) and calendar.between(day, today) > head_after:
        added += _queue(
            f"{clock.prefix}head:{key}", t, _heads(t), clock.late, {"n": head_after},
            kind=MessageKind.TASK_OVERDUE, day=day,
        )  # fmt: skip
    return added
