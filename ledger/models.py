"""Step 8 (建立工作台账): what the ledger keeps of its own. Everything a ledger prints is read
from the rows and events of steps 1–7; only the enterprise's choice of rhythm lives here."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consult.models import Enterprise


class Rhythm(models.TextChoices):
    """ "工会应当每季度整理一次，也可根据情况每月整理一次"."""

    QUARTERLY = "quarterly", _("Every quarter")
    MONTHLY = "monthly", _("Every month")


class LedgerPreference(models.Model):
    enterprise = models.OneToOneField(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="ledger_preference",
        verbose_name=_("enterprise"),
    )
    rhythm = models.CharField(
        _("ledger kept"), max_length=10, choices=Rhythm.choices, default=Rhythm.QUARTERLY
    )

    class Meta:
        verbose_name = _("ledger preference")
        verbose_name_plural = _("ledger preferences")

    def __str__(self):
        return f"{self.enterprise}: {self.get_rhythm_display()}"


def rhythm_of(enterprise) -> str:
    pref = LedgerPreference.objects.filter(enterprise=enterprise).first()
    return pref.rhythm if pref else Rhythm.QUARTERLY


class ArchiveBuild(models.Model):
    """One request for a period's archive (上述每一步工作有关表格、通知、记录等), built in the
    background: its reader waits on a page that shows its state and then links to the file. It
    holds what its reader may read, so each reader has their own; one at a time per reader and
    period, so a second click waits for the first build instead of starting another."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be built")
        RUNNING = "running", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired: build it again")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    period = models.CharField(_("period"), max_length=10)  # Period.slug: 2026-Q3, 2026-07
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    file = models.CharField(_("file"), max_length=200, blank=True)  # under ARCHIVE_ROOT
    size = models.BigIntegerField(_("size"), default=0)
    documents = models.PositiveIntegerField(_("documents"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("archive build")
        verbose_name_plural = _("archive builds")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "requested_by", "period"],
                condition=Q(status__in=["pending", "running"]),
                name="ledger_one_archive_build_at_a_time",
            )
        ]

    def __str__(self):
        return f"{self.enterprise} {self.period} ({self.status})"

    @property
    def busy(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)
