"""What step 7 prints: the 职工诉求满意度调查表 of one answer, and the 职工诉求满意度整理台账 of a
period (PDF, A4 landscape with the header row on every page, and XLSX).

Neither names a respondent: the survey form prints the item's number and content and who was
asked (诉求人, 职工代表, 相关职工); the ledger prints the content and the handling department.
The ledger follows the form's note: 非常满意/满意/基本满意 rows fill the first four columns,
不满意 rows all seven.
"""

import datetime

from django.http import Http404
from django.utils import timezone

from consult import docregistry
from consult.docregistry import Document, DocumentContext, Rendered
from consult.documents import chinese_date
from consult.rendering import pdf_document
from consult.roles import Action
from consult.xlsx import xlsx_table
from grievances.actors import actor_display
from surveys.models import LEVEL_PRINT, METHOD_PRINT, NO_ANSWER_PRINT, Answer, RespondentKind
from surveys.selectors import ledger_rows, quarter_of, sees_all_rounds, visible_rounds

KIND_PRINT = {
    RespondentKind.REQUESTER: "诉求人",
    RespondentKind.REPRESENTATIVE: "参加协商会议的职工代表",
    RespondentKind.RELATED: "企业相关职工",
}
LEDGER_TITLE = "职工诉求满意度整理台账"
LEDGER_COLUMNS = [
    ("诉求内容", 40),
    ("诉求满意度", 12),
    ("承办部门", 14),
    ("责任人", 10),
    ("不满意原因", 28),
    ("责任部门", 14),
    ("解决措施及时限", 34),
]
NOTE = (
    "注：诉求满意度为“非常满意、满意、基本满意”的诉求只填写表格前四项，"
    "诉求满意度“不满意”的填写全部表格。"
)


def union_name(enterprise) -> str:
    return enterprise.union_name or f"{enterprise.name}工会"


# -- the survey form --------------------------------------------------------------------------


def survey_form_context(answer: Answer, ctx: DocumentContext) -> dict:
    respondent = answer.respondent
    r = respondent.round
    return {
        "union": union_name(r.enterprise),
        "g": r.grievance,
        "r": r,
        "who": KIND_PRINT[respondent.kind],
        "methods": [(label, answer.method == value) for value, label in METHOD_PRINT.items()],
        "levels": [(label, answer.level == value) for value, label in LEVEL_PRINT.items()],
        "answer": answer,
        "supervisor": actor_display(r.signed_by, [r.grievance], ctx.access, ctx.user),
        "when": chinese_date(timezone.localtime(answer.answered_at)),
        "review": r.review,
    }


def survey_form(answer: Answer, ctx: DocumentContext) -> Rendered:
    r = answer.respondent.round
    return pdf_document(
        "surveys/print/survey_form.html",
        survey_form_context(answer, ctx),
        f"满意度调查表-{r.grievance.number}-{r.number}-{answer.pk}.pdf",
    )


def _answer(ctx: DocumentContext, pk: int) -> Answer:
    answer = (
        Answer.objects.filter(pk=pk, respondent__round__in=visible_rounds(ctx.access))
        .select_related(
            "respondent",
            "respondent__round",
            "respondent__round__grievance",
            "respondent__round__enterprise",
            "respondent__round__signed_by",
        )
        .first()
    )
    if answer is None:
        raise Http404
    return answer


# -- the ledger -------------------------------------------------------------------------------


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def period(ctx: DocumentContext) -> tuple[datetime.date, datetime.date]:
    """`start`/`end` (ISO dates), or `year` with `quarter` or `month`, or `year`; else this
    quarter. A period that makes no sense answers 404."""
    params = ctx.params
    start, end = _date(params.get("start", "")), _date(params.get("end", ""))
    if start or end:
        if not (start and end) or start > end:
            raise Http404
        return start, end
    year = ctx.year()
    if year is None:
        return quarter_of(timezone.localdate())
    quarter, month = params.get("quarter", ""), params.get("month", "")
    if quarter in ("1", "2", "3", "4"):
        return quarter_of(datetime.date(year, 3 * int(quarter) - 2, 1))
    if month.isdigit() and 1 <= int(month) <= 12:
        first = datetime.date(year, int(month), 1)
        following = datetime.date(year + (int(month) == 12), int(month) % 12 + 1, 1)
        return first, following - datetime.timedelta(days=1)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _ledger(ctx: DocumentContext, pk) -> dict:
    start, end = period(ctx)
    return {"start": start, "end": end}


def _cells(row) -> list[str]:
    content = f"【{row.number} 第{row.round}轮】{row.content}"
    first = [content, row.level, row.department, row.responsible_person]
    if not row.unsatisfied:
        return [*first, "", "", ""]
    return [*first, row.reasons, row.remedy_department, row.remedy]


UNANSWERED_HEADING = "未答复事项（测评期满未获答复，不属于以上四个满意度等级，另列于此）"
UNANSWERED_COLUMNS = ["诉求内容", "承办部门", "责任人"]


def ledger_context(subject: dict, ctx: DocumentContext) -> dict:
    """The handbook's table holds the rounds answered at one of its four levels; rounds that
    closed unanswered (未答复) are listed apart, below it."""
    rows = ledger_rows(enterprise_id=ctx.enterprise.pk, start=subject["start"], end=subject["end"])
    answered = [r for r in rows if r.level != NO_ANSWER_PRINT]
    unanswered = [r for r in rows if r.level == NO_ANSWER_PRINT]
    return {
        "title": LEDGER_TITLE,
        "union": union_name(ctx.enterprise),
        "period": f"{chinese_date(subject['start'])}至{chinese_date(subject['end'])}",
        "columns": [c for c, _ in LEDGER_COLUMNS],
        "rows": [_cells(r) for r in answered],
        "note": NOTE,
        "unanswered_heading": UNANSWERED_HEADING,
        "unanswered_columns": UNANSWERED_COLUMNS,
        "unanswered": [_cells(r)[:1] + _cells(r)[2:4] for r in unanswered],
    }


def _filename(subject: dict, ext: str) -> str:
    return f"{LEDGER_TITLE}-{subject['start'].isoformat()}-{subject['end'].isoformat()}.{ext}"


def ledger_pdf(subject: dict, ctx: DocumentContext) -> Rendered:
    return pdf_document(
        "surveys/print/ledger.html", ledger_context(subject, ctx), _filename(subject, "pdf")
    )


def ledger_xlsx(subject: dict, ctx: DocumentContext) -> Rendered:
    context = ledger_context(subject, ctx)
    return xlsx_table(
        _filename(subject, "xlsx"),
        title=f"{context['union']}{LEDGER_TITLE}（{context['period']}）",
        columns=LEDGER_COLUMNS,
        rows=[*context["rows"], [NOTE, "", "", "", "", "", ""], *_unanswered_lines(context)],
    )


def _unanswered_lines(context: dict) -> list[list[str]]:
    """Below the table and its note: a blank line, the heading, its columns, the rows."""
    if not context["unanswered"]:
        return []
    return [
        [],
        [context["unanswered_heading"]],
        [context["unanswered_columns"][0], "", *context["unanswered_columns"][1:]],
        *[[content, "", *rest] for content, *rest in context["unanswered"]],
    ]


def _may_read_ledger(access, subject) -> bool:
    return sees_all_rounds(access) and not access.aggregate_only


docregistry.register(
    Document(
        name="survey_form",
        title="职工诉求满意度调查表",
        step=7,
        model=Answer,
        lookup=_answer,
        action=Action.RUN_SURVEYS,
        also_allowed=lambda access, answer: sees_all_rounds(access),
        renderers={"pdf": survey_form},
    )
)
docregistry.register(
    Document(
        name="satisfaction_ledger",
        title=LEDGER_TITLE,
        step=7,
        model=None,
        lookup=_ledger,
        action=Action.RUN_SURVEYS,
        also_allowed=_may_read_ledger,
        renderers={"pdf": ledger_pdf, "xlsx": ledger_xlsx},
    )
)
