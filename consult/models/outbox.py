"""The outbox (issue 21): one delivery per notification and channel, the messaging platforms an
enterprise configured (WeCom, DingTalk, group robots, SMS) and each person's choice of channels.

A notification is written in the step's transaction with its deliveries; nothing is sent inside a
request. `manage.py send_notifications` claims due deliveries, sends them and marks each one
(consult.outbox.sender).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consult.models.org import Enterprise, Membership
from consult.models.records import Notification


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WECOM = "wecom", _("WeCom")
    DINGTALK = "dingtalk", _("DingTalk")
    SMS = "sms", _("SMS")
    ROBOT = "robot", _("Group robot")


class DeliveryState(models.TextChoices):
    WAITING = "waiting", _("waiting to be sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed, will be retried")
    GIVEN_UP = "given_up", _("given up")


# The states the sender picks rows from.
DUE_STATES = (DeliveryState.WAITING, DeliveryState.FAILED)


class MessengerKind(models.TextChoices):
    """A platform account an enterprise can configure, and the channel it delivers on."""

    WECOM_APP = "wecom_app", _("WeCom application message")
    DINGTALK_APP = "dingtalk_app", _("DingTalk work notification")
    WECOM_ROBOT = "wecom_robot", _("WeCom group robot")
    DINGTALK_ROBOT = "dingtalk_robot", _("DingTalk custom robot")
    FEISHU_ROBOT = "feishu_robot", _("Feishu custom bot")
    SMS_ALIYUN = "sms_aliyun", _("SMS (Alibaba Cloud)")
    SMS_TENCENT = "sms_tencent", _("SMS (Tencent Cloud)")


CHANNEL_OF_KIND = {
    MessengerKind.WECOM_APP: DeliveryChannel.WECOM,
    MessengerKind.DINGTALK_APP: DeliveryChannel.DINGTALK,
    MessengerKind.WECOM_ROBOT: DeliveryChannel.ROBOT,
    MessengerKind.DINGTALK_ROBOT: DeliveryChannel.ROBOT,
    MessengerKind.FEISHU_ROBOT: DeliveryChannel.ROBOT,
    MessengerKind.SMS_ALIYUN: DeliveryChannel.SMS,
    MessengerKind.SMS_TENCENT: DeliveryChannel.SMS,
}


class Messenger(models.Model):
    """An enterprise's account on a messaging platform, configured by the union chair.

    `config` holds what may be shown (corp id, agent id, SMS signature, template codes);
    `secret` holds the Fernet token of the secret values (consult.outbox.secrets), written once
    and never shown back beyond `secret_hint` (the last four characters)."""

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="messengers",
        verbose_name=_("enterprise"),
    )
    kind = models.CharField(_("platform"), max_length=20, choices=MessengerKind.choices)
    name = models.CharField(_("name"), max_length=60, blank=True)
    config = models.JSONField(_("settings"), default=dict, blank=True)
    secret = models.TextField(_("secret (encrypted)"), blank=True, editable=False)
    secret_hint = models.CharField(_("secret ends with"), max_length=8, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("message channel")
        verbose_name_plural = _("message channels")
        ordering = ["enterprise", "kind", "id"]

    def __str__(self):
        return self.name or self.get_kind_display()

    @property
    def channel(self) -> str:
        return CHANNEL_OF_KIND[self.kind]


class Delivery(models.Model):
    """One notification going out on one channel to one address, until it is sent or given up.

    The sender claims a row by setting `lease_until` (and `lease`) in a short transaction, sends
    with no row lock held, then marks it; a sender that dies leaves the lease to expire, and the
    next run sends the row again (a crash may repeat one delivery, never lose one)."""

    notification = models.ForeignKey(
        Notification,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("notification"),
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=DeliveryChannel.choices)
    messenger = models.ForeignKey(
        Messenger,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("message channel"),
    )
    # E-mail address, WeCom/DingTalk user id, phone number, or the robot's name.
    address = models.CharField(_("address"), max_length=200)
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.WAITING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=False)
    lease = models.CharField(_("claimed by run"), max_length=32, blank=True, editable=False)
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True, editable=False)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-id"]
        indexes = [
            # The sender's queue: only rows still to send are indexed.
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=models.Q(state__in=["waiting", "failed"]),
                name="delivery_due",
            ),
            # The failed-deliveries page of an enterprise.
            models.Index(
                fields=["enterprise", "channel", "-id"],
                condition=models.Q(state__in=["failed", "given_up"]),
                name="delivery_trouble",
            ),
            # Rate limits: what went to one address (a robot, a phone) lately.
            models.Index(fields=["channel", "address", "sent_at"], name="delivery_recent"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} #{self.pk} ({self.get_state_display()})"


class DeliveryPreference(models.Model):
    """The channels a person chose for their notifications, and the language of the messages.

    Without a row (or with `channels` null) the defaults of their roles apply
    (consult.outbox.routing)."""

    membership = models.OneToOneField(
        Membership,
        on_delete=models.CASCADE,
        related_name="delivery_preference",
        verbose_name=_("membership"),
    )
    channels = models.JSONField(_("channels"), null=True, blank=True)
    language = models.CharField(
        _("language of messages"), max_length=10, blank=True, choices=settings.LANGUAGES
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("delivery preference")
        verbose_name_plural = _("delivery preferences")

    def __str__(self):
        return str(self.membership)
