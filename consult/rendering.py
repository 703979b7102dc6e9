"""The machinery every printable form (样式) uses: HTML → A4 PDF through WeasyPrint, DOCX
through python-docx (XLSX tables: `consult.xlsx`); each returns a `Rendered` file that
`consult.docregistry.document_response` sends.

Rendering never touches the network: the URL fetcher answers only the app's own static files
and `data:` URIs, and fonts come from the system (Noto CJK / WenQuanYi, see README).
"""

import io
import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

from consult.docregistry import Rendered

# Documents are rendered with this base so relative and /static/ URLs resolve to it; the
# fetcher maps it back to files found by Django's static finders. It is never contacted.
DOCUMENT_BASE_URL = "http://consult.invalid/"
_STATIC_PREFIX = DOCUMENT_BASE_URL + "static/"

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class BlockedResource(ValueError):
    pass


def static_file(name: str) -> str | None:
    """The file behind a static name as `{% static %}` wrote it: the name itself (development,
    found by the finders) or, with the manifest storage of production, a hashed name such as
    `print/print.70819d30ce89.css`, mapped back to its source through the manifest."""
    found = finders.find(name)
    if found:
        return found
    hashed_files = getattr(staticfiles_storage, "hashed_files", None)
    if hashed_files:
        for original, hashed in hashed_files.items():
            if hashed == name:
                return finders.find(original)
    return None


class StaticOnlyFetcher(URLFetcher):
    """Serves `data:` URIs and the app's static files; refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "http"}, timeout=1)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(_STATIC_PREFIX):
            relative = url[len(_STATIC_PREFIX) :].split("?")[0].split("#")[0]
            path = None if ".." in Path(relative).parts else static_file(relative)
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


def pdf_document(template_name: str, context: dict, filename: str, request=None) -> Rendered:
    return Rendered(filename, PDF_TYPE, render_pdf(template_name, context, request))


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


def docx_document(doc: Document, filename: str) -> Rendered:
    buffer = io.BytesIO()
    doc.save(buffer)
    return Rendered(filename, DOCX_TYPE, buffer.getvalue())
