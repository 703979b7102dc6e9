"""Audit events, identity-view logging and notifications, shared by every app."""

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consult.messages import msgid_of, render
from consult.models import AuditEvent, Enterprise, IdentityView, Notification

logger = logging.getLogger(__name__)


def _target(obj) -> tuple[str, int]:
    return obj._meta.label_lower, obj.pk


def record_event(
    *,
    enterprise: Enterprise,
    target,
    action: str,
    actor=None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict | None = None,
    changes: dict | None = None,
) -> AuditEvent:
    target_type, target_id = _target(target)
    return AuditEvent.objects.create(
        enterprise=enterprise,
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
    """Create in-app notifications now and send e-mail copies after the transaction commits.

    A lazily translated `subject` (gettext_lazy) is kept as its message id with `params` and
    shown in each reader's language (`Notification.text`); `prefix` (an item's number) goes
    before it. E-mails are written in the site's default language: people have no language
    of their own here, and the sender's is not the reader's.
    """
    params = params or {}
    message = msgid_of(subject) or ""

    def rendered() -> str:
        if message:
            return f"{prefix}{render(message, params)}"
        return f"{prefix}{subject % params if params else subject}"

    text_now = rendered()
    recipients = [u for u in {u.pk: u for u in recipients if u is not None}.values()]
    rows = Notification.objects.bulk_create(
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
            )
            for u in recipients
        ]
    )
    addresses = [u.email for u in recipients if u.email]
    if addresses:
        with translation.override(settings.LANGUAGE_CODE):
            mail_subject = rendered()
            # What happened (the subject), the note, and where to act: not just a link.
            link = (
                _("Open it to see the item and what you are asked to do: %(link)s")
                % {"link": f"{settings.SITE_URL}{url}"}
                if url
                else ""
            )
        text = "\n\n".join(part for part in (mail_subject, body, link) if part)

        def _send():
            try:
                # One message per person: recipients must not see each other's addresses.
                send_mass_mail([(mail_subject, text, None, [a]) for a in addresses])
            except Exception:  # a mail outage must not undo the work already committed
                logger.exception("could not send notification e-mail")

        transaction.on_commit(_send)
    return rows


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
