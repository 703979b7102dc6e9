"""Audit events, identity-view log and notifications."""

from django.conf import settings
from django.db import models
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


class Notification(models.Model):
    """An in-app message to one person. Its e-mail copy waits in the row (`mail_pending`)
    until `manage.py send_notification_mail` sends it (consult.audit)."""

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
    mail_pending = models.BooleanField(default=False, verbose_name=_("e-mail not sent yet"))

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
            # The e-mail outbox: only rows whose e-mail copy is still to be sent.
            models.Index(
                fields=["id"], condition=models.Q(mail_pending=True), name="notification_mail"
            ),
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
