"""Audit events, identity-view logging and notifications, shared by every app."""

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

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
    *, enterprise: Enterprise, recipients, subject: str, body: str = "", url: str = ""
) -> list[Notification]:
    """Create in-app notifications now and send e-mail copies after the transaction commits."""
    recipients = [u for u in {u.pk: u for u in recipients if u is not None}.values()]
    rows = Notification.objects.bulk_create(
        [
            Notification(
                enterprise=enterprise, recipient=u, subject=subject[:200], body=body, url=url
            )
            for u in recipients
        ]
    )
    addresses = [u.email for u in recipients if u.email]
    if addresses:
        link = f"{settings.SITE_URL}{url}" if url else ""
        text = "\n\n".join(part for part in (body, link) if part)

        def _send():
            try:
                # One message per person: recipients must not see each other's addresses.
                send_mass_mail([(subject, text, None, [a]) for a in addresses])
            except Exception:  # a mail outage must not undo the work already committed
                logger.exception("could not send notification e-mail")

        transaction.on_commit(_send)
    return rows
