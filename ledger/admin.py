from django.contrib import admin

from consult.admin_scoping import EnterpriseScopedAdmin
from ledger.models import LedgerPreference


@admin.register(LedgerPreference)
class LedgerPreferenceAdmin(EnterpriseScopedAdmin):
    """Whether the union keeps the work ledger every quarter or every month."""

    list_display = ("enterprise", "rhythm")
    list_select_related = ("enterprise",)
