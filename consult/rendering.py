"""The machinery every printable form (样式) uses: HTML → A4 PDF through WeasyPrint, DOCX
through python-docx, XLSX tables through openpyxl; each returns a `Rendered` file that
`consult.docregistry.document_response` sends.

Rendering never touches the network: the URL fetcher answers only the app's own static files
and `data:` URIs, and fonts come from the system (Noto CJK / WenQuanYi, see README).
"""

import io
import mimetypes
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

from consult.docregistry import Rendered

# Documents are rendered with this base so relative and /static/ URLs resolve to it; the
# fetcher maps it back to files found by Django's static finders. It is never contacted.
DOCUMENT_BASE_URL = "http://consult.invalid/"
_STATIC_PREFIX = DOCUMENT_BASE_URL + "static/"

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
# XLSX
# ---------------------------------------------------------------------------------------------

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _named_styles() -> list[NamedStyle]:
    """The sheet's three looks, registered once per workbook; a cell names one instead of
    getting new font, border and alignment objects (which cost more than the rest of a row)."""
    return [
        NamedStyle(
            name="consult title",
            font=Font(bold=True, size=14),
            alignment=Alignment(horizontal="center"),
        ),
        NamedStyle(name="consult header", font=Font(bold=True), alignment=_WRAP, border=_BORDER),
        NamedStyle(name="consult cell", font=Font(), alignment=_WRAP, border=_BORDER),
    ]


def xlsx_text(value) -> str:
    """User text as it may go into a cell: a string with the characters XML forbids removed."""
    return ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))


def xlsx_table(
    filename: str,
    *,
    title: str,
    columns: Sequence[tuple[str, float]],
    rows: Iterable[Sequence],
    merge_runs_in_first_column: bool = False,
) -> Rendered:
    """One sheet: a title row, a frozen header row and the rows, in openpyxl's write-only mode,
    saved to a temporary file that the response sends in chunks (memory stays flat when `rows`
    is an iterator that streams from the database).

    Every value is written as a text cell, never a formula: a cell that reads `=HYPERLINK(…)`
    in someone's grievance stays those characters (CONVENTIONS.md rule 15). Printed, the sheet
    is A4 landscape, one page wide, with the header row repeated on every page.
    `merge_runs_in_first_column` merges equal neighbours in column A (rows grouped by class).
    """
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(title[:31])
    last_column = get_column_letter(len(columns))
    for index, (_, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    for style in _named_styles():
        workbook.add_named_style(style)

    def cell(value, style="consult cell"):
        c = WriteOnlyCell(ws, value=xlsx_text(value))
        c.data_type = "s"  # assigning "=…" made it a formula; it is text
        c.style = style
        return c

    ws.append([cell(title, "consult title")])
    ws.merged_cells.add(f"A1:{last_column}1")
    ws.append([cell(header, "consult header") for header, _ in columns])
    row_number, run_start, run_value = 2, 3, object()
    for row in rows:
        row_number += 1
        if merge_runs_in_first_column and row[0] != run_value:
            if row_number - 1 > run_start:
                ws.merged_cells.add(f"A{run_start}:A{row_number - 1}")
            run_start, run_value = row_number, row[0]
        ws.append([cell(value) for value in row])
    if merge_runs_in_first_column and row_number > run_start:
        ws.merged_cells.add(f"A{run_start}:A{row_number}")
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)
    return Rendered(filename, XLSX_TYPE, spool)


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
