"""What step 3 prints: the grievance record form (职工诉求记录表), the topic summary table
(议题梳理汇总分类表, PDF and XLSX) and a unit's collection register (征集协商议题记录本)."""

from collections import OrderedDict

from django.http import Http404
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side

from consult.documents import chinese_date
from consult.models import display_name
from consult.rendering import pdf_response, xlsx_response
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

    def build(wb):
        ws = wb.create_sheet("议题梳理汇总分类表")
        for column, width in zip("ABCDEF", (14, 11, 60, 18, 12, 16), strict=True):
            ws.column_dimensions[column].width = width
        thin = Side(style="thin")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        wrap = Alignment(wrap_text=True, vertical="top")

        def cell(value, *, bold=False, size=None, align=None):
            c = WriteOnlyCell(ws, value=value)
            c.font = Font(bold=bold, size=size)
            c.alignment = align or wrap
            if size is None:
                c.border = border
            return c

        ws.append(
            [cell("议题梳理汇总分类表", bold=True, size=14, align=Alignment(horizontal="center"))]
        )
        ws.merged_cells.add("A1:F1")
        ws.append(
            [cell(h, bold=True) for h in ("类别", "编号", "内容", "责任部门", "责任人", "备注")]
        )
        row_number = 2
        for class_name, rows in groups.items():
            first = row_number + 1
            for row in rows:
                ws.append(
                    [
                        cell(class_name),
                        cell(row["number"]),
                        cell(row["content"]),
                        cell(row["departments"]),
                        cell(row["responsible"]),
                        cell(row["note"]),
                    ]
                )
                row_number += 1
            if row_number > first:
                ws.merged_cells.add(f"A{first}:A{row_number}")

    return xlsx_response(build, filename)


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
