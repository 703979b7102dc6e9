"""What step 3 prints: the grievance record form (职工诉求记录表), the topic summary table
(议题梳理汇总分类表, PDF and XLSX) and a unit's collection register (征集协商议题记录本)."""

import io
from collections import OrderedDict

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from consult.documents import chinese_date
from consult.models import display_name
from consult.rendering import XLSX_TYPE, pdf_response
from grievances.models import Grievance, IntakeChannel, Status
from grievances.selectors import requester_display

# The record form's 受理方式 boxes, as printed in the handbook, then the other channels.
FORM_CHANNELS = [
    (IntakeChannel.TALK, "谈话"),
    (IntakeChannel.PHONE, "电话"),
    (IntakeChannel.RELAY, "转达"),
    (IntakeChannel.ONLINE, "网络"),
    (IntakeChannel.LETTER, "信函"),
    (IntakeChannel.BOX, "意见箱"),
    (IntakeChannel.WECHAT_QQ, "微信/QQ"),
    (IntakeChannel.REGISTER, "征集记录本"),
    (IntakeChannel.OTHER, "其他"),
]

# Items that belong in the summary table: classified and still alive.
SUMMARY_EXCLUDED = {
    Status.SUBMITTED,
    Status.VERIFIED,
    Status.REJECTED,
    Status.MERGED,
    Status.WITHDRAWN,
}


def _when(value) -> str:
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{chinese_date(local)} {local:%H:%M}"


def record_form(grievance: Grievance, *, access, viewer, request=None):
    requester = requester_display(grievance, access, viewer, context="record_form")
    category = grievance.category
    context = {
        "enterprise": grievance.enterprise,
        "g": grievance,
        "channels": [(label, grievance.channel == value) for value, label in FORM_CHANNELS],
        "received": _when(grievance.received_at),
        "category": f"{category.parent.name}·{category.name}"
        if category and category.parent_id
        else (category.name if category else ""),
        "requester": requester,
        "departments": "、".join(d.name for d in grievance.departments.all()),
        "opinion_by": display_name(grievance.opinion_by),
        "opinion_at": _when(grievance.opinion_at),
        "approved_by": display_name(grievance.approved_by),
        "approved_at": _when(grievance.approved_at),
        "answered_by": display_name(grievance.answered_by),
        "answered_at": _when(grievance.answered_at),
        "answer_due": chinese_date(grievance.answer_due) if grievance.answer_due else "",
    }
    return pdf_response(
        "grievances/print/record.html", context, f"职工诉求记录表-{grievance.number}.pdf", request
    )


def summary_rows(enterprise, *, year=None) -> "OrderedDict[str, list[dict]]":
    qs = (
        Grievance.objects.filter(enterprise=enterprise, category__isnull=False)
        .exclude(status__in=SUMMARY_EXCLUDED)
        .select_related("category", "category__parent")
        .prefetch_related("departments")
        .order_by("category__parent__order", "category__order", "year", "serial")
    )
    if year:
        qs = qs.filter(year=year)
    groups: OrderedDict[str, list[dict]] = OrderedDict()
    for g in qs:
        top = g.category.top
        groups.setdefault(top.name, []).append(
            {
                "number": g.number,
                "content": g.content,
                "subcategory": g.category.name if g.category.parent_id else "",
                "departments": "、".join(d.name for d in g.departments.all()),
                "responsible": g.responsible_person,
                "note": g.get_status_display(),
            }
        )
    return groups


def summary_table(enterprise, *, fmt: str, year=None, request=None):
    if fmt not in {"pdf", "xlsx"}:
        raise Http404
    groups = summary_rows(enterprise, year=year)
    filename = f"议题梳理汇总分类表-{enterprise.code}{'-' + str(year) if year else ''}.{fmt}"
    if fmt == "pdf":
        return pdf_response(
            "grievances/print/summary.html",
            {"enterprise": enterprise, "groups": groups, "year": year},
            filename,
            request,
        )
    wb = Workbook()
    ws = wb.active
    ws.title = "议题梳理汇总分类表"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append(["议题梳理汇总分类表"])
    ws.merge_cells("A1:F1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(["类别", "编号", "内容", "责任部门", "责任人", "备注"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.border = border
    for class_name, rows in groups.items():
        first = ws.max_row + 1
        for row in rows:
            ws.append(
                [
                    class_name,
                    row["number"],
                    row["content"],
                    row["departments"],
                    row["responsible"],
                    row["note"],
                ]
            )
            for cell in ws[ws.max_row]:
                cell.border = border
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if ws.max_row > first:
            ws.merge_cells(start_row=first, start_column=1, end_row=ws.max_row, end_column=1)
    for column, width in zip("ABCDEF", (14, 11, 60, 18, 12, 16), strict=True):
        ws.column_dimensions[column].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def register_document(register, *, request=None):
    context = {
        "enterprise": register.enterprise,
        "register": register,
        "rows": [
            {
                "position": r.position,
                "name": r.name,
                "content": r.content,
                "date": chinese_date(r.raised_on),
            }
            for r in register.rows.all()
        ],
        "date": chinese_date(timezone.localtime(register.created_at)),
    }
    return pdf_response(
        "grievances/print/register.html",
        context,
        f"征集协商议题记录本-{register.unit.name}-{register.pk}.pdf",
        request,
    )
