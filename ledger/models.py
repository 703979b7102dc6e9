"""Step 8 (建立工作台账): what the ledger keeps of its own. Everything a ledger prints is read
from the rows and events of steps 1–7; only the enterprise's choice of rhythm lives here, and
what an earlier ledger imported as history said that those rows cannot (ledger.history)."""

from django.conf import settings
from django.db import models
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


class HistoryImport(models.Model):
    """One uploaded earlier work ledger (职工诉求工作台账, ledger.history). Previewed, it keeps
    the plan (every row read and what it would become) until the user confirms; confirmed, it
    keeps who did it, the counts and, of the plan, only the refused rows (to be downloaded and
    fixed): the items themselves are the record of what it brought in."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed, not imported")
        IMPORTED = "imported", _("Imported")

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="history_imports",
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
    # The headers as found, per sheet: [{"sheet", "line", "columns", "unknown", "headers"}]
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

    class Meta:
        verbose_name = _("earlier ledger import")
        verbose_name_plural = _("earlier ledger imports")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"


class HistoricalItem(models.Model):
    """What an imported item had in its ledger that the app's own records cannot say: the
    texts of 办理情况, 诉求监督人, 工会审阅反馈 and 备注 as written there, the unit when no
    unit of the enterprise matches, and the number it carried. The item itself is an ordinary
    closed Grievance (numbered 历-…), its 满意度 an answered survey round, so that every
    ledger, dashboard and assessment counts it like the others."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise")
    )
    history_import = models.ForeignKey(
        HistoryImport,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=_("earlier ledger import"),
    )
    grievance = models.OneToOneField(
        "grievances.Grievance",
        on_delete=models.PROTECT,
        related_name="history",
        verbose_name=_("grievance"),
    )
    sheet = models.CharField(_("sheet"), max_length=40, blank=True)
    line = models.PositiveIntegerField(_("line"))
    original_number = models.CharField(_("number in the earlier ledger"), max_length=40, blank=True)
    # Identifies a row across files (number, date, requester, content): the same row imported
    # again, from the same file or another, is recognised and not imported twice.
    fingerprint = models.CharField(max_length=64, verbose_name=_("row fingerprint"))
    unit_text = models.CharField(_("unit as written"), max_length=100, blank=True)
    handling = models.TextField(_("handling"), blank=True)
    supervisor = models.CharField(_("supervisor"), max_length=100, blank=True)
    review = models.TextField(_("union review and feedback"), blank=True)
    remark = models.TextField(_("remarks"), blank=True)

    class Meta:
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "fingerprint"], name="historical_item_once"
            )
        ]

    def __str__(self):
        return self.original_number or str(self.line)
