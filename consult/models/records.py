"""Audit events, identity-view log and notifications."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consult.models.org import Enterprise

# ---------------------------------------------------------------------------------------------
# Audit events and notifications
# ---------------------------------------------------------------------------------------------


class AuditEvent(models.Model):
    """Who did what to which object, when; timelines are read from these rows."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target_type = models.CharField(max_length=60)
    target_id = models.PositiveBigIntegerField()
    action = models.CharField(_("action"), max_length=60)
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    # {field: [old, new]} for each field the change touched.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.target_type}#{self.target_id} {self.action}"


class IdentityView(models.Model):
    """One look at a protected requester's identity (DESIGN: each view is logged)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    target_type = models.CharField(max_length=60)
    target_id = models.PositiveBigIntegerField()
    context = models.CharField(max_length=60, blank=True)
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identity view")
        verbose_name_plural = _("identity views")
        ordering = ["-viewed_at"]


class Notification(models.Model):
    """An in-app message to one person; e-mail copies are sent after commit."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

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
            )
        ]

    def __str__(self):
        return self.subject
