"""Accounts without e-mail: the one-time activation codes printed on slips (or sent by a
message channel), kept only as keyed hashes (consult.accounts.codes)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consult.models.org import FederationMembership, Membership


class ActivationCodeQuerySet(models.QuerySet):
    def open(self):
        """Codes that can still be used: not used, not replaced, not expired."""
        return self.filter(used_at__isnull=True, revoked_at__isnull=True).filter(
            expires_at__gt=timezone.now()
        )


class ActivationCode(models.Model):
    """A one-time code with which a person sets their password (first time or forgotten).

    Only an HMAC of the code is stored; the plaintext exists in the response that printed
    the slip (or the message that carried it) and nowhere else. A new code for the same
    person replaces every open one (`revoked_at`).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="activation_codes",
        verbose_name=_("user"),
    )
    # Where the code was issued: an enterprise's membership, or a federation's office.
    membership = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activation_codes",
        verbose_name=_("membership"),
    )
    federation_membership = models.ForeignKey(
        FederationMembership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activation_codes",
        verbose_name=_("federation membership"),
    )
    code_hash = models.CharField(_("code (keyed hash)"), max_length=80, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    objects = ActivationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(
                fields=["user"],
                condition=models.Q(used_at__isnull=True, revoked_at__isnull=True),
                name="activation_code_open",
            )
        ]

    def __str__(self):
        return f"{self.user} {self.issued_at:%Y-%m-%d}"
