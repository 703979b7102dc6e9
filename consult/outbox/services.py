"""Writes of the outbox: the chair configures an enterprise's message channels and queues test
messages, union staff retry a delivery, a person chooses their channels (issue 21).

Each runs in a transaction and writes one audit event, which names the fields changed but never
a secret's value."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from consult.audit import record_event
from consult.events import MessagingEvent
from consult.messages import msgid_of
from consult.models import (
    Delivery,
    DeliveryChannel,
    DeliveryPreference,
    DeliveryState,
    Enterprise,
    Membership,
    MessageKind,
    Messenger,
    Notification,
)
from consult.outbox import secrets as sealed
from consult.outbox.sms import normal_phone


@transaction.atomic
def messenger_save(
    *,
    enterprise: Enterprise,
    by,
    kind: str,
    name: str,
    config: dict,
    secrets: dict[str, str],
    is_active: bool,
    messenger: Messenger | None = None,
) -> Messenger:
    """Create or change a channel. `secrets` holds only the secret fields typed in this time;
    the others keep their stored value (a secret is entered once and never shown back)."""
    messenger = _messenger_for_save(enterprise, kind, messenger)
    changed = sorted(k for k, v in config.items() if messenger.config.get(k) != v)
    typed = _secrets_merge(messenger, secrets)
    messenger.name = name
    messenger.config = config
    messenger.is_active = is_active
    messenger.save()
    data = {"kind": kind, "settings": changed, "secrets": typed, "active": is_active}
    _channel_event(messenger, MessagingEvent.CHANNEL_CONFIGURED, by=by, data=data)
    return messenger


def _messenger_for_save(enterprise: Enterprise, kind: str, messenger: Messenger | None):
    """A new channel, or the stored one locked (of this enterprise only)."""
    if messenger is None:
        return Messenger(enterprise=enterprise, kind=kind)
    return Messenger.objects.select_for_update().get(pk=messenger.pk, enterprise=enterprise)


def _secrets_merge(messenger: Messenger, secrets: dict[str, str]) -> list[str]:
    """Seal the secrets typed in this time over the stored ones (and the hint of the main
    one); the names of those typed."""
    stored = sealed.unseal(messenger.secret) if messenger.pk is not None else {}
    typed = {k: v for k, v in secrets.items() if v}
    if typed:
        merged = {**stored, **typed}
        messenger.secret = sealed.seal(merged)
        messenger.secret_hint = sealed.hint(merged.get("secret") or merged.get("webhook") or "")
    return sorted(typed)


def _channel_event(messenger: Messenger, action: str, *, by, data: dict | None = None) -> None:
    """The channel's audit event: it names fields, never a secret's value."""
    record_event(
        enterprise=messenger.enterprise, target=messenger, action=action, actor=by, data=data
    )


def _test_address(messenger: Messenger, membership: Membership | None, address: str) -> str:
    if messenger.channel == DeliveryChannel.SMS:
        return normal_phone(address or (membership.phone if membership else ""))
    if messenger.channel == DeliveryChannel.WECOM:
        return address or (membership.wecom_userid if membership else "")
    if messenger.channel == DeliveryChannel.DINGTALK:
        return address or (membership.dingtalk_userid if membership else "")
    return messenger.kind  # a robot posts to its group


@transaction.atomic
def messenger_test(*, messenger: Messenger, by, address: str = "") -> Notification:
    """Step 2's set-up: queue a test message on this channel to `address` (a user id or phone),
    or to the chair's own; `send_notifications` sends it with the rest."""
    enterprise = messenger.enterprise
    membership = Membership.objects.filter(user=by, enterprise=enterprise).first()
    note = _test_notification(enterprise, by)
    Delivery.objects.create(
        notification=note,
        enterprise=enterprise,
        channel=messenger.channel,
        messenger=messenger,
        address=_test_address(messenger, membership, address.strip()),
        next_attempt_at=timezone.now(),
    )
    _channel_event(messenger, MessagingEvent.CHANNEL_TESTED, by=by)
    return note


def _test_notification(enterprise: Enterprise, by) -> Notification:
    subject = gettext_lazy("Test message: this channel works")
    return Notification.objects.create(
        enterprise=enterprise,
        recipient=by,
        subject=str(subject),
        message=msgid_of(subject) or "",
        kind=MessageKind.TEST,
    )


@transaction.atomic
def delivery_retry(*, delivery: Delivery, by) -> Delivery:
    """Union staff send a failed or given-up delivery again, at the sender's next run (one
    more attempt: if it fails again it is given up again)."""
    locked = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if locked.state not in (DeliveryState.FAILED, DeliveryState.GIVEN_UP):
        return locked
    Delivery.objects.filter(pk=locked.pk).update(
        state=DeliveryState.WAITING, next_attempt_at=timezone.now(), lease="", lease_until=None
    )
    record_event(
        enterprise=locked.enterprise,
        target=locked,
        action=MessagingEvent.DELIVERY_RETRIED,
        actor=by,
        from_state=locked.state,
        to_state=DeliveryState.WAITING,
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def preference_save(
    *, membership: Membership, by, channels: list[str] | None, language: str
) -> DeliveryPreference:
    """A person chooses the channels of their notifications (None: their roles' defaults)."""
    preference, _ = DeliveryPreference.objects.get_or_create(membership=membership)
    preference.channels = sorted(channels) if channels is not None else None
    preference.language = language
    preference.save()
    record_event(
        enterprise=membership.enterprise,
        target=membership,
        action=MessagingEvent.PREFERENCES_SAVED,
        actor=by,
        data={"channels": preference.channels, "language": language},
    )
    return preference
