"""What step 6 prints: the 职工诉求工作进展情况跟踪表 of one item and the 情况通报 of one
meeting's decided items (PDF and DOCX), in the handbook's wording.

Neither names a requester: the tracking table prints the item's number and content, the
bulletin the meeting's topics and the departments.
"""

from django.http import Http404
from django.utils import timezone

from consult import docregistry
from consult.docregistry import Document, DocumentContext, Rendered
from consult.documents import chinese_date
from consult.rendering import docx_document, docx_paragraph, docx_title, new_docx, pdf_document
from consult.roles import Action
from grievances.models import Grievance
from meetings.models import Meeting
from supervision.models import METHOD_PRINT, Bulletin, Outcome, TellMethod, TrackingVisit

BOXES = [
    (Outcome.DONE, "已完成"),
    (Outcome.IN_PROGRESS, "正在进行中"),
    (Outcome.IMPOSSIBLE, "不具备条件无法执行"),
]
TELL_PRINT = {TellMethod.IN_PERSON: "面谈", TellMethod.PHONE: "电话", TellMethod.ONLINE: "网络"}
MIN_ROWS = 3  # the paper form has three 跟踪时间 rows
ADDRESSEE = "公司各车间（分厂）、班组、各行政部门："


def union_name(enterprise) -> str:
    return enterprise.union_name or f"{enterprise.name}工会"


# -- the tracking table -----------------------------------------------------------------------


def tracking_context(grievance: Grievance) -> dict:
    visits = list(
        TrackingVisit.objects.filter(task__grievances=grievance).order_by("visited_on", "id")
    )
    rows = [
        {
            "when": chinese_date(v.visited_on),
            "boxes": [(label, v.status == value) for value, label in BOXES],
            "note": f"{METHOD_PRINT[v.method]}（{v.team}）：{v.findings}",
        }
        for v in visits
    ]
    while len(rows) < MIN_ROWS:
        rows.append({"when": "", "boxes": [(label, False) for _, label in BOXES], "note": ""})
    told = list(grievance.told.order_by("told_at", "id"))
    feedback = [
        f"{chinese_date(timezone.localtime(t.told_at))}，经{TELL_PRINT[t.method]}告知：{t.text}"
        for t in told
    ]
    if not feedback:
        feedback = [
            f"承办部门反馈（{chinese_date(timezone.localtime(t.reported_at))}）：{t.outcome_text}"
            for t in grievance.tasks.filter(reported_at__isnull=False).order_by("id")
        ]
    return {
        "enterprise": grievance.enterprise,
        "union": union_name(grievance.enterprise),
        "today": chinese_date(timezone.localdate()),
        "g": grievance,
        "rows": rows,
        "feedback": feedback,
    }


def tracking_table(grievance: Grievance, ctx: DocumentContext) -> Rendered:
    return pdf_document(
        "supervision/print/tracking.html",
        tracking_context(grievance),
        f"跟踪表-{grievance.number}.pdf",
    )


# -- the bulletin -----------------------------------------------------------------------------


def _names(values) -> str:
    seen = []
    for v in values:
        for name in (v or "").replace("，", "、").split("、"):
            if name.strip() and name.strip() not in seen:
                seen.append(name.strip())
    return "、".join(seen)


def bulletin_text(meeting: Meeting) -> dict:
    """The handbook's 情况通报 filled from the meeting's tasks and their visits."""
    tasks = list(
        meeting.tasks.select_related("lead_department").prefetch_related("visits").order_by("id")
    )
    visits = [v for t in tasks for v in t.visits.all()]
    visit_days = sorted({v.visited_on for v in visits})
    when = chinese_date(visit_days[-1]) if visit_days else "XX年X月X日"
    team = []
    if _names(v.union_members for v in visits):
        team.append("工会" + _names(v.union_members for v in visits))
    if _names(v.management_members for v in visits):
        team.append(_names(v.management_members for v in visits))
    reps = _names(v.representatives for v in visits)
    who = "、".join(team) + (f"和职工代表{reps}" if reps else "")
    methods = "、".join(dict.fromkeys(METHOD_PRINT[v.method] for v in visits)) or "现场督导"
    topics = "、".join(f"“{t.title}”" for t in tasks)
    on_time = [t for t in tasks if t.outcome == Outcome.DONE and t.completed_on <= t.deadline]
    late = [
        t
        for t in tasks
        if (t.outcome == Outcome.DONE and t.completed_on > t.deadline)
        or (not t.outcome and t.deadline < timezone.localdate())
    ]
    impossible = [t for t in tasks if t.outcome == Outcome.IMPOSSIBLE]
    first = (
        f"{when}，由{who or 'XX'}对{chinese_date(meeting.date)}通过协商研究确定解决的事项"
        f"进行了督导（{methods}），现对有关情况进行通报。"
    )
    second = (
        f"{chinese_date(meeting.date)}，企业召开工会与行政沟通协商会议，研究了{topics}事项的"
        f"解决办法、责任部门和完成时限。{when}对会议研究落实情况进行了现场督导。"
    )
    if on_time:
        depts = "、".join(dict.fromkeys(t.lead_department.name for t in on_time))
        done = "、".join(f"“{t.title}”" for t in on_time)
        second += (
            f"通过督导情况来看，{depts}等部门，认真落实会议精神，按照会议提出的要求，"
            f"在规定时间内高质量的完成了{done}事项的办理。"
        )
    if late:
        depts = "、".join(dict.fromkeys(t.lead_department.name for t in late))
        items = "、".join(f"“{t.title}”" for t in late)
        second += f"{depts}未能在规定时间内完成{items}事项的办理，请抓紧落实。"
    if impossible:
        items = "、".join(f"“{t.title}”" for t in impossible)
        second += f"{items}事项目前不具备条件无法执行，已向诉求职工作出解释说明。"
    return {
        "title": (
            f"关于对{meeting.year}年第{meeting.number}次工会与行政沟通协商机制会议确定事项"
            f"进行督导的情况通报"
        ),
        "addressee": ADDRESSEE,
        "body": f"{first}\n{second}",
        "signature": f"{union_name(meeting.enterprise)}（章）",
        "dated": timezone.localdate(),
    }


# Where the handbook breaks the bulletin's title ("关于对XX年第X次 / 工会与行政沟通协商机制会议
# 确定事项 / 进行督导的情况通报"): a line starts at each of these, so no word is cut in two.
TITLE_BREAKS = ("工会与行政", "进行督导")


def title_lines(title: str) -> list[str]:
    """The title in the handbook's lines (a title without these phrases stays one line)."""
    lines = [title]
    for phrase in TITLE_BREAKS:
        head, found, tail = lines[-1].partition(phrase)
        if found and head.strip():
            lines[-1:] = [head.strip(), found + tail]
    return lines


def bulletin_context(bulletin: Bulletin) -> dict:
    return {
        "b": bulletin,
        "title_lines": title_lines(bulletin.title),
        "paragraphs": [p for p in bulletin.body.splitlines() if p.strip()],
        "dated": chinese_date(bulletin.dated),
        "draft": bulletin.status == Bulletin.Status.DRAFT,
    }


def _filename(bulletin: Bulletin, fmt: str) -> str:
    """Named after its meeting: a quarter's bulletins never share a file name."""
    return f"情况通报-{bulletin.meeting.label}.{fmt}"


def bulletin_pdf(bulletin: Bulletin, ctx: DocumentContext) -> Rendered:
    return pdf_document(
        "supervision/print/bulletin.html", bulletin_context(bulletin), _filename(bulletin, "pdf")
    )


def bulletin_docx(bulletin: Bulletin, ctx: DocumentContext) -> Rendered:
    doc = new_docx()
    for line in title_lines(bulletin.title):
        docx_title(doc, line, size=18)
    docx_paragraph(doc, bulletin.addressee)
    for paragraph in bulletin_context(bulletin)["paragraphs"]:
        docx_paragraph(doc, paragraph, indent=True, align="justify")
    docx_paragraph(doc)
    docx_paragraph(doc, bulletin.signature, align="right")
    docx_paragraph(doc, chinese_date(bulletin.dated), align="right")
    return docx_document(doc, _filename(bulletin, "docx"))


# -- registration -----------------------------------------------------------------------------


def _supervised_item(ctx: DocumentContext, pk: int) -> Grievance:
    from grievances.selectors import get_grievance_for

    grievance = get_grievance_for(ctx.user, ctx.enterprise.code, pk)[1]
    if not grievance.tasks.exists():
        raise Http404
    return grievance


def _bulletin(ctx: DocumentContext, pk: int) -> Bulletin:
    from supervision.selectors import get_bulletin_for

    return get_bulletin_for(ctx.user, ctx.enterprise.code, pk)[1]


docregistry.register(
    Document(
        name="tracking_table",
        title="职工诉求工作进展情况跟踪表",
        step=6,
        model=Grievance,
        lookup=_supervised_item,
        action=Action.SUPERVISE,
        also_allowed=lambda access, grievance: access.may(Action.VIEW_ALL_GRIEVANCES),
        renderers={"pdf": tracking_table},
    )
)
docregistry.register(
    Document(
        name="bulletin",
        title="情况通报",
        step=6,
        model=Bulletin,
        lookup=_bulletin,
        renderers={"pdf": bulletin_pdf, "docx": bulletin_docx},
    )
)
