"""What steps 1–2 print: the leading group's formation document and duties (领导小组成立文件,
领导小组职责), the implementation notice (实施意见) and the public poster with its QR code."""

import io

import segno
from django.conf import settings
from django.http import Http404
from django.urls import reverse

from consult.handbook import CONFIDENTIALITY_PROMISE, DUTIES_PREAMBLE, NOTICE_PREAMBLE
from consult.models import Channel, Enterprise, ImplementationNotice, LeadingGroup
from consult.rendering import (
    docx_paragraph,
    docx_response,
    docx_title,
    in_document_language,
    new_docx,
    pdf_response,
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
    return list(enterprise.channels.filter(is_active=True))


def _check_fmt(fmt: str) -> None:
    if fmt not in {"pdf", "docx"}:
        raise Http404


# --------------------------------------------------------------------------------------------
# Step 1
# --------------------------------------------------------------------------------------------


@in_document_language
def leading_group_document(group: LeadingGroup, *, kind: str, fmt: str, request=None):
    _check_fmt(fmt)
    enterprise = group.enterprise
    members = leading_group_members(group)
    if kind == "formation":
        filename = f"{enterprise.name}工会与行政沟通协商机制领导小组.{fmt}"
        if fmt == "pdf":
            return pdf_response(
                "consult/print/leading_group.html",
                {
                    "enterprise": enterprise,
                    "group": group,
                    "members": members,
                    "formed_on": chinese_date(group.formed_on),
                },
                filename,
                request,
            )
        return docx_response(_formation_docx(group, members), filename)
    if kind == "duties":
        filename = f"{enterprise.name}工会与行政沟通协商机制领导小组职责.{fmt}"
        duties = [(chinese_number(i), text) for i, text in enumerate(group.duty_list, start=1)]
        if fmt == "pdf":
            return pdf_response(
                "consult/print/duties.html",
                {"enterprise": enterprise, "duties": duties, "preamble": DUTIES_PREAMBLE},
                filename,
                request,
            )
        doc = new_docx()
        docx_title(doc, f"{enterprise.name}\n工会与行政沟通协商机制领导小组职责")
        docx_paragraph(doc, DUTIES_PREAMBLE, indent=True)
        for number, text in duties:
            docx_paragraph(doc, f"{number}、{text}", indent=True)
        return docx_response(doc, filename)
    raise Http404


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


@in_document_language
def notice_document(notice: ImplementationNotice, *, fmt: str, request=None):
    _check_fmt(fmt)
    enterprise = notice.enterprise
    title = f"{enterprise.name}{notice.year}年工会与行政沟通协商机制实施意见"
    sections = notice_sections(notice)
    filename = f"{title}.{fmt}"
    if fmt == "pdf":
        return pdf_response(
            "consult/print/notice.html",
            {
                "enterprise": enterprise,
                "notice": notice,
                "sections": sections,
                "preamble": NOTICE_PREAMBLE,
                "issued_on": chinese_date(notice.issued_on),
            },
            filename,
            request,
        )
    doc = new_docx()
    docx_title(doc, f"{enterprise.name}\n{notice.year}年工会与行政沟通协商机制实施意见", size=18)
    docx_paragraph(doc, NOTICE_PREAMBLE, indent=True)
    for heading, paragraphs in sections:
        docx_paragraph(doc, heading, bold=True)
        for text in paragraphs:
            docx_paragraph(doc, text, indent=True)
    docx_paragraph(doc, enterprise.name, align="right")
    docx_paragraph(doc, chinese_date(notice.issued_on), align="right")
    return docx_response(doc, filename)


def public_url(enterprise: Enterprise) -> str:
    return settings.SITE_URL + reverse("public_page", kwargs={"code": enterprise.code})


def qr_svg_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=10, border=2)


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


@in_document_language
def poster_pdf(enterprise: Enterprise, request=None):
    url = public_url(enterprise)
    return pdf_response(
        "consult/print/poster.html",
        {
            "enterprise": enterprise,
            "url": url,
            "qr": qr_svg_data_uri(url),
            "channels": public_channels(enterprise),
            "promise": CONFIDENTIALITY_PROMISE,
        },
        f"{enterprise.name}职工诉求渠道海报.pdf",
        request,
    )
