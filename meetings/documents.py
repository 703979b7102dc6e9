"""What steps 4–5 print: the meeting notice (会议通知), the sign-in sheet (会议签到表), the
chairing script (会议主持词), the minutes (会议纪要), and a ZIP of them all. Each registers in
`consult.docregistry` at the bottom of this module; the ZIP holds whatever is registered for a
meeting.

The wording follows the handbook's forms. No meeting document names a requester: topics are
printed by their title and the representatives who present them, never by who raised them.
"""

import datetime
from collections import Counter

from django.http import Http404
from django.utils import timezone

from consult import docregistry
from consult.docregistry import Document, DocumentContext, Rendered
from consult.documents import chinese_date, chinese_number
from consult.models import Membership, MembershipRole
from consult.rendering import docx_document, docx_paragraph, docx_title, new_docx, pdf_document
from consult.roles import Role
from meetings.models import GROUP_PRINT, Meeting, MeetingKind, ParticipantGroup, Rsvp
from meetings.selectors import get_meeting_for, participants_of

WEEKDAYS = "一二三四五六日"

CLOSING = (
    "工会主席：今天全部议题已经沟通协商完毕，会后，企业行政部门、工会、各相关职能部门要按照"
    "今天会议确定的内容认真落实，并将办理结果反馈工会，工会按照程序在职工中开展满意度测评，"
    "希望最终取得满意的效果。"
)
# Documents are always in Chinese, whatever the reader's interface language.
KIND_PRINT = {
    MeetingKind.SPECIAL: "专题沟通协商会议",
    MeetingKind.LEADING_GROUP: "沟通协商机制领导小组工作会议",
    MeetingKind.JOINT: "党政联席会议",
    MeetingKind.QUARTERLY: "领导小组季度会议",
    MeetingKind.DISPATCH: "调度会议",
}
NOTICE_DRAFT = "（草稿，待企业行政负责人审批）"
NOTICE_BASIS = "根据《进一步畅通职工群众诉求渠道切实维护职工群众利益工作的实施意见》"


def chinese_time(t: datetime.time) -> str:
    part = "上午" if t.hour < 12 else "下午"
    hour = t.hour if t.hour <= 12 else t.hour - 12
    return f"{part}{hour}:{t.minute:02d}"


def meeting_when(meeting: Meeting) -> str:
    return (
        f"{chinese_date(meeting.date)}（星期{WEEKDAYS[meeting.date.weekday()]}）"
        f"{chinese_time(meeting.time)}"
    )


def meeting_title(meeting: Meeting) -> str:
    if meeting.is_rhythm:
        return f"{meeting.year}年第{meeting.number}次{KIND_PRINT[meeting.kind]}"
    return f"{meeting.year}年第{meeting.number}次工会与行政沟通协商会议"


def meeting_moment(meeting: Meeting) -> datetime.datetime:
    """When the meeting starts (aware, in the enterprise's time zone)."""
    return timezone.make_aware(datetime.datetime.combine(meeting.date, meeting.time))


def open_items_line(meeting: Meeting, *, as_of: datetime.datetime | None = None) -> str:
    """How many items were open as of the meeting (or `as_of`, if earlier: a notice counts on
    the day it went out), by where they stood (counts only: nothing identifies a requester),
    for a rhythm meeting's review of open items. A final record reads the same every time."""
    from django.utils import translation

    from grievances.models import Status
    from grievances.selectors import open_statuses_at

    moment = min(as_of or timezone.now(), meeting_moment(meeting))
    counts = open_statuses_at(meeting.enterprise, moment)
    with translation.override("zh-hans"):
        parts = [f"{Status(s).label}{n}项" for s, n in sorted(counts.items()) if n]
    total = sum(counts.values())
    day = chinese_date(timezone.localtime(moment).date())
    if not total:
        return f"截至{day}，无未办结诉求事项。"
    return f"截至{day}，未办结诉求事项{total}项（{'，'.join(parts)}）。"


def _rhythm_notice_lines(meeting: Meeting) -> dict:
    """A leading-group quarterly or dispatch meeting's notice: a plain notice of the leading
    group's office (at the union), with the meeting's own agenda."""
    enterprise = meeting.enterprise
    people = [p for p in participants_of(meeting) if not p.substitute_for_id]
    reply_by = chinese_date(meeting.reply_by) if meeting.reply_by else "＿＿年＿月＿日"
    issued = (
        timezone.localtime(meeting.notice_approved_at).date()
        if meeting.notice_approved_at
        else timezone.localdate()
    )
    title = meeting_title(meeting)
    return {
        "company": enterprise.name,
        "title": f"关于召开{title}的通知",
        "salutation": "领导小组各成员、各有关部门：",
        "body": f"定于{meeting_when(meeting)}在{meeting.place}召开{title}，会议议程如下：",
        "agenda": [line.strip() for line in meeting.agenda.splitlines() if line.strip()],
        "open_items": open_items_line(meeting, as_of=meeting.notice_approved_at),
        "groups": [
            "参会人员：" + ("、".join(_who(p, with_label=True) for p in people) or "＿＿＿")
        ],
        "reply": f"请参会人员于{reply_by}前回复工会办公室，并准备本部门工作进展情况。",
        "seals": [f"{enterprise.name}沟通协商工作领导小组办公室"],
        "date": chinese_date(issued),
        "draft": NOTICE_DRAFT if meeting.notice_approved_at is None else "",
        "note": "",
    }


def _items(meeting: Meeting):
    return list(meeting.items.select_related("topic__category").prefetch_related("departments"))


def _grouped(meeting: Meeting, *, for_sheet: bool = False) -> list[tuple[str, list]]:
    """[(printed group name, [participants])] in the handbook's order.

    People granted leave are left off the sign-in sheet (their substitutes sign instead)."""
    people = participants_of(meeting)
    groups = []
    for group in ParticipantGroup:
        rows = [p for p in people if p.group == group]
        if for_sheet:
            rows = [p for p in rows if p.rsvp != Rsvp.LEAVE_GRANTED]
        groups.append((GROUP_PRINT[group], rows))
    return groups


SPARE_ROWS = 2
SPARE_ROW = {"post": "", "name": "", "phone": "", "signed": ""}


def _sign_in_rows(meeting: Meeting) -> list[tuple[str, list[dict]]]:
    """The sign-in sheet's rows: 联系方式 is the phone on record of a member who allows it
    (Membership.phone_on_sign_in), or the one typed in for a guest; an electronic sign-in is
    printed in the signature column."""
    groups = _grouped(meeting, for_sheet=True)
    users = [p.user_id for _, rows in groups for p in rows if p.user_id]
    allowed = dict(
        Membership.objects.filter(
            enterprise=meeting.enterprise, user_id__in=users, phone_on_sign_in=True
        ).values_list("user_id", "phone")
    )
    printed = []
    for group, rows in groups:
        lines = []
        for p in rows:
            if not p.user_id:
                phone = p.phone
            elif p.user_id in allowed:
                phone = allowed[p.user_id] or p.phone
            else:
                phone = ""
            signed = timezone.localtime(p.signed_in_at) if p.signed_in_at else None
            lines.append(
                {
                    "post": p.label,
                    "name": _who(p, with_label=False),
                    "phone": phone,
                    "signed": f"电子签到 {signed:%m-%d %H:%M}" if signed else "",
                }
            )
        # Two blank rows per group for those who come in someone's place or were asked on
        # the day, as the handbook's sheet leaves them.
        lines += [dict(SPARE_ROW) for _ in range(SPARE_ROWS)]
        printed.append((group, lines))
    return printed


def _who(p, *, with_label: bool) -> str:
    name = p.display_name
    if with_label and p.label:
        name = f"{name}（{p.label}）"
    if p.substitute_for_id:
        name += f"（代{p.substitute_for.display_name}）"
    return name


def _numbered_groups(groups: list[tuple[str, str] | None]) -> list[str]:
    """The notice's numbered lines of participants (1、…；… 4、…。), the empty ones left out."""
    kept = [g for g in groups if g is not None]
    return [
        f"{n}、{title} {names}{'。' if n == len(kept) else '；'}"
        for n, (title, names) in enumerate(kept, start=1)
    ]


def notice_lines(meeting: Meeting) -> dict:
    """The notice's text, paragraph by paragraph, shared by PDF and DOCX."""
    if meeting.is_rhythm:
        return _rhythm_notice_lines(meeting)
    by_group = dict(
        (g, [p for p in participants_of(meeting) if p.group == g]) for g in ParticipantGroup
    )

    def names(group, with_label=False):
        people = [p for p in by_group[group] if not p.substitute_for_id]
        return "、".join(_who(p, with_label=with_label) for p in people) or "＿＿＿"

    enterprise = meeting.enterprise
    reply_by = chinese_date(meeting.reply_by) if meeting.reply_by else "＿＿年＿月＿日"
    issued = (
        timezone.localtime(meeting.notice_approved_at).date()
        if (meeting.notice_approved_at)
        else timezone.localdate()
    )
    form = "" if meeting.kind == MeetingKind.SPECIAL else f"（{KIND_PRINT[meeting.kind]}）"
    return {
        "company": enterprise.name,
        "title": f"关于召开{meeting_title(meeting)}的通知",
        "salutation": "企业行政各部门、工会、各职工代表：",
        "body": (
            f"{NOTICE_BASIS}，为进一步解决职工合理诉求，报经企业行政负责人同意，定于"
            f"{meeting_when(meeting)}在{meeting.place}召开工会与行政沟通协商会议{form}，"
            "现将与会人员通知如下："
        ),
        "groups": _numbered_groups(
            [
                ("企业行政负责人", names(ParticipantGroup.ADMINISTRATION, True)),
                ("工会负责人", names(ParticipantGroup.UNION, True)),
                # Only when a department head is invited (none is, when the topics'
                # departments were not): never a blank for a department nobody asked.
                ("企业有关职能部门负责人", names(ParticipantGroup.DEPARTMENTS, True))
                if by_group[ParticipantGroup.DEPARTMENTS]
                else None,
                ("职工代表", names(ParticipantGroup.REPRESENTATIVES, True)),
            ]
        ),
        "reply": (
            f"因会议内容较为重要，请与会人员于{reply_by}前将参会人员名单报工会办公室，"
            "无特殊情况不得请假、不得替会。"
        ),
        "seals": [f"{enterprise.name}（章）", f"{enterprise.display_union_name}（章）"],
        "date": chinese_date(issued),
        "draft": NOTICE_DRAFT if meeting.notice_approved_at is None else "",
        "agenda": [],
        "open_items": "",
        "note": "注：此会议通知发至企业各行政部门、各车间班组。",
    }


def _category_counts(items) -> str:
    counts = Counter(
        item.topic.category.name if item.topic.category_id else "其他类" for item in items
    )
    return "，".join(f"{name}{n}项" for name, n in counts.items())


def _deadline_text(item) -> str:
    if item.deadline_working_days is not None and item.deadline:
        return f"{item.deadline_working_days}个工作日内（{chinese_date(item.deadline)}前）完成"
    if item.deadline:
        return f"{chinese_date(item.deadline)}前完成"
    return "明确完成时限"


def _host_post(meeting: Meeting) -> str:
    """The host's own post (工会主席, 工会副主席…), from their membership."""
    post = (
        Membership.objects.filter(enterprise=meeting.enterprise, user_id=meeting.host_id)
        .values_list("post", flat=True)
        .first()
    )
    return post or "工会主席"


def _sentence(text: str) -> str:
    """Text that more words follow after a comma: without its closing full stop (no 。，)."""
    return text.strip().rstrip("。；;，,.")


def script_generate(meeting: Meeting) -> str:
    """The chairing script from the meeting's data, in the handbook's order (主持词样式)."""
    items = _items(meeting)
    people = participants_of(meeting)
    present = [p for p in people if p.rsvp != Rsvp.LEAVE_GRANTED]
    host = meeting.host_name or "＿＿＿"
    host_post = _host_post(meeting)
    head_ids = set(
        MembershipRole.objects.filter(
            membership__enterprise=meeting.enterprise, role=Role.ADMIN_HEAD
        ).values_list("membership__user_id", flat=True)
    )
    managers = [p for p in present if p.group == ParticipantGroup.ADMINISTRATION]
    heads = [p for p in managers if p.user_id in head_ids] or managers
    attendees = []
    for p in present:
        if p.user_id and p.user_id == meeting.host_id:
            continue
        if p.group == ParticipantGroup.ADMINISTRATION:
            attendees.append(f"{p.label or '企业行政负责人'}{p.display_name}")
        elif p.group == ParticipantGroup.UNION:
            attendees.append(f"{p.label or '工会'}{p.display_name}")
        elif p.group == ParticipantGroup.DEPARTMENTS:
            attendees.append(f"{p.label}负责人{p.display_name}")
        else:
            attendees.append(f"{p.label}职工代表{p.display_name}")
    titles = "、".join(f"“{item.topic.title}”" for item in items) or "……"
    lines = [
        f"主持人：{host}（{host_post}）",
        "各位代表：",
        f"现在召开{meeting.enterprise.name}{meeting_title(meeting)}，主要任务是通过沟通协商会议"
        f"解决职工提出的{titles}等诉求。",
        f"参加今天沟通会议人员有：{'，'.join(attendees) or '……'}，我是{host_post}{host}，"
        f"今天的沟通协商会议由我来主持。前期我们通过多种方式将征集到的议题进行了分类整理汇总，"
        f"共确定协商议题{len(items)}项，其中{_category_counts(items) or '……'}。下面会议正式开始。",
    ]
    for index, item in enumerate(items, start=1):
        departments = "、".join(d.name for d in item.departments.all())
        if not departments:
            departments = "、".join(d.name for d in item.topic.departments.all())
        reply = _sentence(item.reply) or "根据职工的提案，给予合理解答"
        reply += f"，由{departments or '＿＿＿'}负责办理"
        if item.responsible_person:
            reply += f"，责任人{item.responsible_person}"
        reply += f"，{_deadline_text(item)}。"
        lines += [
            f"{chinese_number(index)}、下面就第{chinese_number(index)}个议题进行协商：{item.topic.title}",
            f"职工代表：{item.statement or item.topic.summary or '根据实际情况，提出合理诉求。'}",
            f"行政方答复：{reply}",
            f"工会主席：{item.summary or '简单小结。'}",
        ]
    head = heads[0].display_name if heads else "＿＿＿"
    lines += [
        f"{chinese_number(len(items) + 1)}、企业行政负责人{head}同志讲话",
        meeting.head_remarks
        or "（根据会议协商议题确定的责任部门，再做进一步强调，明确责任部门、责任人）",
        CLOSING,
        "各位领导、代表辛苦了！谢谢！",
        "散会！",
    ]
    return "\n".join(lines)


def script_text(meeting: Meeting) -> str:
    return meeting.script or script_generate(meeting)


def attendance_summary(meeting: Meeting) -> dict:
    people = participants_of(meeting)
    return {
        # 应到: the people invited; a substitute fills a seat already counted.
        "invited": sum(not p.substitute_for_id for p in people),
        "attended": sum(p.attended for p in people),
        "on_leave": sum(p.rsvp == Rsvp.LEAVE_GRANTED for p in people),
        "unanswered": sum(p.rsvp == Rsvp.PENDING for p in people),
    }


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def _filename(meeting: Meeting, title: str, fmt: str) -> str:
    # Rhythm meetings are numbered apart from consultation meetings: their kind is in the name,
    # so 2026年第2次 and the year's second quarterly meeting never share a file name.
    kind = f"{KIND_PRINT[meeting.kind]}-" if meeting.is_rhythm else ""
    return f"{meeting.enterprise.code}-{meeting.year}-{kind}{meeting.number:02d}-{title}.{fmt}"


def _context(meeting: Meeting) -> dict:
    return {
        "meeting": meeting,
        "enterprise": meeting.enterprise,
        "meeting_title": meeting_title(meeting),
        "meeting_date": chinese_date(meeting.date),
        "meeting_when": meeting_when(meeting),
    }


def _pdf(template: str, title: str, extra):
    """A renderer of the PDF `meetings/print/<template>.html` with `extra(meeting)` added."""

    def render(meeting: Meeting, ctx: DocumentContext) -> Rendered:
        return pdf_document(
            f"meetings/print/{template}.html",
            {**_context(meeting), **extra(meeting)},
            _filename(meeting, title, "pdf"),
            ctx.request,
        )

    return render


def notice_docx(meeting: Meeting, ctx: DocumentContext) -> Rendered:
    t = notice_lines(meeting)
    doc = new_docx()
    if t["draft"]:
        docx_paragraph(doc, NOTICE_DRAFT, align="right")
    docx_title(doc, t["company"], size=18)
    docx_title(doc, t["title"], size=18)
    docx_paragraph(doc, t["salutation"])
    docx_paragraph(doc, t["body"], indent=True)
    for line in t["agenda"]:
        docx_paragraph(doc, line, indent=True)
    if t["open_items"]:
        docx_paragraph(doc, t["open_items"], indent=True)
    for line in t["groups"]:
        docx_paragraph(doc, line, indent=True)
    docx_paragraph(doc, t["reply"], indent=True)
    docx_paragraph(doc)
    for seal in t["seals"]:
        docx_paragraph(doc, seal, align="right")
    docx_paragraph(doc, t["date"], align="right")
    return docx_document(doc, _filename(meeting, "会议通知", "docx"))


def script_docx(meeting: Meeting, ctx: DocumentContext) -> Rendered:
    doc = new_docx()
    docx_title(doc, meeting.enterprise.name, size=16)
    docx_title(doc, meeting_title(meeting), size=18)
    docx_title(doc, "主 持 词", size=18)
    docx_paragraph(doc, f"（{chinese_date(meeting.date)}）", align="center")
    for line in script_text(meeting).splitlines():
        if line.strip():
            docx_paragraph(doc, line.strip(), indent=True)
    return docx_document(doc, _filename(meeting, "会议主持词", "docx"))


def archive(meeting: Meeting, ctx: DocumentContext) -> Rendered:
    """Every document registered for the meeting, in every format, in one ZIP (step 8)."""
    name = f"{meeting.enterprise.code}-{meeting.year}-{meeting.number:02d}-会议档案.zip"
    return docregistry.zip_of(docregistry.documents_for(ctx, [meeting]), ctx, name)


# --------------------------------------------------------------------------------------------
# Registration: whoever may see the meeting (get_meeting_for) may read its documents.
# --------------------------------------------------------------------------------------------


def _meeting(ctx: DocumentContext, pk: int) -> Meeting:
    return get_meeting_for(ctx.user, ctx.enterprise.code, pk)[1]


def _consultation_meeting(ctx: DocumentContext, pk: int) -> Meeting:
    """A document only a consultation meeting has (the chairing script): 404 for the leading
    group's quarterly and the dispatch meetings."""
    meeting = _meeting(ctx, pk)
    if meeting.is_rhythm:
        raise Http404
    return meeting


def _register(
    name: str, title: str, step: int, template: str, extra, docx=None, lookup=_meeting
) -> None:
    """The PDF is `meetings/print/<template>.html` with `extra(meeting)` in its context."""
    renderers = {"pdf": _pdf(template, title, extra)}
    if docx is not None:
        renderers["docx"] = docx
    docregistry.register(
        Document(
            name=name, title=title, step=step, model=Meeting, lookup=lookup, renderers=renderers
        )
    )


_register("meeting_notice", "会议通知", 4, "notice", lambda m: {"t": notice_lines(m)}, notice_docx)
_register("sign_in", "会议签到表", 5, "signin", lambda m: {"groups": _sign_in_rows(m)})
_register(
    "script",
    "会议主持词",
    5,
    "script",
    lambda m: {"lines": [line for line in script_text(m).splitlines() if line.strip()]},
    script_docx,
    lookup=_consultation_meeting,
)
_register(
    "minutes",
    "会议纪要",
    5,
    "minutes",
    lambda m: {
        "items": _items(m),
        "groups": _grouped(m),
        "attendance": attendance_summary(m),
        "agenda": [line.strip() for line in m.agenda.splitlines() if line.strip()],
        "open_items": open_items_line(m) if m.is_rhythm else "",
    },
)
