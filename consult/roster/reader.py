"""Reading an uploaded roster (XLSX or CSV) into rows of cell values; `read_sheets` reads every
sheet the same way for the earlier work ledgers (ledger.history), kept one sheet per quarter.

XLSX is read with python-calamine (Rust): 10,000 rows in 0.13 s where openpyxl's read-only
mode takes 1.4 s (bench/README.md). calamine gives formulas' cached values only, and a file
written by a program often has none (the cell reads empty), so formulas are looked for in the
sheet's XML and refused where the import reads them. CSV is decoded as UTF-8 (with or without
BOM), UTF-16 with BOM (Excel's "Unicode text"), or else GB18030 (Chinese Excel's CSV, a
superset of GBK).
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from consult.roster.errors import RosterFileError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The XML of one sheet may unpack to this many times the file's size limit, no more (a
# "zip bomb" would otherwise fill the memory).
UNPACKED_FACTOR = 20
_FORMULA_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>\s*<(?:\w+:)?f\b')
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass
class Sheet:
    """The first sheet: its rows one at a time (row i is the sheet's line i + 1), how many there
    are, and its formula cells. Rows are read as they are parsed, so the whole sheet never
    exists as Python lists."""

    rows: Iterator[list]
    height: int
    formulas: dict[tuple[int, int], str]  # (row index, column index) → cell reference


def read_roster(data: bytes) -> Sheet:
    """The rows of an uploaded roster; RosterFileError (with the reason) when it cannot be."""
    limit = settings.ROSTER_MAX_BYTES
    if len(data) > limit:
        raise RosterFileError(
            _("The file is %(size)s; a roster may be at most %(limit)s.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)}
        )
    if not data.strip():
        raise RosterFileError(_("The file is empty."))
    if data.startswith(OLE_MAGIC):
        raise RosterFileError(_ole_message(data))
    sheet = _read_xlsx(data) if data.startswith(ZIP_MAGIC) else _read_csv(data)
    if sheet.height == 0:
        raise RosterFileError(_("The first sheet of the file is empty."))
    if sheet.height > settings.ROSTER_MAX_ROWS + 10:
        raise RosterFileError(
            _("The file has %(rows)d rows; a roster may have at most %(limit)d.")
            % {"rows": sheet.height, "limit": settings.ROSTER_MAX_ROWS}
        )
    return sheet


def _ole_message(data: bytes) -> str:
    # An encrypted XLSX is an OLE2 container holding the streams EncryptionInfo and
    # EncryptedPackage (MS-OFFCRYPTO); any other OLE2 file is an old .xls or another document.
    if "EncryptedPackage".encode("utf-16-le") in data:
        return _(
            "The file is protected by a password. Open it in Excel, remove the password "
            "(File → Info → Protect Workbook), save it and upload it again."
        )
    return _(
        "This is an old Excel file (.xls) or another Office document. Open it in Excel, "
        "save it as .xlsx (Excel workbook) and upload that."
    )


def _not_a_spreadsheet() -> RosterFileError:
    return RosterFileError(
        _("The file is not a spreadsheet the app can read. Upload the roster as .xlsx or .csv.")
    )


def read_sheets(data: bytes, *, limit: int, max_rows: int) -> list[tuple[str, Sheet]]:
    """Every sheet of an uploaded workbook with its name, in the workbook's order (a CSV is one
    sheet named ""); empty sheets left out. The same refusals as `read_roster`, for a file of
    another kind (an earlier work ledger: one sheet per quarter or one for the year)."""
    if len(data) > limit:
        raise RosterFileError(
            _("The file is %(size)s; it may be at most %(limit)s.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)}
        )
    if not data.strip():
        raise RosterFileError(_("The file is empty."))
    if data.startswith(OLE_MAGIC):
        raise RosterFileError(_ole_message(data))
    if data.startswith(ZIP_MAGIC):
        sheets = _read_xlsx_sheets(data, first_only=False)
    else:
        sheets = [("", _read_csv(data))]
    sheets = [(name, sheet) for name, sheet in sheets if sheet.height]
    if not sheets:
        raise RosterFileError(_("Every sheet of the file is empty."))
    rows = sum(sheet.height for _name, sheet in sheets)
    if rows > max_rows + 10 * len(sheets):
        raise RosterFileError(
            _("The file has %(rows)d rows; it may have at most %(limit)d.")
            % {"rows": rows, "limit": max_rows}
        )
    return sheets


def _read_xlsx(data: bytes) -> Sheet:
    return _read_xlsx_sheets(data, first_only=True)[0][1]


def _read_xlsx_sheets(data: bytes, *, first_only: bool) -> list[tuple[str, Sheet]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = _sheet_parts(archive)
        if first_only:
            parts = parts[:1]
        infos = [archive.getinfo(part) for _name, part in parts]
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, StopIteration) as exc:
        raise _not_a_spreadsheet() from exc
    if not parts:
        raise _not_a_spreadsheet()
    if sum(info.file_size for info in infos) > settings.ROSTER_MAX_BYTES * UNPACKED_FACTOR:
        raise RosterFileError(_("The sheet is too large to be read."))
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:
        raise _not_a_spreadsheet() from exc
    return [
        (name, _calamine_sheet(workbook, index, archive, part))
        for index, (name, part) in enumerate(parts)
    ]


def _calamine_sheet(workbook, index: int, archive: zipfile.ZipFile, part: str) -> Sheet:
    try:
        sheet = workbook.get_sheet_by_index(index)
        # calamine's rows count from the sheet's first line but its columns from the first
        # filled one: put the empty columns back so that column indexes are the sheet's.
        left = sheet.start[1] if sheet.start else 0
        rows = ([""] * left + row for row in sheet.iter_rows())
        height = sheet.end[0] + 1 if sheet.end else 0
    except (CalamineError, ValueError, OSError, IndexError) as exc:
        raise _not_a_spreadsheet() from exc
    return Sheet(rows=rows, height=height, formulas=_formula_cells(archive, part))


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(name, path inside the ZIP) of the workbook's sheets, in order (as calamine reads them)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {el.get("Id"): el.get("Target", "") for el in rels}
    parts = []
    for sheet in (el for el in workbook.iter() if el.tag.endswith("}sheet")):
        target = targets[sheet.get(_REL_NS)]
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts.append((sheet.get("name", ""), path))
    return parts


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ch - 64)
    return index - 1


def _formula_cells(archive: zipfile.ZipFile, part: str) -> dict[tuple[int, int], str]:
    """Every cell of the sheet that holds a formula, read from its XML a megabyte at a time
    (the end of each chunk is read again with the next, so a cell cut in two is found)."""
    found: dict[tuple[int, int], str] = {}
    tail = b""
    with archive.open(part) as xml:
        while chunk := xml.read(2**20):
            text = tail + chunk
            for col, row in _FORMULA_CELL.findall(text):
                found[(int(row) - 1, _column_index(col))] = f"{col.decode()}{row.decode()}"
            tail = text[-1024:]
    return found


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _not_a_spreadsheet() from exc
    if b"\x00" in data:
        raise _not_a_spreadsheet()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise _not_a_spreadsheet() from exc


def _read_csv(data: bytes) -> Sheet:
    text = _decode(data)
    if not text.strip():
        return Sheet(rows=iter([]), height=0, formulas={})
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:8192], delimiters=",\t;"
        )
    except csv.Error:
        dialect = csv.excel
    height = text.count("\n") + (not text.endswith("\n"))
    return Sheet(rows=_csv_rows(text, dialect), height=height, formulas={})


def _csv_rows(text: str, dialect) -> Iterator[list]:
    try:
        yield from csv.reader(io.StringIO(text), dialect)
    except csv.Error as exc:
        raise _not_a_spreadsheet() from exc
