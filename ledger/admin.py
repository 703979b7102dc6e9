from django.contrib import admin

from consult.admin import ReadOnlyScopedAdmin
from consult.admin_scoping import EnterpriseScopedAdmin
from consult.roles import Action
from ledger.models import ArchiveBuild, LedgerPreference


@admin.register(LedgerPreference)
class LedgerPreferenceAdmin(EnterpriseScopedAdmin):
    """Whether the union keeps the work ledger every quarter or every month."""

    list_display = ("enterprise", "rhythm")
    list_select_related = ("enterprise",)


@admin.register(ArchiveBuild)
class ArchiveBuildAdmin(ReadOnlyScopedAdmin):
    """The period archives asked for and how their builds went (a stuck one shows here)."""

    view_action = Action.VIEW_LEDGERS
    list_display = ("enterprise", "period", "status", "documents", "created_at", "finished_at")
    list_filter = ("status",)
    list_select_related = ("enterprise",)
    exclude = ("requested_by", "file")
