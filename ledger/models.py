"""Step 8 (建立工作台账): what the ledger keeps of its own. Everything a ledger prints is read
from the rows and events of steps 1–7; only the enterprise's choice of rhythm lives here."""

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
