"""Integrations (issue 22): tokens with which an enterprise's OA or mini-program calls the API
under /api/v1/. Each is created by the union chair for one enterprise and a few scopes, shown
once, stored as a hash, and revoked rather than deleted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consult.models.org import Enterprise


class IntegrationScope(models.TextChoices):
    SUBMIT_FOR_PERSON = (
        "submit_for_person",
        _("Submit for a person signed in to the OA (named or confidential)"),
    )
    SUBMIT_ANONYMOUS = "submit_anonymous", _("Submit anonymously")
    READ_RECEIPT = "read_receipt", _("Read an item's public status by its receipt")
    LIST_OWN = "list_own", _("List a person's own items")


class IntegrationToken(models.Model):
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="integration_tokens",
        verbose_name=_("enterprise"),
    )
    name = models.CharField(_("name"), max_length=80)
    scopes = models.JSONField(_("scopes"), default=list)
    # SHA-256 of the whole token: it carries 256 random bits, so no slow hash is needed, and a
    # copy of the database gives nobody a usable token.
    key_hash = models.CharField(
        _("token fingerprint (SHA-256)"), max_length=64, unique=True, editable=False
    )
    # The token's first characters, printed in the list so the chair can tell tokens apart.
    prefix = models.CharField(_("begins with"), max_length=16, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("integration token")
        verbose_name_plural = _("integration tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    def scope_labels(self) -> list[str]:
        return [str(IntegrationScope(s).label) for s in self.scopes if s in IntegrationScope.values]
