"""What steps 1–2 print: the leading group's formation document and duties (领导小组成立文件,
领导小组职责), the implementation notice (实施意见) and the public poster with its QR code.
Each registers in `consult.docregistry` at the bottom of this module."""

import segno
from django.conf import settings
from django.http import Http404
from django.urls import reverse

from consult import docregistry, org_lists
from consult.docregistry import Document, DocumentContext, Rendered
from consult.handbook import CONFIDENTIALITY_PROMISE, DUTIES_PREAMBLE, NOTICE_PREAMBLE
from consult.models import Channel, Enterprise, ImplementationNotice, LeadingGroup
from consult.rendering import (
    docx_document,
    docx_paragraph,
    docx_title,
    new_docx,
    pdf_document,
)

__all__ = ["CONFIDENTIALITY_PROMISE"]

CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (enough for article numbers)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    prefix = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return prefix + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def leading_group_members(group: LeadingGroup) -> dict:
    members = list(group.members.select_related("user"))
    by_position = {"leader": [], "deputy": [], "member": []}
    for m in members:
        by_position[m.position].append(m)
    director = next((m for m in members if m.is_office_director), None)
    return {**by_position, "director": director}


def public_channels(enterprise: Enterprise) -> list[Channel]:
    return org_lists.channels(enterprise.pk)


# --------------------------------------------------------------------------------------------
# Step 1
# --------------------------------------------------------------------------------------------


def _formation_filename(group: LeadingGroup, fmt: str) -> str:
    return f"{group.enterprise.name}工会与行政沟通协商机制领导小组.{fmt}"


def formation_pdf(group: LeadingGroup, ctx: DocumentContext) -> Rendered:
    return pdf_document(
        "consult/print/leading_group.html",
        {
            "enterprise": group.enterprise,
            "group": group,
            "members": leading_group_members(group),
            "formed_on": chinese_date(group.formed_on),
        },
        _formation_filename(group, "pdf"),
        ctx.request,
    )


def formation_docx(group: LeadingGroup, ctx: DocumentContext) -> Rendered:
    return docx_document(
        _formation_docx(group, leading_group_members(group)), _formation_filename(group, "docx")
    )


def _duties(group: LeadingGroup) -> list[tuple[str, str]]:
    return [(chinese_number(i), text) for i, text in enumerate(group.duty_list, start=1)]


def _duties_filename(group: LeadingGroup, fmt: str) -> str:
    return f"{group.enterprise.name}工会与行政沟通协商机制领导小组职责.{fmt}"


def duties_pdf(group: LeadingGroup, ctx: DocumentContext) -> Rendered:
    return pdf_document(
        "consult/print/duties.html",
        {"enterprise": group.enterprise, "duties": _duties(group), "preamble": DUTIES_PREAMBLE},
        _duties_filename(group, "pdf"),
        ctx.request,
    )


def duties_docx(group: LeadingGroup, ctx: DocumentContext) -> Rendered:
    doc = new_docx()
    docx_title(doc, f"{group.enterprise.name}\n工会与行政沟通协商机制领导小组职责")
    docx_paragraph(doc, DUTIES_PREAMBLE, indent=True)
    for number, text in _duties(group):
        docx_paragraph(doc, f"{number}、{text}", indent=True)
    return docx_document(doc, _duties_filename(group, "docx"))


def _member_line(member) -> str:
    return f"{member.display_name}（{member.post}）"


def _formation_docx(group: LeadingGroup, members: dict):
    doc = new_docx()
    docx_title(doc, f"{group.enterprise.name}\n工会与行政沟通协商机制领导小组")
    for label, key in (("组  长：", "leader"), ("副组长：", "deputy"), ("成  员：", "member")):
        rows = members[key]
        for index, member in enumerate(rows):
            prefix = label if index == 0 else "　" * 4
            docx_paragraph(doc, prefix + _member_line(member))
    director = members["director"]
    director_name = director.display_name if director else "＿＿＿"
    docx_paragraph(
        doc,
        f"办公室设在{group.office_location}，{director_name}同志兼任办公室主任。",
        indent=True,
    )
    docx_paragraph(doc, chinese_date(group.formed_on), align="right")
    return doc


# --------------------------------------------------------------------------------------------
# Step 2
# --------------------------------------------------------------------------------------------


def _channel_sentence(enterprise: Enterprise, channels: list[Channel]) -> str:
    parts = [f"{c.get_kind_display()}（{c.value}）" for c in channels]
    ways = "、".join(parts) if parts else "信函、电话、企业OA、微博、QQ群、微信群"
    address = enterprise.union_office_address or "＿＿＿＿"
    return (
        f"1、可通过{ways}等方式合理反映合理诉求和意见建议；可到工会办公室当面反映合理诉求和问题，"
        f"工会办公室地址：{address}；{CONFIDENTIALITY_PROMISE}"
    )


def notice_sections(notice: ImplementationNotice) -> list[tuple[str, list[str]]]:
    enterprise = notice.enterprise
    channels = public_channels(enterprise)
    resolution = [
        _channel_sentence(enterprise, channels),
        *[
            p if p[:2] in {"2、", "2."} else f"2、{p}"
            for p in ImplementationNotice.paragraphs(notice.resolution)
        ],
    ]
    return [
        ("一、目的意义", ImplementationNotice.paragraphs(notice.purpose)),
        ("二、基本原则", ImplementationNotice.paragraphs(notice.principles)),
        ("三、工作重点", ImplementationNotice.paragraphs(notice.priorities)),
        ("四、职工诉求表达及解决方式", resolution),
    ]


def _notice_title(notice: ImplementationNotice) -> str:
    return f"{notice.enterprise.name}{notice.year}年工会与行政沟通协商机制实施意见"


def notice_pdf(notice: ImplementationNotice, ctx: DocumentContext) -> Rendered:
    return pdf_document(
        "consult/print/notice.html",
        {
            "enterprise": notice.enterprise,
            "notice": notice,
            "sections": notice_sections(notice),
            "preamble": NOTICE_PREAMBLE,
            "issued_on": chinese_date(notice.issued_on),
        },
        f"{_notice_title(notice)}.pdf",
        ctx.request,
    )


def notice_docx(notice: ImplementationNotice, ctx: DocumentContext) -> Rendered:
    enterprise = notice.enterprise
    doc = new_docx()
    docx_title(doc, f"{enterprise.name}\n{notice.year}年工会与行政沟通协商机制实施意见", size=18)
    docx_paragraph(doc, NOTICE_PREAMBLE, indent=True)
    for heading, paragraphs in notice_sections(notice):
        docx_paragraph(doc, heading, bold=True)
        for text in paragraphs:
            docx_paragraph(doc, text, indent=True)
    docx_paragraph(doc, enterprise.name, align="right")
    docx_paragraph(doc, chinese_date(notice.issued_on), align="right")
    return docx_document(doc, f"{_notice_title(notice)}.docx")


def public_url(enterprise: Enterprise) -> str:
    return settings.SITE_URL + reverse("public_page", kwargs={"code": enterprise.code})


def qr_svg_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=10, border=2)


def poster_pdf(enterprise: Enterprise, ctx: DocumentContext) -> Rendered:
    url = public_url(enterprise)
    return pdf_document(
        "consult/print/poster.html",
        {
            "enterprise": enterprise,
            "url": url,
            "qr": qr_svg_data_uri(url),
            "channels": public_channels(enterprise),
            "promise": CONFIDENTIALITY_PROMISE,
        },
        f"{enterprise.name}职工诉求渠道海报.pdf",
        ctx.request,
    )


# --------------------------------------------------------------------------------------------
# Registration: every member of the enterprise may read these.
# --------------------------------------------------------------------------------------------


def _leading_group(ctx: DocumentContext, pk: None) -> LeadingGroup:
    try:
        return ctx.enterprise.leading_group
    except LeadingGroup.DoesNotExist as exc:
        raise Http404 from exc


def _notice(ctx: DocumentContext, pk: None) -> ImplementationNotice:
    """The notice of `?year=`, or the latest one when no year is asked for."""
    notices = ctx.enterprise.notices.select_related("enterprise")
    year = ctx.year()
    notice = notices.filter(year=year).first() if year else notices.order_by("-year").first()
    if notice is None or ("year" in ctx.params and year is None):
        raise Http404
    return notice


def _enterprise(ctx: DocumentContext, pk: None) -> Enterprise:
    return ctx.enterprise


docregistry.register(
    Document(
        name="leading_group",
        title="领导小组成立文件",
        step=1,
        model=None,
        lookup=_leading_group,
        renderers={"pdf": formation_pdf, "docx": formation_docx},
    )
)
docregistry.register(
    Document(
        name="leading_group_duties",
        title="领导小组职责",
        step=1,
        model=None,
        lookup=_leading_group,
        renderers={"pdf": duties_pdf, "docx": duties_docx},
    )
)
docregistry.register(
    Document(
        name="notice",
        title="实施意见",
        step=2,
        model=None,
        lookup=_notice,
        renderers={"pdf": notice_pdf, "docx": notice_docx},
    )
)
docregistry.register(
    Document(
        name="poster",
        title="职工诉求渠道海报",
        step=2,
        model=None,
        lookup=_enterprise,
        renderers={"pdf": poster_pdf},
    )
)
