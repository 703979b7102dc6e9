"""The roster's columns, found by their Chinese headers in any order.

HR files name the same column in several ways (手机/手机号/手机号码/联系电话…), put a title row
above the header, and mark required columns with * or a note in brackets; all of that is read
here. A header row is the first of the top rows that names 姓名 and at least one other known
column.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from consult.roster.errors import RosterFileError

# field → the headers that name it (compared after `header_key`).
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "职工姓名", "员工姓名", "名字"),
    "employee_no": ("工号", "员工编号", "职工编号", "员工工号", "职工工号", "人员编号"),
    "phone": ("手机", "手机号", "手机号码", "联系电话", "移动电话", "电话", "联系方式"),
    "branch": ("分厂",),
    "workshop": ("车间",),
    "team": ("班组", "班次"),
    "unit": ("单位", "所在单位", "单位路径", "所属单位"),
    "department": ("部门", "所在部门", "职能部门", "所属部门"),
    "post": ("职务", "岗位", "职位"),
    "employee_rep": ("是否职工代表", "职工代表"),
    "gender": ("性别",),
    "hired_on": ("入职日期", "入职时间", "入厂日期", "入厂时间"),
    "wecom_userid": ("企业微信账号", "企业微信", "企业微信id", "企业微信userid"),
    "dingtalk_userid": ("钉钉账号", "钉钉", "钉钉id", "钉钉userid"),
}
REQUIRED = ("name", "employee_no")
UNIT_LEVELS = ("branch", "workshop", "team")
HEADER_SEARCH_ROWS = 10

_BY_HEADER = {alias.lower(): name for name, aliases in ALIASES.items() for alias in aliases}
_NOTE = re.compile(r"[（(【\[].*?[)）】\]]")
_MARKS = re.compile(r"[\s*＊:：]")


def header_key(value) -> str:
    """A header cell as compared: full-width folded, spaces, * and bracketed notes removed."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return _MARKS.sub("", _NOTE.sub("", text)).lower()


def field_label(name: str) -> str:
    """The column's Chinese header, as the template and messages name it."""
    return ALIASES[name][0]


@dataclass
class Header:
    """Where the header row is (0-based index in the sheet) and which column holds what."""

    row_index: int
    columns: dict[str, int]
    unknown: list[str] = field(default_factory=list)

    @property
    def fields(self) -> set[str]:
        return set(self.columns)


def _read_header(cells) -> tuple[dict[str, int], list[str], list[str]]:
    columns: dict[str, int] = {}
    unknown: list[str] = []
    twice: list[str] = []
    for index, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        name = _BY_HEADER.get(key)
        if name is None:
            unknown.append(str(cell).strip())
        elif name in columns:
            twice.append(str(cell).strip())
        else:
            columns[name] = index
    return columns, unknown, twice


def _check_header(line: int, columns: dict[str, int], twice: list[str]) -> None:
    """RosterFileError when the header row names a column twice, lacks one, or mixes units."""
    if twice:
        raise RosterFileError(
            _(
                "The header row (line %(line)d) has the column %(columns)s more than once: "
                "a roster has one person per row. Put each person on a row of their own."
            )
            % {"line": line, "columns": "、".join(f"“{c}”" for c in twice)}
        )
    missing = [field_label(f) for f in REQUIRED if f not in columns]
    if missing:
        raise RosterFileError(
            _("The header row (line %(line)d) has no column %(columns)s.")
            % {"line": line, "columns": "、".join(f"“{c}”" for c in missing)}
        )
    if "unit" in columns and columns.keys() & set(UNIT_LEVELS):
        raise RosterFileError(
            _(
                "Give the unit either as one column 单位 (a path such as "
                "一分厂/罐头车间/一班) or as the columns 分厂, 车间, 班组, not both."
            )
        )


def find_header(rows: list[list]) -> Header:
    """The header among the first rows; RosterFileError when none can be read."""
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns, unknown, twice = _read_header(cells)
        if "name" not in columns or len(columns) < 2:
            continue
        _check_header(index + 1, columns, twice)
        return Header(row_index=index, columns=columns, unknown=unknown)
    raise RosterFileError(
        _(
            "The header row could not be found: none of the first %(n)d rows names the column "
            "姓名 together with 工号. Download the template to see the columns."
        )
        % {"n": HEADER_SEARCH_ROWS}
    )
