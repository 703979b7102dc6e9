"""Audit events, identity-view logging and notifications, shared by every app."""

import logging
import smtplib
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consult.messages import msgid_of, render
from consult.models import AuditEvent, Enterprise, Federation, IdentityView, Notification

logger = logging.getLogger(__name__)


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
) -> list[Notification]:
    """Create in-app notifications; those of people with an e-mail address wait for their
    e-mail copy (`mail_pending`), sent by `send_notification_mail` once the work committed
    (a step rolled back leaves no row, so no e-mail).

    A lazily translated `subject` (gettext_lazy) is kept as its message id with `params` and
    shown in each reader's language (`Notification.text`); `prefix` (an item's number) goes
    before it. E-mails are written in the site's default language: people have no language
    of their own here, and the sender's is not the reader's.
    """
    params = params or {}
    message = msgid_of(subject) or ""
    text_now = f"{prefix}{render(message, params)}" if message else _plain(subject, params, prefix)
    recipients = [u for u in {u.pk: u for u in recipients if u is not None}.values()]
    return Notification.objects.bulk_create(
        [
            Notification(
                enterprise=enterprise,
                recipient=u,
                subject=text_now[:200],
                message=message,
                params=params if message else {},
                prefix=prefix,
                body=body,
                url=url,
                mail_pending=bool(u.email),
            )
            for u in recipients
        ]
    )


def _plain(subject, params: dict, prefix: str) -> str:
    return f"{prefix}{subject % params if params else subject}"


def _mail_of(row: Notification) -> EmailMessage:
    """The e-mail copy of a notification: what happened (the subject), the note, and where to
    act, not just a link; in the site's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"{row.prefix}{render(row.message, row.params)}" if row.message else row.subject
        link = (
            _("Open it to see the item and what you are asked to do: %(link)s")
            % {"link": f"{settings.SITE_URL}{row.url}"}
            if row.url
            else ""
        )
    text = "\n\n".join(part for part in (subject, row.body, link) if part)
    # One message per person: recipients must not see each other's addresses.
    return EmailMessage(subject, text, None, [row.recipient.email])


@contextmanager
def demo_mail_discarded():
    """Demo data gets no e-mail (the people are made up; their mail would only fill the
    console): the notifications a seed command creates inside this block are marked as sent,
    and anything sent directly goes to memory."""
    from django.test.utils import override_settings

    before = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        yield
    Notification.objects.filter(id__gt=before, mail_pending=True).update(mail_pending=False)


def send_notification_mail(batch: int = 100) -> int:
    """Send the e-mail copy of every notification that waits for one; how many were sent.

    Each batch is locked (SKIP LOCKED: runs that overlap share the work), sent over one
    connection and marked sent in the same transaction: a crash between sending and the
    commit can repeat an e-mail, never lose one. When the mail server cannot be reached the
    rest waits for the next run; an address the server refuses is logged and not retried.
    """
    sent = 0
    while True:
        with transaction.atomic():
            rows = list(
                Notification.objects.filter(mail_pending=True)
                .select_related("recipient")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("id")[:batch]
            )
            if not rows:
                return sent
            done = []
            try:
                with get_connection() as connection:
                    for row in rows:
                        if row.recipient.email:
                            try:
                                connection.send_messages([_mail_of(row)])
                                sent += 1
                            except smtplib.SMTPRecipientsRefused:
                                logger.exception("notification e-mail refused")
                        done.append(row.pk)
            except Exception:  # the server is down: keep the rest for the next run
                logger.exception("could not send notification e-mail")
                Notification.objects.filter(pk__in=done).update(mail_pending=False)
                return sent
            Notification.objects.filter(pk__in=done).update(mail_pending=False)


def remember_last_notification(sender, instance, created, **kwargs):
    """post_save of a step's event row: note the newest notification id at that moment, so
    that the notifications the step itself sends afterwards are told apart from earlier ones
    (timestamps may be equal, e.g. under a frozen clock). An object's first event may say
    so itself (0: nothing was sent about a new object), which saves the query."""
    if created and getattr(instance, "notifications_before", None) is None:
        instance.notifications_before = (
            Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0
        )


def notifications_done(
    *, enterprise: Enterprise, url: str, event, recipient=None, keep_recipient_id=None
) -> int:
    """A step was taken on the object at `url`: the notifications about it sent before the
    step's `event` announced work that is now done; mark them read.

    `recipient` limits this to one person (a step on their own part, such as their answer to
    an invitation); `keep_recipient_id` keeps one person's (the requester's news is not work).
    """
    if not url:
        return 0
    last = getattr(event, "notifications_before", None)
    if last is None:
        return 0
    qs = Notification.objects.filter(
        enterprise=enterprise, url=url, read_at__isnull=True, id__lte=last
    )
    if recipient is not None:
        qs = qs.filter(recipient=recipient)
    if keep_recipient_id is not None:
        qs = qs.exclude(recipient_id=keep_recipient_id)
    return qs.update(read_at=timezone.now())


def audit_flow_step_taken(sender, obj, step, by, event, **kwargs):
    """Receiver of consult.workflow.step_taken for the flows that record in the audit table."""
    from consult.workflow import AuditFlow

    if not isinstance(sender, AuditFlow):
        return
    part = sender.target_of(obj) is not obj  # e.g. one invitation on the meeting's page
    if part and by is None:
        return
    notifications_done(
        enterprise=sender.enterprise_of(obj),
        url=sender.url(obj),
        event=event,
        recipient=by if part else None,
    )
