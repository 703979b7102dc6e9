"""What step 8 prints: the 职工诉求工作台账 of a quarter or month and the annual 职工诉求分类汇总表,
as XLSX and PDF, registered in `consult.docregistry` (so the quarter's archive holds them too).

`?year=&quarter=` or `?year=&month=` choose the period and the ledger page's filters
(`unit`, `department`, `category`, `status`) narrow the rows; 诉求人, 部门（单位） and 电话 follow
the identity rule for the reader in every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import BadRequest
from django.utils import timezone
from django.utils.translation import gettext

from consult import docregistry
from consult.docregistry import Document, DocumentContext, Rendered
from consult.documents import chinese_date
from consult.rendering import pdf_document
from consult.roles import Action
from consult.xlsx import xlsx_table
from ledger import periods
from ledger.filters import filtered
from ledger.models import rhythm_of
from ledger.periods import Period, PeriodError
from ledger.rows import ledger_queryset, ledger_rows
from ledger.summary import COLUMNS as SUMMARY_COLUMNS
from ledger.summary import quarters, summary_queryset, summary_title, table_rows
from ledger.texts import COLUMNS, HEADERS

# Above this many rows the PDF is not rendered (it would take minutes): the reader is told to
# download the XLSX instead.
PDF_ROW_LIMIT = 1500


@dataclass
class LedgerSpec:
    enterprise: object
    period: Period
    params: dict = field(default_factory=dict)


def ledger_title(enterprise, period: Period) -> str:
    """The handbook's title; in the reader's language on the page (printed forms render in
    Chinese)."""
    return gettext("%(enterprise)s: work ledger of employees' requests (%(period)s)") % {
        "enterprise": enterprise.name,
        "period": period.shown,
    }


def spec_from(ctx: DocumentContext, *, whole_year: bool = False) -> LedgerSpec:
    try:
        period = periods.parse(ctx.params, rhythm=rhythm_of(ctx.enterprise), whole_year=whole_year)
    except PeriodError as exc:
        raise BadRequest(str(exc)) from exc
    return LedgerSpec(ctx.enterprise, period, dict(ctx.params.items()))


def ledger_items(spec: LedgerSpec, ctx: DocumentContext):
    qs, _ = filtered(ledger_queryset(spec.enterprise, spec.period), spec.params, ctx.access)
    return qs


def _name(spec: LedgerSpec, fmt: str) -> str:
    return f"{spec.enterprise.code}-工作台账-{spec.period.slug}.{fmt}"


def work_ledger_xlsx(spec: LedgerSpec, ctx: DocumentContext) -> Rendered:
    rows = ledger_rows(ctx.access, ctx.user, ledger_items(spec, ctx))
    return xlsx_table(
        _name(spec, "xlsx"),
        title=ledger_title(spec.enterprise, spec.period),
        columns=COLUMNS,
        rows=(r.values for r in rows),
        sheet=f"工作台账{spec.period.slug}",
    )


def work_ledger_pdf(spec: LedgerSpec, ctx: DocumentContext) -> Rendered:
    qs = ledger_items(spec, ctx)
    count = qs.count()
    too_many = count > PDF_ROW_LIMIT
    return pdf_document(
        "ledger/print/work_ledger.html",
        {
            "title": ledger_title(spec.enterprise, spec.period),
            "union": spec.enterprise.display_union_name,
            "today": chinese_date(timezone.localdate()),
            "headers": HEADERS,
            "rows": [] if too_many else [r.values for r in ledger_rows(ctx.access, ctx.user, qs)],
            "too_many": too_many,
            "count": count,
            "limit": PDF_ROW_LIMIT,
        },
        _name(spec, "pdf"),
        ctx.request,
    )


def _summary_name(spec: LedgerSpec, fmt: str) -> str:
    return f"{spec.enterprise.code}-诉求分类汇总表-{spec.period.year}.{fmt}"


def summary_rows_for(spec: LedgerSpec) -> list[list[str]]:
    return table_rows(quarters(summary_queryset(spec.enterprise, spec.period.year)))


def category_summary_xlsx(spec: LedgerSpec, ctx: DocumentContext) -> Rendered:
    return xlsx_table(
        _summary_name(spec, "xlsx"),
        title=summary_title(spec.enterprise, spec.period.year),
        columns=SUMMARY_COLUMNS,
        rows=summary_rows_for(spec),
        sheet=f"分类汇总{spec.period.year}",
    )


def category_summary_pdf(spec: LedgerSpec, ctx: DocumentContext) -> Rendered:
    groups = quarters(summary_queryset(spec.enterprise, spec.period.year))
    return pdf_document(
        "ledger/print/category_summary.html",
        {
            "title": summary_title(spec.enterprise, spec.period.year),
            "union": spec.enterprise.display_union_name,
            "groups": [(periods.QUARTER_NAMES[q], classes) for q, classes in groups.items()],
        },
        _summary_name(spec, "pdf"),
        ctx.request,
    )


docregistry.register(
    Document(
        name="work_ledger",
        title="职工诉求工作台账",
        step=8,
        model=None,
        lookup=lambda ctx, pk: spec_from(ctx),
        action=Action.VIEW_LEDGERS,
        renderers={"xlsx": work_ledger_xlsx, "pdf": work_ledger_pdf},
    )
)
docregistry.register(
    Document(
        name="category_summary",
        title="职工诉求分类汇总表",
        step=8,
        model=None,
        lookup=lambda ctx, pk: spec_from(ctx, whole_year=True),
        action=Action.VIEW_LEDGERS,
        renderers={"xlsx": category_summary_xlsx, "pdf": category_summary_pdf},
    )
)
