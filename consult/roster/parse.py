"""A roster sheet read into people: the header found, every row normalised or refused, and
工号 given twice in the file refused on every line that has it."""

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from consult.roster.columns import HEADER_SEARCH_ROWS, Header, field_label, find_header
from consult.roster.errors import RosterFileError
from consult.roster.normalise import Refused, employee_no_of, parse_row, plain
from consult.roster.reader import Sheet
from consult.roster.reasons import Reason

FORMULAS_SHOWN = 5


@dataclass
class Parsed:
    header: Header
    headers: list[str]  # the header row as written (for the refused rows' download)
    rows: list[dict] = field(default_factory=list)  # each with its "line"; None values left out
    refused: list[dict] = field(default_factory=list)  # {"line", "cells", "reason"}
    # 工号 of refused rows, as far as they can be read: such people are not "leaving".
    refused_numbers: set[str] = field(default_factory=set)


def parse_sheet(sheet: Sheet) -> Parsed:
    top = list(itertools.islice(sheet.rows, HEADER_SEARCH_ROWS))
    header = find_header(top)
    _refuse_formulas(sheet, header)
    headers = [plain(c) for c in top[header.row_index]]
    parsed = Parsed(header=header, headers=headers)
    below = itertools.chain(top[header.row_index + 1 :], sheet.rows)
    for line, cells in enumerate(below, start=header.row_index + 2):
        if not any(plain(c) for c in cells):
            continue
        try:
            row = parse_row(cells, header)
        except Refused as refused:
            _refuse(parsed, line, cells, refused.reason)
            continue
        row["line"] = line
        parsed.rows.append(row)
    if not parsed.rows and not parsed.refused:
        raise RosterFileError(
            _("Nobody is listed under the header (line %(line)d).") % {"line": header.row_index + 1}
        )
    _refuse_duplicates(parsed)
    return parsed


def cells_of(row: dict, columns: dict[str, int]) -> list[str]:
    """A parsed row back in the file's columns (for a row refused once it was read: the values
    as the import read them; columns the import ignores are left empty)."""
    values = {name: row.get(name) for name in columns}
    path = row.get("unit") or []
    values["unit"] = "/".join(name for name, _kind in path)
    values.update({kind: name for name, kind in path})
    if row.get("employee_rep") is not None:
        values["employee_rep"] = "是" if row["employee_rep"] else "否"
    cells = [""] * (max(columns.values()) + 1)
    for name, index in columns.items():
        value = values.get(name)
        cells[index] = "" if value is None else str(value)
    return cells


def _refuse(parsed: Parsed, line: int, cells, reason: Reason) -> None:
    parsed.refused.append(
        {"line": line, "cells": [plain(c) for c in cells], "reason": reason.as_json()}
    )
    column = parsed.header.columns["employee_no"]
    try:
        number = employee_no_of(cells[column] if column < len(cells) else None)
        parsed.refused_numbers.add(number.lower())
    except Refused:
        pass


def _refuse_duplicates(parsed: Parsed) -> None:
    lines: dict[str, list[int]] = defaultdict(list)
    for row in parsed.rows:
        lines[row["employee_no"].lower()].append(row["line"])
    twice = {number for number, found in lines.items() if len(found) > 1}
    if not twice:
        return
    kept = []
    for row in parsed.rows:
        number = row["employee_no"].lower()
        if number in twice:
            found = "、".join(str(n) for n in lines[number])
            reason = Reason("duplicate_employee_no", {"value": row["employee_no"], "lines": found})
            cells = cells_of(row, parsed.header.columns)
            parsed.refused.append({"line": row["line"], "cells": cells, "reason": reason.as_json()})
            parsed.refused_numbers.add(number)
        else:
            kept.append(row)
    parsed.rows = kept
    parsed.refused.sort(key=lambda r: r["line"])


def _refuse_formulas(sheet: Sheet, header: Header) -> None:
    """A formula in a column the import reads refuses the file: calamine reads only a
    formula's saved result, which a file written by a program may not have."""
    read = {index: name for name, index in header.columns.items()}
    cells = sorted(
        (row, col, ref)
        for (row, col), ref in sheet.formulas.items()
        if col in read and row > header.row_index
    )
    if not cells:
        return
    shown = "、".join(
        f"{ref}（{field_label(read[col])}）" for _row, col, ref in cells[:FORMULAS_SHOWN]
    )
    more = len(cells) - FORMULAS_SHOWN
    raise RosterFileError(
        _(
            "Cells of the roster hold formulas, not values: %(cells)s%(more)s. In Excel, copy "
            "those columns and paste them back with Paste Special → Values, save and upload "
            "the file again."
        )
        % {"cells": shown, "more": _(" and %(n)d more") % {"n": more} if more > 0 else ""}
    )
