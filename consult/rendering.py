"""The machinery every printable form (样式) uses: HTML → A4 PDF through WeasyPrint, DOCX
through python-docx, and the HTTP responses that carry them.

Rendering never touches the network: the URL fetcher answers only the app's own static files
and `data:` URIs, and fonts come from the system (Noto CJK / WenQuanYi, see README).
"""

import functools
import io
import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

# Documents are rendered with this base so relative and /static/ URLs resolve to it; the
# fetcher maps it back to files found by Django's static finders. It is never contacted.
DOCUMENT_BASE_URL = "http://consult.invalid/"
_STATIC_PREFIX = DOCUMENT_BASE_URL + "static/"

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def in_document_language(func):
    """Printed forms are the handbook's Chinese forms, whatever the reader's interface language."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper


class BlockedResource(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Serves `data:` URIs and the app's static files; refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "http"}, timeout=1)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(_STATIC_PREFIX):
            relative = url[len(_STATIC_PREFIX) :].split("?")[0].split("#")[0]
            path = None if ".." in Path(relative).parts else finders.find(relative)
            if path:
                mime, _ = mimetypes.guess_type(path)
                return URLFetcherResponse(
                    url,
                    body=Path(path).read_bytes(),
                    headers={"Content-Type": mime or "application/octet-stream"},
                )
        raise BlockedResource(f"documents may not fetch {url!r}")


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    html = render_to_string(template_name, context, request=request)
    return HTML(
        string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=StaticOnlyFetcher()
    ).write_pdf()


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def pdf_response(template_name: str, context: dict, filename: str, request=None) -> HttpResponse:
    return _attachment(render_pdf(template_name, context, request), PDF_TYPE, filename)


def xlsx_response(build, filename: str) -> FileResponse:
    """An XLSX made in openpyxl's write-only mode, sent from a temporary file in chunks.

    `build(workbook)` adds the sheets and rows. Memory stays flat however many rows there are.
    """
    import tempfile

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    build(workbook)
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


# ---------------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------------

DOCX_FONT = "宋体"
DOCX_HEADING_FONT = "黑体"


def _set_font(run, name: str, size: float | None = None, bold: bool | None = None) -> None:
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def new_docx() -> Document:
    """An A4 document whose default font is a Chinese one."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    style = doc.styles["Normal"]
    style.font.name = DOCX_FONT
    style.font.size = Pt(14)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), DOCX_FONT)
    return doc


def docx_title(doc: Document, text: str, size: float = 20) -> None:
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(para.add_run(text), DOCX_HEADING_FONT, size, bold=True)


def docx_paragraph(
    doc: Document,
    text: str = "",
    *,
    bold: bool = False,
    align: str = "left",
    indent: bool = False,
    size: float | None = None,
):
    para = doc.add_paragraph()
    para.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    if indent:
        para.paragraph_format.first_line_indent = Pt(28)
    if text:
        _set_font(para.add_run(text), DOCX_FONT, size, bold=bold)
    return para


def docx_response(doc: Document, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    doc.save(buffer)
    return _attachment(buffer.getvalue(), DOCX_TYPE, filename)
