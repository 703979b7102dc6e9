"""What step 3 prints: the grievance record form (职工诉求记录表), the topic summary table
(议题梳理汇总分类表, PDF and XLSX) and a unit's collection register (征集协商议题记录本).
Each registers in `consult.docregistry` at the bottom of this module."""

from collections import OrderedDict

from django.utils import timezone

from consult import docregistry
from consult.docregistry import Document, DocumentContext, Rendered
from consult.documents import chinese_date
from consult.models import display_name
from consult.rendering import pdf_document, xlsx_table
from consult.roles import Action
from grievances.models import CollectionRegister, Grievance, IntakeChannel, Status
from grievances.selectors import get_grievance_for, requester_display

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


def record_form(grievance: Grievance, ctx: DocumentContext) -> Rendered:
    requester = requester_display(grievance, ctx.access, ctx.user, context="record_form")
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
    return pdf_document(
        "grievances/print/record.html",
        context,
        f"职工诉求记录表-{grievance.number}.pdf",
        ctx.request,
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


def _summary_filename(enterprise, year, fmt: str) -> str:
    return f"议题梳理汇总分类表-{enterprise.code}{'-' + str(year) if year else ''}.{fmt}"


def summary_pdf(enterprise, ctx: DocumentContext) -> Rendered:
    year = ctx.year()
    return pdf_document(
        "grievances/print/summary.html",
        {"enterprise": enterprise, "groups": summary_rows(enterprise, year=year), "year": year},
        _summary_filename(enterprise, year, "pdf"),
        ctx.request,
    )


def summary_xlsx(enterprise, ctx: DocumentContext) -> Rendered:
    year = ctx.year()
    groups = summary_rows(enterprise, year=year)
    return xlsx_table(
        _summary_filename(enterprise, year, "xlsx"),
        title="议题梳理汇总分类表",
        columns=[
            ("类别", 14),
            ("编号", 11),
            ("内容", 60),
            ("责任部门", 18),
            ("责任人", 12),
            ("备注", 16),
        ],
        rows=(
            (class_name, r["number"], r["content"], r["departments"], r["responsible"], r["note"])
            for class_name, rows in groups.items()
            for r in rows
        ),
        merge_runs_in_first_column=True,
    )


def register_pdf(register: CollectionRegister, ctx: DocumentContext) -> Rendered:
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
    return pdf_document(
        "grievances/print/register.html",
        context,
        f"征集协商议题记录本-{register.unit.name}-{register.pk}.pdf",
        ctx.request,
    )


# --------------------------------------------------------------------------------------------
# Registration
# --------------------------------------------------------------------------------------------


def _grievance(ctx: DocumentContext, pk: int) -> Grievance:
    return get_grievance_for(ctx.user, ctx.enterprise.code, pk)[1]


def _routed_to_readers_department(access, grievance: Grievance) -> bool:
    # The department an item is routed to reads its record form (it answers on it).
    from grievances.views.item import _answering_department

    return _answering_department(access, grievance) is not None


def _register(ctx: DocumentContext, pk: int) -> CollectionRegister:
    # The register page's own rule: its keeper, or the union once it is handed up.
    from grievances.views.registers import _register_for

    return _register_for(ctx.user, ctx.enterprise.code, pk)[1]


docregistry.register(
    Document(
        name="grievance_record",
        title="职工诉求记录表",
        step=3,
        model=Grievance,
        lookup=_grievance,
        action=Action.VIEW_ALL_GRIEVANCES,
        also_allowed=_routed_to_readers_department,
        renderers={"pdf": record_form},
    )
)
docregistry.register(
    Document(
        name="summary_table",
        title="议题梳理汇总分类表",
        step=3,
        model=None,
        lookup=lambda ctx, pk: ctx.enterprise,
        action=Action.VIEW_ALL_GRIEVANCES,
        renderers={"pdf": summary_pdf, "xlsx": summary_xlsx},
    )
)
docregistry.register(
    Document(
        name="register",
        title="征集协商议题记录本",
        step=3,
        model=CollectionRegister,
        lookup=_register,
        renderers={"pdf": register_pdf},
    )
)
