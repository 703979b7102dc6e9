"""Audit events, identity-view log and notifications."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consult.events import audit_label
from consult.models.org import Enterprise, Federation


def target_label(target_type: str, target_id) -> str:
    """ "会议 #3" for ("meetings.meeting", 3): the recorded object in the reader's words."""
    from django.apps import apps

    try:
        name = apps.get_model(target_type)._meta.verbose_name
    except (LookupError, ValueError):
        name = target_type
    return f"{name} #{target_id}"


# ---------------------------------------------------------------------------------------------
# Audit events and notifications
# ---------------------------------------------------------------------------------------------


class AuditEvent(models.Model):
    """Who did what to which object, when; timelines are read from these rows."""

    # An enterprise's event; events of a federation's own accounts (its office's activation
    # slips) have the federation instead.
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("enterprise"),
    )
    federation = models.ForeignKey(
        Federation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("federation"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    target_type = models.CharField(max_length=60, verbose_name=_("object type"))
    target_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    action = models.CharField(_("action"), max_length=60)
    from_state = models.CharField(max_length=30, blank=True, verbose_name=_("from state"))
    to_state = models.CharField(max_length=30, blank=True, verbose_name=_("to state"))
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True, verbose_name=_("data"))
    # {field: [old, new]} for each field the change touched.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(enterprise__isnull=False) | models.Q(federation__isnull=False),
                name="audit_event_has_an_owner",
            )
        ]

    def __str__(self):
        return f"{target_label(self.target_type, self.target_id)} · {audit_label(self.action)}"


class IdentityView(models.Model):
    """One look at a protected requester's identity (DESIGN: each view is logged)."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise")
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("viewer"),
    )
    target_type = models.CharField(max_length=60, verbose_name=_("object type"))
    target_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    context = models.CharField(max_length=60, blank=True, verbose_name=_("context"))
    viewed_at = models.DateTimeField(auto_now_add=True, verbose_name=_("viewed at"))

    class Meta:
        verbose_name = _("identity view")
        verbose_name_plural = _("identity views")
        ordering = ["-viewed_at"]

    def __str__(self):
        return f"{self.viewed_at:%Y-%m-%d %H:%M} {target_label(self.target_type, self.target_id)}"


class MessageKind(models.TextChoices):
    """What a notification asks or tells, as a message outside the app says it (issue 21).

    A message leaving the app (e-mail, WeCom, DingTalk, SMS, a group robot) is written from its
    kind and a few whitelisted facts only (consult.outbox.texts), never from the in-app text."""

    NOTICE = "notice", _("General notice")
    NEW_ITEM = "new_item", _("New item")
    STEP = "step", _("A step waits")
    NEWS = "news", _("News about one's own item")
    TASK_DUE = "task_due", _("Task due")
    TASK_OVERDUE = "task_overdue", _("Task overdue")
    INFORM_DUE = "inform_due", _("Requester to be told")
    SURVEY = "survey", _("Survey invitation")
    MEETING = "meeting", _("Meeting notice")
    ACTIVATION_CODE = "activation_code", _("Activation code")
    PASSWORD_RESET = "password_reset", _("Password reset code")
    TEST = "test", _("Test message")


# The kinds that ask their reader to do something (verify, sign, answer a survey, act on a
# task, reply to an invitation): such a notification waits until the work is done. Every
# other kind tells something and is read once seen. A sender may say otherwise for one
# notification (`consult.audit.notify(asks=...)`: a meeting notice sent only for information).
ASKING_KINDS = frozenset(
    {
        MessageKind.NEW_ITEM,
        MessageKind.STEP,
        MessageKind.TASK_DUE,
        MessageKind.TASK_OVERDUE,
        MessageKind.INFORM_DUE,
        MessageKind.SURVEY,
        MessageKind.MEETING,
    }
)


class NotificationQuerySet(models.QuerySet):
    """Issue 18 point 6: the one rule of when a notification stops waiting. One that asks
    nothing is read when seen (the notifications page, the home page's list, its link opened);
    one that asks something is done when the work is (`consult.audit.notifications_done`)."""

    def unread(self):
        return self.filter(read_at__isnull=True)

    def asking(self):
        return self.filter(asks=True)

    def telling(self):
        return self.filter(asks=False)

    def seen(self) -> int:
        """These notifications were shown to their reader: those that ask nothing are read."""
        return self.telling().unread().update(read_at=timezone.now())

    def done(self) -> int:
        """The work these notifications asked for is done (or can no longer be done)."""
        return self.asking().unread().update(read_at=timezone.now())


class Notification(models.Model):
    """An in-app message to one person; it goes out on other channels as its deliveries
    (consult.models.outbox.Delivery), sent by `manage.py send_notifications`."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    # As sent (the sender's language); rows with a message id are shown from it instead.
    subject = models.CharField(_("subject"), max_length=200)
    message = models.CharField(_("message id"), max_length=300, blank=True)
    params = models.JSONField(_("message values"), default=dict, blank=True)
    prefix = models.CharField(_("prefix"), max_length=40, blank=True)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=300, blank=True, verbose_name=_("link"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("read at"))
    # What a message outside the app says: the kind and whitelisted facts (number, date, code).
    kind = models.CharField(
        _("kind"), max_length=20, choices=MessageKind.choices, default=MessageKind.NOTICE
    )
    facts = models.JSONField(_("message facts"), default=dict, blank=True)
    # Set by reminders: the same reminder is never written twice (`remind` may run again).
    key = models.CharField(_("key"), max_length=120, blank=True, editable=False)
    # Asks its reader to do something (a to-do): it waits until the work is done, however
    # often it is seen. See NotificationQuerySet.
    asks = models.BooleanField(_("asks for an action"), default=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Every signed-in page counts a person's unread notifications: only unread rows
            # are indexed, so the count does not read their whole history.
            models.Index(
                fields=["recipient", "enterprise", "-created_at", "-id"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            # The notifications page: a person's newest first, a page at a time.
            models.Index(
                fields=["recipient", "enterprise", "-created_at", "-id"],
                name="notification_recent",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~models.Q(key=""), name="notification_unique_key"
            )
        ]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        """The subject in the reader's (active) language; old rows as they were sent."""
        if not self.message:
            return self.subject
        from consult.messages import render

        return f"{self.prefix}{render(self.message, self.params)}"
