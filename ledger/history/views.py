"""The history import's pages: upload, preview (each list viewable), confirm, refused rows to
download. Only the union chair and the union staff the chair designated reach them
(Action.IMPORT_HISTORY: an earlier ledger names requesters)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from consult.access import get_enterprise_for
from consult.docregistry import document_response
from consult.roles import Action
from consult.roster.uploads import SpreadsheetUploadForm, upload_to_preview
from consult.roster.workbooks import refused_xlsx
from ledger.history import services
from ledger.history.parse import NO_ANSWER
from ledger.history.plan import LISTS
from ledger.history.reasons import reason_text
from ledger.history.workbooks import template_xlsx
from ledger.models import HistoryImport
from surveys.models import LEVEL_PRINT, NO_ANSWER_PRINT

LIST_PAGE = 100
LIST_TITLES = {
    "new": gettext_lazy("To import"),
    "already": gettext_lazy("Already in the app"),
    "refused": gettext_lazy("Refused rows"),
}
DISCLOSURE_PRINT = {"anonymous": "匿名", "confidential": "保密"}


class HistoryUploadForm(SpreadsheetUploadForm):
    too_large = gettext_lazy("The file is %(size)s; it may be at most %(limit)s.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = gettext_lazy("Earlier work ledger (XLSX or CSV)")


def _access(request, code):
    return get_enterprise_for(request.user, code, action=Action.IMPORT_HISTORY)


def _import(access, pk) -> HistoryImport:
    return get_object_or_404(HistoryImport, pk=pk, enterprise=access.enterprise)


@login_required
def history_upload(request, code):
    access = _access(request, code)
    form = HistoryUploadForm(request.POST or None, request.FILES or None)

    def preview(**upload):
        return services.history_preview(enterprise=access.enterprise, by=request.user, **upload)

    response, status = upload_to_preview(request, form, preview, "history_preview", code)
    if response is not None:
        return response
    recent = HistoryImport.objects.filter(enterprise=access.enterprise).select_related(
        "uploaded_by", "imported_by"
    )[:10]
    return render(
        request,
        "ledger/history/upload.html",
        {"access": access, "enterprise": access.enterprise, "form": form, "recent": recent},
        status=status,
    )


def _requester(row: dict) -> str:
    if row.get("erased"):
        return "已删除"
    marker = DISCLOSURE_PRINT.get(row["disclosure"], "")
    if row["name"] and marker:
        return f"{row['name']}（{marker}）"
    return row["name"] or marker


def _shown_rows(name: str, entries: list) -> list[dict]:
    if name == "refused":
        return [{**e, "reason_text": reason_text(e["reason"])} for e in entries]
    return [{**e, "requester": _requester(e), "level_label": _level(e["level"])} for e in entries]


def _level(level: str) -> str:
    return NO_ANSWER_PRINT if level == NO_ANSWER else LEVEL_PRINT.get(level, "")


@login_required
def history_preview(request, code, pk):
    access = _access(request, code)
    return _preview_page(request, access, _import(access, pk))


def _summary_links(enterprise, years) -> list[tuple[int, str]]:
    url = reverse("ledger_summary", args=[enterprise.code])
    return [(year, f"{url}?{urlencode({'year': year})}") for year in years]


def _preview_page(request, access, record: HistoryImport, status: int = 200):
    imported = record.status == HistoryImport.Status.IMPORTED
    shown = request.GET.get("show", "")
    if shown not in LISTS or (imported and shown != "refused"):
        shown = "refused" if imported or record.counts.get("refused") else "new"
    entries = record.plan.get(shown, [])
    page = Paginator(entries, LIST_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "ledger/history/preview.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "record": record,
            "imported": imported,
            "shown": shown,
            "shown_title": LIST_TITLES[shown],
            "lists": [(name, LIST_TITLES[name], record.counts.get(name, 0)) for name in LISTS],
            "page": page,
            "rows": _shown_rows(shown, page.object_list),
            "sheets": record.header.get("sheets", []),
            "ignored": record.header.get("ignored", []),
            "summaries": _summary_links(access.enterprise, record.counts.get("years", [])),
        },
        status=status,
    )


@login_required
@require_POST
def history_confirm(request, code, pk):
    access = _access(request, code)
    record = _import(access, pk)
    try:
        services.history_import_confirm(history_import=record, by=request.user)
    except services.HistoryChanged as changed:
        record = services.history_preview_refresh(history_import=record, plan=changed.plan)
        messages.error(
            request,
            _(
                "The enterprise's items, people or categories changed since this preview. "
                "Nothing was imported; the preview below is up to date: check it and confirm "
                "again."
            ),
        )
        return _preview_page(request, access, record, status=409)
    except services.HistoryAlreadyImported as done:
        messages.error(request, str(done))
        return redirect("history_preview", code=code, pk=pk)
    messages.success(request, _("The earlier ledger was imported."))
    return redirect("history_preview", code=code, pk=pk)


@login_required
def history_template(request, code):
    _access(request, code)
    return document_response(template_xlsx())


@login_required
def history_refused(request, code, pk):
    access = _access(request, code)
    record = _import(access, pk)
    return document_response(
        refused_xlsx(
            record,
            title="历史台账中未导入的行（改好后可重新上传）",
            sheet="工作台账",
            explain=reason_text,
        )
    )
