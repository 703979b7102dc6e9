"""The roster import (花名册): each upload, its preview and, once confirmed, what it changed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consult.models.org import Enterprise, Membership


class RosterImport(models.Model):
    """One uploaded roster. Previewed, it keeps the plan (every row read, and what it would
    change: consult.roster.plan) until the user confirms; confirmed, it keeps who did it, the
    counts and, per person, the old and new values (`RosterChange`), and of the plan only the
    refused rows and the new units and departments."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed, not imported")
        IMPORTED = "imported", _("Imported")

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="roster_imports",
        verbose_name=_("enterprise"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("file checksum (SHA-256)"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED
    )
    # The header as found: {"line", "columns" ({field: index}), "unknown", "headers"}
    header = models.JSONField(_("header"), default=dict)
    plan = models.JSONField(_("plan"), default=dict, blank=True)
    counts = models.JSONField(_("counts"), default=dict)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    leavers_deactivated = models.BooleanField(_("leavers made inactive"), default=False)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"


class RosterChange(models.Model):
    """What one confirmed import did to one person: {field: [old, new]}."""

    class Kind(models.TextChoices):
        NEW = "new", _("New")
        CHANGED = "changed", _("Changed")
        LEFT = "left", _("Made inactive")

    roster_import = models.ForeignKey(
        RosterImport,
        on_delete=models.PROTECT,
        related_name="changes",
        verbose_name=_("roster import"),
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        related_name="roster_changes",
        verbose_name=_("membership"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    line = models.PositiveIntegerField(_("line"), null=True, blank=True)
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("roster change")
        verbose_name_plural = _("roster changes")
        ordering = ["id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.membership_id}"
