import io
import subprocess

import pytest
from django.urls import reverse
from docx import Document

from consult.rendering import BlockedResource, StaticOnlyFetcher
from tests.factories import NOTICE_YEAR

# Documents are tested with production static settings (CONVENTIONS rule 13).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_static")]


def pdf_fonts(content: bytes) -> str:
    return subprocess.run(
        ["pdffonts", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def url(document: str, fmt: str, query: str = "") -> str:
    return reverse("enterprise_document", args=["demo", document, fmt]) + query


@pytest.mark.parametrize(
    "document,query,expected",
    [
        ("leading_group", "", "办公室设在公司工会"),
        ("leading_group_duties", "", "领导小组职责"),
        ("notice", f"?year={NOTICE_YEAR}", "工会将做好诉求人的保密工作"),
        ("poster", "", "可实名也可匿名"),
    ],
)
def test_pdfs_embed_a_chinese_font_and_carry_the_forms_wording(login, document, query, expected):
    response = login("union_chair").get(url(document, "pdf", query))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    fonts = pdf_fonts(response.content)
    assert "CJK" in fonts or "WenQuanYi" in fonts, fonts
    assert "yes yes" in fonts  # embedded and subset
    assert expected in pdf_text(response.content).replace(" ", "").replace("\n", "")


def test_formation_document_lists_leader_deputies_and_office_director(login):
    response = login("employee").get(url("leading_group", "pdf"))
    text = pdf_text(response.content).replace(" ", "")
    assert "组长" in text and "周建国（企业行政负责人）" in text
    assert "孙立（企业工会主席）" in text
    assert "孙立同志兼任办公室主任" in text


def test_notice_pdf_names_the_union_office_address_and_channels(login):
    response = login("employee").get(url("notice", "pdf", f"?year={NOTICE_YEAR}"))
    text = pdf_text(response.content).replace(" ", "").replace("\n", "")
    assert "办公楼二楼工会办公室（208室）" in text
    assert "0539-4270001" in text
    for heading in ("一、目的意义", "二、基本原则", "三、工作重点", "四、职工诉求表达及解决方式"):
        assert heading in text


@pytest.mark.parametrize(
    "document,expected",
    [
        ("leading_group", "兼任办公室主任"),
        ("leading_group_duties", "七、领导小组办公室"),
        ("notice", "四、职工诉求表达及解决方式"),
    ],
)
def test_docx_documents_open_and_contain_the_text(login, document, expected):
    response = login("union_chair").get(url(document, "docx"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert expected in text


def test_unknown_document_format_answers_404(login):
    assert login("union_chair").get(url("leading_group", "exe")).status_code == 404


def test_document_fetcher_refuses_the_network_and_files_outside_static():
    fetcher = StaticOnlyFetcher()
    for url in (
        "http://example.com/x.css",
        "file:///etc/passwd",
        "http://consult.invalid/static/../../consult/settings.py",
    ):
        with pytest.raises(BlockedResource):
            fetcher.fetch(url)
    assert fetcher.fetch("http://consult.invalid/static/print/print.css").read()


def test_documents_stay_chinese_for_a_reader_of_the_english_interface(login):
    client = login("union_chair")
    client.post(reverse("set_language"), {"language": "en"})
    response = client.get(url("notice", "pdf", f"?year={NOTICE_YEAR}"))
    text = pdf_text(response.content).replace(" ", "").replace("\n", "")
    assert "电话（0539-4270001）" in text
    assert "Phone" not in text
