"""The sheets of an earlier ledger read into rows: each sheet's header found, every row
normalised or refused with its line and reason. Nothing here reads the database."""

from __future__ import annotations

import datetime
import hashlib
import itertools
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from consult.phones import NotAMobile, normalise_phone
from consult.roster.errors import RosterFileError
from consult.roster.normalise import Refused, date_of, name_of, plain
from consult.roster.reader import Sheet
from consult.roster.reasons import Reason
from ledger.history.columns import HEADER_SEARCH_ROWS, Header, field_label, find_header
from surveys.models import LEVEL_PRINT, NO_ANSWER_PRINT

NO_ANSWER = "no_answer"
LEVELS = {text: value for value, text in LEVEL_PRINT.items()} | {
    NO_ANSWER_PRINT: NO_ANSWER,
    "测评中": NO_ANSWER,
}
# What 诉求人 says of an item whose requester cannot be named (as ledger.rows prints it, and
# the handbook's words), and of one whose identity was erased (个人信息保护法).
ANONYMOUS = {"匿名", "anonymous"}
CONFIDENTIAL = {"保密", "实名保密", "实名(保密)", "confidential"}
ERASED = {"已删除", "erased", "■■■"}
_MARKED = re.compile(
    r"^(?P<name>.+?)\s*[(（]\s*(?:实名)?\s*保密\s*[)）]$|^保密\s*[:：]\s*(?P<after>.+)$"
)
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
LIMITS = {"content": 5000, "unit": 100, "phone": 30, "supervisor": 100, "number": 40}
FORMULAS_SHOWN = 5


@dataclass
class Parsed:
    sheets: list[dict] = field(default_factory=list)  # {"sheet", "line", "columns", …}
    headers: list[str] = field(default_factory=list)  # the first header as written
    rows: list[dict] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)  # {"sheet", "line", "cells", "reason"}
    ignored: list[str] = field(default_factory=list)  # sheets without a ledger's header


def parse_sheets(sheets: list[tuple[str, Sheet]], *, today: datetime.date) -> Parsed:
    parsed = Parsed()
    for name, sheet in sheets:
        top = list(itertools.islice(sheet.rows, HEADER_SEARCH_ROWS))
        header = find_header(top, name)
        if header is None:
            parsed.ignored.append(name)
            continue
        _refuse_formulas(sheet, header, name)
        headers = [plain(c) for c in top[header.row_index]]
        parsed.headers = parsed.headers or headers
        parsed.sheets.append(
            {
                "sheet": name,
                "line": header.row_index + 1,
                "columns": header.columns,
                "unknown": header.unknown,
                "headers": headers,
                "year": header.year,
            }
        )
        below = itertools.chain(top[header.row_index + 1 :], sheet.rows)
        for line, cells in enumerate(below, start=header.row_index + 2):
            if any(plain(c) for c in cells):
                _read_row(parsed, name, line, cells, header, today)
    if not parsed.sheets:
        raise RosterFileError(
            _(
                "No sheet has the header of a work ledger: none of the first %(n)d rows names "
                "the columns 受理时间, 受理类别, 诉求人 and 诉求内容."
            )
            % {"n": HEADER_SEARCH_ROWS}
        )
    if not parsed.rows and not parsed.refused:
        raise RosterFileError(_("No item is listed under the header."))
    return parsed


def _read_row(parsed: Parsed, sheet: str, line: int, cells, header: Header, today) -> None:
    # `index`: the row's place in the file (its sheets are not in the order of their names).
    where = {"sheet": sheet, "line": line, "index": len(parsed.rows) + len(parsed.refused)}
    try:
        row = parse_row(cells, header, today)
    except Refused as refused:
        parsed.refused.append(
            {**where, "cells": [plain(c) for c in cells], "reason": refused.reason.as_json()}
        )
        return
    parsed.rows.append({**row, **where, "cells": [plain(c) for c in cells]})


def _cell(cells, header: Header, name: str):
    index = header.columns.get(name)
    return cells[index] if index is not None and index < len(cells) else None


# Free texts keep their full-width punctuation (plain() folds it, which suits names and numbers).
FREE_TEXTS = {"content", "unit", "handling", "supervisor", "review", "remark"}


def _text(cells, header: Header, name: str) -> str:
    value = _cell(cells, header, name)
    if name in FREE_TEXTS and isinstance(value, str):
        text = value.strip()
    else:
        text = plain(value)
    limit = LIMITS.get(name)
    if limit and len(text) > limit:
        raise Refused(Reason("too_long", {"column": field_label(name), "limit": limit}))
    return text


def parse_row(cells, header: Header, today: datetime.date) -> dict:
    """One ledger row as the import stores it (JSON values), or Refused with the reason."""
    received_on = received_on_of(_cell(cells, header, "received_on"), header.year)
    if received_on > today.isoformat():
        raise Refused(Reason("future_date", {"value": received_on}))
    category = _text(cells, header, "category")
    if not category:
        raise Refused(Reason("no_category"))
    content = _text(cells, header, "content")
    if not content:
        raise Refused(Reason("no_content"))
    requester = requester_of(_text(cells, header, "requester"))
    row = {
        "number": _text(cells, header, "number"),
        "received_on": received_on,
        "category": category,
        "content": content,
        **requester,
        "handling": _text(cells, header, "handling"),
        "level": level_of(_text(cells, header, "satisfaction")),
        "supervisor": _text(cells, header, "supervisor"),
        "review": _text(cells, header, "review"),
        "remark": _text(cells, header, "remark"),
    }
    if requester["disclosure"] != "anonymous" and not requester["erased"]:
        # An anonymous item keeps no identity at all, whatever the paper noted beside it.
        row["unit"] = _text(cells, header, "unit")
        row["phone"] = phone_of(_text(cells, header, "phone"))
        row["employee_no"] = _text(cells, header, "employee_no")[:30]
    row["key"] = fingerprint(row, _text(cells, header, "requester"))
    return row


def fingerprint(row: dict, requester: str) -> str:
    """The same item wherever it is listed: its number, date, requester and content."""
    parts = (row["number"], row["received_on"], requester, row["content"])
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def received_on_of(value, year: int | None) -> str:
    """受理时间 as an ISO date: what the roster reads as a date, or 3月5日 / 3-5 / 3.5 in the
    year the sheet's title or name gives."""
    if isinstance(value, datetime.datetime | datetime.date) or plain(value):
        try:
            found = date_of(value)
        except Refused:
            found = _month_day(plain(value), year)
        if found:
            return found
        raise Refused(Reason("bad_received_on", {"value": plain(value)}))
    raise Refused(Reason("no_date"))


def _month_day(text: str, year: int | None) -> str | None:
    match = _MONTH_DAY.match(text)
    if not (match and year):
        return None
    try:
        return datetime.date(year, int(match.group(1)), int(match.group(2))).isoformat()
    except ValueError:
        return None


def requester_of(text: str) -> dict:
    """诉求人: 匿名 and 保密 stay so (a name marked 张三（保密） is a confidential requester's, as
    the union's own ledger prints it); 已删除 is an erased identity; anything else a name."""
    key = re.sub(r"\s+", "", text).lower()
    found = {"disclosure": "named", "name": "", "erased": False}
    if not key:
        raise Refused(Reason("no_requester"))
    if key in ANONYMOUS:
        return {**found, "disclosure": "anonymous"}
    if key in CONFIDENTIAL:
        return {**found, "disclosure": "confidential"}
    if key in ERASED:
        return {**found, "erased": True}
    marked = _MARKED.match(text.strip())
    if marked:
        name = marked.group("name") or marked.group("after")
        return {**found, "disclosure": "confidential", "name": name_of(name)}
    return {**found, "name": name_of(text)}


def phone_of(text: str) -> str:
    """A mobile in the stored form (it may match a person); any other number as written."""
    try:
        return normalise_phone(text)
    except NotAMobile:
        return text


def level_of(text: str) -> str:
    key = re.sub(r"\s+", "", text)
    if not key:
        return ""
    if key not in LEVELS:
        raise Refused(Reason("bad_level", {"value": text}))
    return LEVELS[key]


def _refuse_formulas(sheet: Sheet, header: Header, name: str) -> None:
    read = {index: field for field, index in header.columns.items()}
    cells = sorted(
        (row, col, ref)
        for (row, col), ref in sheet.formulas.items()
        if col in read and row > header.row_index
    )
    if cells:
        shown = "、".join(
            f"{ref}（{field_label(read[col])}）" for _row, col, ref in cells[:FORMULAS_SHOWN]
        )
        raise RosterFileError(
            _(
                "Cells of the sheet “%(sheet)s” hold formulas, not values: %(cells)s. In Excel, "
                "copy those columns and paste them back with Paste Special → Values, save and "
                "upload the file again."
            )
            % {"sheet": name, "cells": shown}
        )
