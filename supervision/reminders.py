"""Step 6 reminders, in two phases as healthchecks' `sendalerts` drains its flips.

`decide(today)` writes one `OutboxMessage` per message that is due, under a unique key (so
deciding again adds nothing); `drain()` sends each unsent row in its own transaction and marks
it sent. A run stopped between the two leaves unsent rows that the next run sends; a row is
marked sent only in the transaction that created its in-app notification, after its e-mail
went out (a crash after the e-mail but before the commit can repeat an e-mail, never lose one).
"""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consult.models import Notification
from consult.roles import Action, Role
from consult.selectors import members_who_may
from supervision.clocks import WorkingCalendar
from supervision.models import OutboxMessage, Task, TaskStatus
from supervision.workflow import task_url

logger = logging.getLogger(__name__)

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


def _queue(key: str, task: Task, recipients, subject: str) -> int:
    added = 0
    for user in recipients:
        full_key = f"{key}:u{user.pk}"[:120]
        if OutboxMessage.objects.filter(key=full_key).exists():
            continue
        try:
            with transaction.atomic():
                OutboxMessage.objects.create(
                    key=full_key,
                    enterprise=task.enterprise,
                    recipient=user,
                    subject=subject[:200],
                    url=task_url(task),
                )
            added += 1
        except IntegrityError:  # another run decided the same message meanwhile
            pass
    return added


def decide(today: datetime.date) -> int:
    """Write the outbox rows of every reminder due today; returns how many were added."""
    head_after = settings.SUPERVISION_HEAD_AFTER_DAYS
    tasks = list(
        Task.objects.filter(status__in=(TaskStatus.OPEN, TaskStatus.REPORTED))
        .select_related("enterprise")
        .prefetch_related("co_departments")
    )
    dates = [today]
    for t in tasks:
        dates += [t.deadline, t.inform_due]
    calendar = WorkingCalendar(dates)
    added = 0
    for t in tasks:
        title = t.title[:60]
        if t.status == TaskStatus.OPEN:
            if today < t.deadline and calendar.between(today, t.deadline) <= 1:
                added += _queue(
                    f"eve:t{t.pk}:{t.deadline}",
                    t,
                    _department_people(t),
                    _("Task due %(day)s: %(title)s") % {"day": t.deadline, "title": title},
                )
            if today >= t.deadline:
                added += _queue(
                    f"due:t{t.pk}:{t.deadline}",
                    t,
                    _department_people(t),
                    _("Task deadline reached: %(title)s") % {"title": title},
                )
            if today > t.deadline and calendar.between(t.deadline, today) > head_after:
                added += _queue(
                    f"head:t{t.pk}:{t.deadline}",
                    t,
                    _heads(t),
                    _("Task overdue by more than %(n)d working days: %(title)s")
                    % {"n": head_after, "title": title},
                )
        elif t.inform_due is not None:
            due = t.inform_due
            if today < due and calendar.between(today, due) <= 1:
                added += _queue(
                    f"c2eve:t{t.pk}:{due}",
                    t,
                    _union_people(t),
                    _("Tell the requester by %(day)s: %(title)s") % {"day": due, "title": title},
                )
            if today >= due:
                added += _queue(
                    f"c2due:t{t.pk}:{due}",
                    t,
                    _union_people(t),
                    _("Requester to be told today or overdue: %(title)s") % {"title": title},
                )
            if today > due and calendar.between(due, today) > head_after:
                added += _queue(
                    f"c2head:t{t.pk}:{due}",
                    t,
                    _heads(t),
                    _("Requester not told, overdue by more than %(n)d working days: %(title)s")
                    % {"n": head_after, "title": title},
                )
    for decider in _deciders:
        added += decider(today)
    return added


def drain() -> int:
    """Send every unsent outbox row once; returns how many were sent."""
    sent = 0
    for pk in list(
        OutboxMessage.objects.filter(sent_at__isnull=True)
        .order_by("id")
        .values_list("pk", flat=True)
    ):
        with transaction.atomic():
            row = (
                OutboxMessage.objects.select_for_update()
                .select_related("recipient")
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if row is None:  # sent by a concurrent run
                continue
            Notification.objects.create(
                enterprise_id=row.enterprise_id,
                recipient=row.recipient,
                subject=row.subject,
                body=row.body,
                url=row.url,
            )
            if row.recipient.email:
                link = f"{settings.SITE_URL}{row.url}" if row.url else ""
                send_mail(
                    row.subject,
                    "\n\n".join(p for p in (row.body, link) if p),
                    None,
                    [row.recipient.email],
                )
            row.sent_at = timezone.now()
            row.save(update_fields=["sent_at"])
            sent += 1
    return sent
