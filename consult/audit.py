"""Audit events, identity-view logging and notifications, shared by every app."""

from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from consult.messages import msgid_of, render
from consult.models import (
    ASKING_KINDS,
    DUE_STATES,
    AuditEvent,
    Delivery,
    Enterprise,
    Federation,
    IdentityView,
    MessageKind,
    Notification,
)
from consult.outbox.routing import deliveries_for
from consult.outbox.texts import facts_checked


def _target(obj) -> tuple[str, int]:
    return obj._meta.label_lower, obj.pk


def record_event(
    *,
    enterprise: Enterprise | None,
    target,
    action: str,
    actor=None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict | None = None,
    changes: dict | None = None,
    federation: Federation | None = None,
) -> AuditEvent:
    """One row of the audit table: an enterprise's event, or (with `federation` and no
    enterprise) one of a federation's own accounts."""
    target_type, target_id = _target(target)
    return AuditEvent.objects.create(
        enterprise=enterprise,
        federation=federation,
        actor=actor if actor is not None and actor.is_authenticated else None,
        target_type=target_type,
        target_id=target_id,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data or {},
        changes=changes or {},
    )


def events_for(target):
    target_type, target_id = _target(target)
    return AuditEvent.objects.filter(target_type=target_type, target_id=target_id).select_related(
        "actor"
    )


def log_identity_view(*, enterprise: Enterprise, viewer, target, context: str = "") -> None:
    target_type, target_id = _target(target)
    IdentityView.objects.create(
        enterprise=enterprise,
        viewer=viewer,
        target_type=target_type,
        target_id=target_id,
        context=context[:60],
    )


def notify(
    *,
    enterprise: Enterprise,
    recipients,
    subject,
    body: str = "",
    url: str = "",
    params: dict | None = None,
    prefix: str = "",
    kind: str = MessageKind.NOTICE,
    facts: dict | None = None,
    key: str = "",
    asks: bool | None = None,
) -> list[Notification]:
    """Create in-app notifications and their deliveries on the other channels (e-mail, WeCom,
    DingTalk, SMS, the union's group robot), which `manage.py send_notifications` sends once
    the work committed (a step rolled back leaves no row, so no message).

    A lazily translated `subject` (gettext_lazy) is kept as its message id with `params` and
    shown in each reader's language (`Notification.text`); `prefix` (an item's number) goes
    before it. What leaves the app is written from `kind` and `facts` only (number, date,
    code: consult.outbox.texts), never from the subject or body. With `key`, each person's
    row is keyed `key:u<id>` and written once however often the caller runs (reminders).
    `asks`: whether it asks its readers to do something (by default, whether its kind does:
    `ASKING_KINDS`); such a notification waits until the work is done (`notifications_done`),
    any other is read once seen (`notifications_seen`).
    """
    params = params or {}
    facts = facts_checked(kind, facts)
    message = msgid_of(subject) or ""
    text_now = f"{prefix}{render(message, params)}" if message else _plain(subject, params, prefix)
    recipients = [u for u in {u.pk: u for u in recipients if u is not None}.values()]
    rows = [
        Notification(
            enterprise=enterprise,
            recipient=u,
            subject=text_now[:200],
            message=message,
            params=params if message else {},
            prefix=prefix,
            body=body,
            url=url,
            kind=kind,
            facts=facts,
            key=f"{key}:u{u.pk}"[:120] if key else "",
            asks=kind in ASKING_KINDS if asks is None else asks,
        )
        for u in recipients
    ]
    notes = _insert_keyed(rows) if key else Notification.objects.bulk_create(rows)
    Delivery.objects.bulk_create(deliveries_for(notes, [n.recipient for n in notes]))
    return notes


def _insert_keyed(rows: list[Notification]) -> list[Notification]:
    """The rows whose key is new; a key written before (or by a run at the same time) is kept."""
    taken = set(
        Notification.objects.filter(key__in=[r.key for r in rows]).values_list("key", flat=True)
    )
    written = []
    for row in rows:
        if row.key in taken:
            continue
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            continue
        written.append(row)
    return written


def _plain(subject, params: dict, prefix: str) -> str:
    return f"{prefix}{subject % params if params else subject}"


@contextmanager
def demo_mail_discarded():
    """Demo data gets no messages (the people are made up; their mail would only fill the
    console): the deliveries of the notifications a seed command creates inside this block are
    dropped before anything sends them, and anything sent directly goes to memory."""
    from django.test.utils import override_settings

    before = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        yield
    Delivery.objects.filter(notification_id__gt=before, state__in=DUE_STATES).delete()


def remember_last_notification(sender, instance, created, **kwargs):
    """post_save of a step's event row: note the newest notification id at that moment, so
    that the notifications the step itself sends afterwards are told apart from earlier ones
    (timestamps may be equal, e.g. under a frozen clock). An object's first event may say
    so itself (0: nothing was sent about a new object), which saves the query."""
    if created and getattr(instance, "notifications_before", None) is None:
        instance.notifications_before = (
            Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0
        )


def notifications_shown(request, rows) -> None:
    """These notifications are on the page being rendered for their reader: the rows of the
    notifications page, or the query of the home page's list (so that marking them costs one
    query whether or not the list had rows). `notifications_seen` marks them once rendered."""
    request.notifications_shown = rows


def notifications_seen(request) -> int:
    """After the page is rendered (its list and the header's count as they were): of the
    notifications it showed, those that ask nothing are read."""
    shown = getattr(request, "notifications_shown", None)
    if shown is None:
        return 0
    ids = shown.values("pk") if isinstance(shown, QuerySet) else [n.pk for n in shown]
    return Notification.objects.filter(pk__in=ids, recipient=request.user).seen()


def notifications_done(*, enterprise: Enterprise, url: str, event=None, recipient=None) -> int:
    """The work announced by the notifications about the object at `url` is done (or can no
    longer be done): those that ask something are marked read. Notifications that only told
    something are left to be seen.

    With `event` (a step's event row), only notifications sent before the step count; the step's
    own are new work. `recipient` limits this to one person (a step on their own part, such as
    their answer to an invitation or a survey).
    """
    if not url:
        return 0
    qs = Notification.objects.filter(enterprise=enterprise, url=url)
    if event is not None:
        last = getattr(event, "notifications_before", None)
        if last is None:
            return 0
        qs = qs.filter(id__lte=last)
    if recipient is not None:
        qs = qs.filter(recipient=recipient)
    return qs.done()


def step_done(*, flow, step: str, enterprise: Enterprise, url: str, event, by, part=False) -> int:
    """Step `step` of `flow` was taken on the object at `url`. One that moved it did the work
    every earlier to-do about it asked for. One that left it where it was did its actor's part
    (one department's answer of several, one person's reply to an invitation), unless it is a
    note along the way (a progress note, a tracking visit: the department still has to report).
    """
    before = getattr(event, "from_state", getattr(event, "from_status", None))
    after = getattr(event, "to_state", getattr(event, "to_status", None))
    if not part and before != after:
        return notifications_done(enterprise=enterprise, url=url, event=event)
    if by is None or not by.is_authenticated or flow.step(step).progress_only:
        return 0
    return notifications_done(enterprise=enterprise, url=url, event=event, recipient=by)


def audit_flow_step_taken(sender, obj, step, by, event, **kwargs):
    """Receiver of consult.workflow.step_taken for the flows that record in the audit table."""
    from consult.workflow import AuditFlow

    if not isinstance(sender, AuditFlow):
        return
    step_done(
        flow=sender,
        step=step,
        enterprise=sender.enterprise_of(obj),
        url=sender.url(obj),
        event=event,
        by=by,
        part=sender.target_of(obj) is not obj,  # e.g. one invitation on the meeting's page
    )
