"""The one XLSX writer of the app: a table on one sheet, streamed. The sheet's XML goes straight
into the ZIP on a temporary file, a few hundred rows at a time, so a 100,000-row ledger neither
waits on openpyxl's per-cell objects nor holds its rows in memory (only the ranges of merged
runs are kept, one per run).

What every table gets: the title row merged across the columns, a header row frozen and
repeated on every printed page, the columns' widths, A4 landscape one page wide with 第 N 页 in
the footer, and three named styles ("consult title", "consult header", "consult cell"). Every
text is an inline string cell — text that begins with `=`, `+`, `-`, `@`, a tab or a carriage
return stays those characters, never a formula (CONVENTIONS.md rule 15) — with the characters
XML forbids removed. Numbers (figures, never user text) are number cells; True/False print
as 是/否.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from consult.docregistry import Rendered

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BATCH = 500
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
TITLE, HEADER, CELL = 1, 2, 3  # the cellXfs of the named styles below

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"""  # noqa: E501
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""  # noqa: E501
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"""  # noqa: E501
# Fonts: 0 plain, 1 bold 14 (title), 2 bold (header). Named styles (cellStyleXfs 1–3, with
# their cellStyles): "consult title" (centred), "consult header" (bordered, wrapped, centred),
# "consult cell" (bordered, wrapped, top-aligned); cellXfs 1–3 are cells in those styles.
_TITLE_XF = 'numFmtId="0" fontId="1" fillId="0" borderId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>'  # noqa: E501
_HEADER_XF = 'numFmtId="0" fontId="2" fillId="0" borderId="1" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>'  # noqa: E501
_CELL_XF = 'numFmtId="0" fontId="0" fillId="0" borderId="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'  # noqa: E501
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="3"><font><sz val="11"/><name val="等线"/></font>'
    '<font><b/><sz val="14"/><name val="等线"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/>'
    "<diagonal/></border></borders>"
    '<cellStyleXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    f"<xf {_TITLE_XF}<xf {_HEADER_XF}<xf {_CELL_XF}</cellStyleXfs>"
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    f'<xf xfId="1" {_TITLE_XF}<xf xfId="2" {_HEADER_XF}<xf xfId="3" {_CELL_XF}</cellXfs>'
    '<cellStyles count="4"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    '<cellStyle name="consult title" xfId="1"/><cellStyle name="consult header" xfId="2"/>'
    '<cellStyle name="consult cell" xfId="3"/></cellStyles></styleSheet>'
)


def text(value) -> str:
    """User text as a cell may hold it: the characters XML forbids removed, then escaped."""
    # A bare carriage return would be read back as a line feed: keep it as a reference.
    return escape(ILLEGAL_CHARACTERS_RE.sub("", str(value))).replace("\r", "&#13;")


def sheet_name(title: str) -> str:
    return _SHEET_NAME_FORBIDDEN.sub("", title)[:31] or "Sheet1"


def _cell(ref: str, value, style: int) -> str:
    if value is None or value == "":
        return f'<c r="{ref}" s="{style}"/>'
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, int | float):
        return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text(value)}</t></is></c>'  # noqa: E501


def _row(number: int, letters: Sequence[str], values, style: int) -> str:
    cells = "".join(
        _cell(f"{col}{number}", v, style) for col, v in zip(letters, values, strict=False)
    )
    return f'<row r="{number}">{cells}</row>'


def _workbook(name: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{escape(name)}" sheetId="1" r:id="rId1"/></sheets>'
        '<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'
        f"'{escape(name)}'!$2:$2</definedName></definedNames></workbook>"
    )


def _sheet_head(title: str, columns: Sequence[tuple[str, float]], letters) -> str:
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
        for i, (_, width) in enumerate(columns, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A3" sqref="A3"/>'
        "</sheetView></sheetViews>"
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
        f'<row r="1" ht="24" customHeight="1">{_cell("A1", title, TITLE)}</row>'
        + _row(2, letters, [h for h, _ in columns], HEADER)
    )


def _sheet_tail(merges: list[str]) -> str:
    cells = "".join(f'<mergeCell ref="{ref}"/>' for ref in merges)
    return (
        f'</sheetData><mergeCells count="{len(merges)}">{cells}</mergeCells>'
        '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        "<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter>"
        "</headerFooter></worksheet>"
    )


def xlsx_table(
    filename: str,
    *,
    title: str,
    columns: Sequence[tuple[str, float]],
    rows: Iterable[Sequence],
    sheet: str | None = None,
    merge_runs_in_first_column: bool = False,
) -> Rendered:
    """One sheet named `sheet` (default: the title): the title row, a frozen header row of
    `columns` (label, width) and `rows`, in a temporary file the response sends in chunks
    (memory stays flat when `rows` streams from the database).

    `merge_runs_in_first_column` merges equal neighbours in column A (rows grouped by class):
    the run's first row holds the value."""
    spool = tempfile.TemporaryFile()
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        _write_workbook(archive, sheet_name(sheet or title))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            _write_sheet(out, title, columns, rows, merge_runs=merge_runs_in_first_column)
    spool.seek(0)
    return Rendered(filename, XLSX_TYPE, spool)


def _write_workbook(archive: zipfile.ZipFile, name: str) -> None:
    """The package's parts around the one sheet."""
    archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
    archive.writestr("_rels/.rels", _ROOT_RELS)
    archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
    archive.writestr("xl/styles.xml", _STYLES)
    archive.writestr("xl/workbook.xml", _workbook(name))


def _write_sheet(out, title: str, columns, rows: Iterable[Sequence], *, merge_runs: bool) -> None:
    """The sheet's XML: the title and header, the rows a batch at a time, the merged ranges."""
    letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
    merges = [f"A1:{letters[-1]}1"]
    runs = _Runs(merges) if merge_runs else None
    out.write(_sheet_head(title, columns, letters).encode())
    batch: list[str] = []
    number = 2
    for values in rows:
        number += 1
        if runs is not None:
            values = runs.row(number, values)
        batch.append(_row(number, letters, values, CELL))
        if len(batch) >= BATCH:
            out.write("".join(batch).encode())
            batch.clear()
    if runs is not None:
        runs.end(number)
    out.write(("".join(batch) + _sheet_tail(merges)).encode())


class _Runs:
    """Runs of equal neighbours in column A, merged: the run's first row holds the value."""

    def __init__(self, merges: list[str]):
        self.merges = merges
        self.start, self.value = 3, object()

    def row(self, number: int, values: Sequence) -> Sequence:
        """The row as written: its first cell empty when it continues the run."""
        if values[0] == self.value:
            return ["", *values[1:]]
        if number - 1 > self.start:
            self.merges.append(f"A{self.start}:A{number - 1}")
        self.start, self.value = number, values[0]
        return values

    def end(self, number: int) -> None:
        if number > self.start:
            self.merges.append(f"A{self.start}:A{number}")
