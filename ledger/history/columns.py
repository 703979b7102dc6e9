"""The work ledger's 12 columns (ledger.texts.COLUMNS, the handbook's 职工诉求工作台账), found by
their headers in any order on every sheet, below a title row if there is one. 工号 is read
too when a typed ledger has it (it matches the requester to a person of the roster)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from consult.roster.columns import header_key
from consult.roster.errors import RosterFileError

ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("编号", "序号", "原编号"),
    "received_on": ("受理时间", "受理日期", "时间", "日期"),
    "category": ("受理类别", "类别", "诉求类别"),
    "requester": ("诉求人", "姓名", "反映人"),
    "content": ("诉求内容", "内容"),
    "unit": ("部门", "单位", "部门单位", "所在单位", "所在部门"),
    "phone": ("电话", "联系电话", "手机", "手机号码"),
    "handling": ("办理情况", "办理结果"),
    "satisfaction": ("职工诉求满意度", "满意度", "诉求满意度"),
    "supervisor": ("诉求监督人", "监督人", "督办人", "诉求督办人"),
    "review": ("工会审阅反馈", "审阅反馈"),
    "remark": ("备注",),
    "employee_no": ("工号", "员工编号", "职工编号"),
}
REQUIRED = ("received_on", "category", "requester", "content")
HEADER_SEARCH_ROWS = 10
_BY_HEADER = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_ONLY = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def field_label(name: str) -> str:
    return ALIASES[name][0]


@dataclass
class Header:
    """One sheet's header row (0-based index), which column holds what, and the year its title
    or name gives (for dates typed without one, as 3月5日)."""

    row_index: int
    columns: dict[str, int]
    unknown: list[str] = field(default_factory=list)
    year: int | None = None


def _read_header(cells) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    unknown: list[str] = []
    for index, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        name = _BY_HEADER.get(key)
        if name is None or name in columns:
            unknown.append(str(cell).strip())
        else:
            columns[name] = index
    return columns, unknown


def year_in(texts) -> int | None:
    """The year a title (…工作台账（2025年第一季度）) or a sheet's name (2025Q1) names."""
    for text in texts:
        found = _YEAR.search(str(text or "")) or _YEAR_ONLY.search(str(text or ""))
        if found:
            return int(found.group(1))
    return None


def find_header(rows: list[list], sheet_name: str) -> Header | None:
    """The header among the first rows (None when the sheet has none: a sheet of notes);
    RosterFileError when a header lacks a column the import needs."""
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns, unknown = _read_header(cells)
        if "content" not in columns or len(columns) < 3:
            continue
        missing = [field_label(f) for f in REQUIRED if f not in columns]
        if missing:
            raise RosterFileError(
                _("The header row (sheet “%(sheet)s”, line %(line)d) has no column %(columns)s.")
                % {
                    "sheet": sheet_name,
                    "line": index + 1,
                    "columns": "、".join(f"“{c}”" for c in missing),
                }
            )
        titles = [c for row in rows[:index] for c in row]
        return Header(index, columns, unknown, year_in([*titles, sheet_name]))
    return None
