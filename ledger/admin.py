from django.contrib import admin

from consult.admin import ReadOnlyScopedAdmin
from consult.admin_scoping import EnterpriseScopedAdmin
from consult.roles import Action
from ledger.models import HistoricalItem, HistoryImport, LedgerPreference


@admin.register(LedgerPreference)
class LedgerPreferenceAdmin(EnterpriseScopedAdmin):
    """Whether the union keeps the work ledger every quarter or every month."""

    list_display = ("enterprise", "rhythm")
    list_select_related = ("enterprise",)


# An earlier ledger names requesters: only who may import one reads its records here.
@admin.register(HistoryImport)
class HistoryImportAdmin(ReadOnlyScopedAdmin):
    view_action = Action.IMPORT_HISTORY
    list_display = ["uploaded_at", "file_name", "uploaded_by", "status", "imported_at"]
    list_select_related = ["uploaded_by"]
    fields = [
        "enterprise",
        "file_name",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "status",
        "imported_by",
        "imported_at",
        "counts",
    ]
    readonly_fields = fields


@admin.register(HistoricalItem)
class HistoricalItemAdmin(ReadOnlyScopedAdmin):
    """The texts an imported item's ledger had (the item is on the grievances' page)."""

    view_action = Action.IMPORT_HISTORY
    list_display = ["grievance", "history_import", "sheet", "line", "original_number"]
    list_select_related = ["grievance", "history_import"]
    fields = ["grievance", "history_import", "sheet", "line", "original_number"]
    readonly_fields = fields
