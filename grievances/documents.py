"""What step 3 prints: the grievance record form (职工诉求记录表), the topic summary table
(议题梳理汇总分类表, PDF and XLSX) and a unit's collection register (征集协商议题记录本).
Each registers in `consult.docregistry` at the bottom of this module."""

from collections import OrderedDict

from django.db.models import F, Prefetch
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from consult import docregistry
from consult.docregistry import Document, DocumentContext, Rendered, TooLarge
from consult.documents import chinese_date
from consult.models import Category, Department, OrgUnit, display_name
from consult.rendering import pdf_document
from consult.roles import Action
from consult.xlsx import xlsx_table
from grievances.actors import Actors
from grievances.events import GrievanceEventType as E
from grievances.models import CollectionRegister, Grievance, IntakeChannel, Route
from grievances.selectors import (
    answering_department,
    get_grievance_for,
    get_register_for,
    read_signers,
    requester_display,
)
from grievances.workflow import SUMMARY_STATES

# The record form's four 受理方式 boxes, as the handbook prints them.
FORM_CHANNELS = ["谈话", "电话", "转达", "网络"]
# Which box each channel ticks: what reaches the union through someone or something else
# (a letter, the suggestion box, a unit's register) is 转达; WeChat and QQ are 网络.
CHANNEL_BOX = {
    IntakeChannel.TALK: "谈话",
    IntakeChannel.PHONE: "电话",
    IntakeChannel.RELAY: "转达",
    IntakeChannel.LETTER: "转达",
    IntakeChannel.BOX: "转达",
    IntakeChannel.REGISTER: "转达",
    IntakeChannel.OTHER: "转达",
    IntakeChannel.ONLINE: "网络",
    IntakeChannel.WECHAT_QQ: "网络",
}


def _when(value) -> str:
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{chinese_date(local)} {local:%H:%M}"


def approval_text(grievance: Grievance) -> str:
    """The deputy's 审批意见: their comment, or 同意。 when they approved without one (never
    同意。同意)."""
    if not grievance.approved_at:
        return ""
    return grievance.approval_note.strip() or "同意。"


def _signed_and_referred(grievance: Grievance, signed) -> tuple[str, list[dict]]:
    """The route the chair signed (an item later sent to a meeting keeps what was signed) and
    each later referral to a meeting, with its reason, who decided and when."""
    events = list(
        grievance.events.filter(action__in=(E.OPINION_SIGNED, E.REFERRED_TO_MEETING))
        .select_related("actor")
        .order_by("created_at", "id")
    )
    opinions = [e for e in events if e.action == E.OPINION_SIGNED]
    route = (opinions[-1].data or {}).get("route") if opinions else None
    route = route or grievance.route
    since = opinions[-1].pk if opinions else 0
    referrals = [
        {"reason": e.note, "by": signed(e.actor), "at": _when(e.created_at)}
        for e in events
        if e.action == E.REFERRED_TO_MEETING and e.pk > since
    ]
    return (Route(route).label if route else ""), referrals


def record_form(grievance: Grievance, ctx: DocumentContext) -> Rendered:
    read_signers(grievance)
    requester = requester_display(grievance, ctx.access, ctx.user, context="record_form")
    signed = Actors([grievance], ctx.access, ctx.user, context="record_form").name
    category = grievance.category
    route, referrals = _signed_and_referred(grievance, signed)
    context = {
        "route": route,
        "referrals": referrals,
        "enterprise": grievance.enterprise,
        "g": grievance,
        "channels": [(box, CHANNEL_BOX.get(grievance.channel) == box) for box in FORM_CHANNELS],
        "approval": approval_text(grievance),
        "received": _when(grievance.received_at),
        "category": f"{category.parent.name}·{category.name}"
        if category and category.parent_id
        else (category.name if category else ""),
        "requester": requester,
        "departments": "、".join(d.name for d in grievance.departments.all()),
        "opinion_by": signed(grievance.opinion_by),
        "opinion_at": _when(grievance.opinion_at),
        "approved_by": signed(grievance.approved_by),
        "approved_at": _when(grievance.approved_at),
        "answers": [
            {
                "department": a.department.name,
                "cannot_solve": a.cannot_solve,
                "text": a.text,
                "due": chinese_date(a.due) if a.due else "",
                "by": signed(a.answered_by),
                "at": _when(a.answered_at),
                "superseded": a.superseded_at is not None,
            }
            for a in grievance.department_answers.select_related(
                "department", "answered_by"
            ).order_by("answered_at", "id")
        ],
        "answered_by": signed(grievance.answered_by),
        "answered_at": _when(grievance.answered_at),
        "answer_due": chinese_date(grievance.answer_due) if grievance.answer_due else "",
    }
    return pdf_document(
        "grievances/print/record.html",
        context,
        f"职工诉求记录表-{grievance.number}.pdf",
        ctx.request,
    )


# Above this many rows the PDF is not rendered (WeasyPrint takes minutes and gigabytes for tens
# of thousands; a worker is killed after 30 s): the reader is offered the XLSX instead.
SUMMARY_PDF_MAX_ROWS = 1000
_EMPTY_ROW = {"content": "", "departments": "", "responsible": "", "note": ""}


def _summary_items(enterprise, *, year: int):
    """The table's items in its order: active classes by (order, name), then items of classes
    no longer active; within a class by subclass, then number."""
    top = {
        "top_pk": Coalesce("category__parent_id", "category_id"),
        "top_name": Coalesce("category__parent__name", "category__name"),
        "top_order": Coalesce("category__parent__order", "category__order"),
        "top_active": Coalesce("category__parent__is_active", "category__is_active"),
    }
    return (
        Grievance.objects.filter(enterprise=enterprise, category__isnull=False, year=year)
        .filter(status__in=SUMMARY_STATES)
        .annotate(**top, topic_note=F("topic__note"))
        .only("id", "content", "responsible_person")
        .prefetch_related(Prefetch("departments", Department.objects.only("id", "name")))
        .order_by(
            "-top_active", "top_order", "top_name", "top_pk", "category__order", "year", "serial"
        )
    )


def summary_stream(enterprise, *, year: int):
    """(class name, row or None) in the table's order, streamed from the database a chunk at a
    time; every active class appears, one without items as (name, None) (the handbook's table
    lists each class). 备注 is the union's remark on the item's topic."""
    classes = list(
        Category.objects.filter(enterprise=enterprise, parent__isnull=True, is_active=True)
        .order_by("order", "name", "pk")
        .values_list("pk", "name")
    )
    position, current = 0, None
    for g in _summary_items(enterprise, year=year).iterator(chunk_size=2000):
        if g.top_pk != current:
            current = g.top_pk
            while position < len(classes) and classes[position][0] != current:
                yield classes[position][1], None
                position += 1
            if position < len(classes):  # this item's class (not found: no longer active)
                position += 1
        yield (
            g.top_name,
            {
                "content": g.content,
                "departments": "、".join(d.name for d in g.departments.all()),
                "responsible": g.responsible_person,
                "note": g.topic_note or "",
            },
        )
    for _pk, name in classes[position:]:
        yield name, None


def summary_rows(enterprise, *, year: int) -> "OrderedDict[str, list[dict]]":
    """{class: [rows]} for every class of the enterprise, in its order, empty ones too."""
    groups: OrderedDict[str, list[dict]] = OrderedDict()
    for name, row in summary_stream(enterprise, year=year):
        rows = groups.setdefault(name, [])
        if row is not None:
            rows.append(row)
    return groups


def summary_year(ctx: DocumentContext) -> int:
    """The year asked for (`?year=`), this year by default."""
    return ctx.year() or timezone.localdate().year


def summary_title(year: int) -> str:
    return f"议题梳理汇总分类表（{year}年度）"


def _summary_filename(enterprise, year: int, fmt: str) -> str:
    return f"议题梳理汇总分类表-{enterprise.code}-{year}.{fmt}"


def summary_pdf(enterprise, ctx: DocumentContext) -> Rendered:
    year = summary_year(ctx)
    rows = _summary_items(enterprise, year=year).count()
    if rows > SUMMARY_PDF_MAX_ROWS:
        raise TooLarge(rows=rows, limit=SUMMARY_PDF_MAX_ROWS, alternative="xlsx")
    return pdf_document(
        "grievances/print/summary.html",
        {
            "enterprise": enterprise,
            "groups": summary_rows(enterprise, year=year),
            "title": summary_title(year),
        },
        _summary_filename(enterprise, year, "pdf"),
        ctx.request,
    )


def summary_xlsx(enterprise, ctx: DocumentContext) -> Rendered:
    year = summary_year(ctx)
    return xlsx_table(
        _summary_filename(enterprise, year, "xlsx"),
        title=f"{enterprise.name} {summary_title(year)}",
        columns=[("类别", 14), ("内容", 66), ("责任部门", 18), ("责任人", 12), ("备注", 20)],
        rows=(
            (name, *(row or _EMPTY_ROW).values())
            for name, row in summary_stream(enterprise, year=year)
        ),
        merge_runs_in_first_column=True,
    )


# Lines a blank register offers to fill by hand (one A4 page with the note).
BLANK_REGISTER_ROWS = 10


def register_pdf(register: CollectionRegister, ctx: DocumentContext) -> Rendered:
    context = {
        "enterprise": register.enterprise,
        "unit": register.unit.label,
        "keeper": display_name(register.keeper),
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
        f"征集协商议题记录本-{register.unit.label}-{register.pk}.pdf",
        ctx.request,
    )


def blank_register_pdf(unit: OrgUnit, ctx: DocumentContext) -> Rendered:
    """The register as the handbook prints it, with empty lines, for a unit to fill by hand."""
    return pdf_document(
        "grievances/print/register.html",
        {
            "enterprise": unit.enterprise,
            "unit": unit.label,
            "keeper": "",
            "rows": [{"position": i} for i in range(1, BLANK_REGISTER_ROWS + 1)],
            "date": "＿＿＿＿年＿＿月＿＿日",
        },
        f"征集协商议题记录本-{unit.label}-空白.pdf",
        ctx.request,
    )


# --------------------------------------------------------------------------------------------
# Registration
# --------------------------------------------------------------------------------------------


def _grievance(ctx: DocumentContext, pk: int) -> Grievance:
    return get_grievance_for(ctx.user, ctx.enterprise.code, pk)[1]


def _routed_to_readers_department(access, grievance: Grievance) -> bool:
    # The department an item is routed to reads its record form (it answers on it).
    return answering_department(access, grievance) is not None


def _register(ctx: DocumentContext, pk: int) -> CollectionRegister:
    # The register page's own rule: its keeper, or the union once it is handed up.
    return get_register_for(ctx.user, ctx.enterprise.code, pk)[1]


def _unit(ctx: DocumentContext, pk: None) -> OrgUnit:
    """The unit of `?unit=` in the reader's enterprise."""
    value = ctx.params.get("unit", "")
    unit = (
        OrgUnit.objects.filter(enterprise=ctx.enterprise, pk=value).select_related("enterprise")
        if value.isdigit()
        else OrgUnit.objects.none()
    ).first()
    if unit is None:
        raise Http404
    return unit


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
docregistry.register(
    Document(
        name="register_blank",
        title="征集协商议题记录本（空白）",
        step=3,
        model=None,
        lookup=_unit,  # an empty form names no one: any member may print it
        renderers={"pdf": blank_register_pdf},
    )
)
