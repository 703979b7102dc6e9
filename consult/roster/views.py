"""The roster import's pages: upload, preview (each list viewable), confirm, refused rows to
download, the template, and the history of imports. Only the union chair and the union staff
the chair designated reach them (Action.IMPORT_ROSTER)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from consult.access import get_enterprise_for
from consult.docregistry import document_response
from consult.models import RosterChange, RosterImport
from consult.pagination import PAGE_SIZE, IdFirstPaginator, query_without_page
from consult.roles import Action
from consult.roster import services
from consult.roster.plan import LISTS
from consult.roster.reasons import reason_text
from consult.roster.uploads import SpreadsheetUploadForm, upload_to_preview
from consult.roster.workbooks import refused_xlsx, template_xlsx

LIST_PAGE = 100
FIELD_LABELS = {
    "employee_no": gettext_lazy("employee number"),
    "name": gettext_lazy("full name"),
    "phone": gettext_lazy("phone"),
    "unit": gettext_lazy("unit"),
    "department": gettext_lazy("department"),
    "post": gettext_lazy("post"),
    "employee_rep": gettext_lazy("Employee representative"),
    "employee": gettext_lazy("Employee"),
    "gender": gettext_lazy("gender"),
    "hired_on": gettext_lazy("hired on"),
    "wecom_userid": gettext_lazy("WeCom user id"),
    "dingtalk_userid": gettext_lazy("DingTalk user id"),
    "is_active": gettext_lazy("active"),
}
LIST_TITLES = {
    "new": gettext_lazy("New people"),
    "changed": gettext_lazy("Changed"),
    "unchanged": gettext_lazy("Unchanged"),
    "leaving": gettext_lazy("Leaving (not in the file)"),
    "refused": gettext_lazy("Refused rows"),
    "new_units": gettext_lazy("New units"),
    "new_departments": gettext_lazy("New departments"),
}


class RosterUploadForm(SpreadsheetUploadForm):
    too_large = gettext_lazy("The file is %(size)s; a roster may be at most %(limit)s.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = gettext_lazy("Roster file (XLSX or CSV)")


def _access(request, code):
    return get_enterprise_for(request.user, code, action=Action.IMPORT_ROSTER)


def _import(access, pk) -> RosterImport:
    return get_object_or_404(RosterImport, pk=pk, enterprise=access.enterprise)


@login_required
def roster_upload(request, code):
    access = _access(request, code)
    form = RosterUploadForm(request.POST or None, request.FILES or None)

    def preview(**upload):
        return services.roster_preview(enterprise=access.enterprise, by=request.user, **upload)

    response, status = upload_to_preview(request, form, preview, "roster_preview", code)
    if response is not None:
        return response
    recent = RosterImport.objects.filter(enterprise=access.enterprise).select_related(
        "uploaded_by"
    )[:5]
    return render(
        request,
        "consult/roster/upload.html",
        {"access": access, "enterprise": access.enterprise, "form": form, "recent": recent},
        status=status,
    )


@login_required
def roster_template(request, code):
    _access(request, code)
    return document_response(template_xlsx())


def _shown_rows(name: str, entries: list) -> list[dict]:
    rows = []
    for entry in entries:
        if name == "refused":
            rows.append({**entry, "reason_text": reason_text(entry["reason"])})
        elif name == "new_units":
            rows.append({"name": "/".join(n for n, _kind in entry)})
        elif name == "new_departments":
            rows.append({"name": entry})
        else:
            rows.append({**entry, "change_list": _change_list(entry.get("changes", {}))})
    return rows


def _value(value) -> str:
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return str(value) if value not in (None, "") else "—"


def _change_list(changes: dict) -> list[tuple[str, str, str]]:
    return [
        (str(FIELD_LABELS.get(name, name)), _value(old), _value(new))
        for name, (old, new) in changes.items()
    ]


@login_required
def roster_preview(request, code, pk):
    access = _access(request, code)
    record = _import(access, pk)
    return _preview_page(request, access, record)


def _preview_page(request, access, record: RosterImport, status: int = 200):
    imported = record.status == RosterImport.Status.IMPORTED
    shown = request.GET.get("show", "")
    if shown not in LISTS or (
        imported and shown not in ("refused", "new_units", "new_departments")
    ):
        shown = "changes" if imported else ("refused" if record.counts.get("refused") else "new")
    if shown == "changes":
        changes = record.changes.select_related("membership__user").order_by("id")
        page = IdFirstPaginator(changes, LIST_PAGE).get_page(request.GET.get("page"))
        rows = [{"change": c, "change_list": _change_list(c.changes)} for c in page.object_list]
    else:
        page = Paginator(record.plan.get(shown, []), LIST_PAGE).get_page(request.GET.get("page"))
        rows = _shown_rows(shown, page.object_list)
    return render(
        request,
        "consult/roster/preview.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "record": record,
            "imported": imported,
            "shown": shown,
            "shown_title": LIST_TITLES.get(shown, _("Changes made")),
            "lists": [(name, LIST_TITLES[name], record.counts.get(name, 0)) for name in LISTS],
            "page": page,
            "rows": rows,
            "query": query_without_page(request),
            "unknown_columns": record.header.get("unknown", []),
        },
        status=status,
    )


@login_required
@require_POST
def roster_confirm(request, code, pk):
    access = _access(request, code)
    record = _import(access, pk)
    try:
        services.roster_import_confirm(
            roster_import=record,
            by=request.user,
            deactivate_leavers=request.POST.get("deactivate_leavers") == "1",
        )
    except services.RosterChanged as changed:
        record = services.roster_preview_refresh(roster_import=record, plan=changed.plan)
        messages.error(
            request,
            _(
                "The enterprise's people changed since this preview (another import or an "
                "edit). Nothing was imported; the preview below is up to date: check it and "
                "confirm again."
            ),
        )
        return _preview_page(request, access, record, status=409)
    except services.RosterAlreadyImported as done:
        messages.error(request, str(done))
        return redirect("roster_preview", code=code, pk=pk)
    messages.success(request, _("The roster was imported."))
    return redirect("roster_preview", code=code, pk=pk)


@login_required
def roster_refused(request, code, pk):
    access = _access(request, code)
    return document_response(refused_xlsx(_import(access, pk)))


@login_required
def roster_history(request, code):
    access = _access(request, code)
    imports = RosterImport.objects.filter(enterprise=access.enterprise).select_related(
        "uploaded_by", "imported_by"
    )
    page = IdFirstPaginator(imports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "consult/roster/history.html",
        {
            "access": access,
            "enterprise": access.enterprise,
            "page": page,
            "query": query_without_page(request),
            "kinds": RosterChange.Kind,
        },
    )
