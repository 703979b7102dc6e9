"""One roster row, from the cells HR typed to the values stored, or the reason it is refused.

Real HR files are dirty: phones stored as numbers or with dashes and spaces, full-width digits,
names padded with spaces, dates as Excel serial numbers or in several written forms. These are
read here; what cannot be read is refused with a reason (`reasons.Reason`) the preview shows
with the row's line number.
"""

import datetime
import re
import unicodedata

from consult.phones import NotAMobile, normalise_phone
from consult.roster.columns import UNIT_LEVELS, Header
from consult.roster.reasons import Reason

MAX_NAME = 40
MAX_EMPLOYEE_NO = 30
MAX_POST = 60
MAX_UNIT_NAME = 100
MAX_ACCOUNT = 64
EXCEL_EPOCH = datetime.date(1899, 12, 30)
_SPACE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
_TWO_PEOPLE = re.compile(r"[、,，;；/／|]")
_EMPLOYEE_NO = re.compile(r"^[\w.@+-]+$")
_UNIT_PATH = re.compile(r"\s*[/／\\＼>＞]\s*")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_YES = {"是", "y", "yes", "√", "✓", "✔", "1", "true", "是的", "对"}
_NO = {"否", "n", "no", "×", "✗", "0", "false", "不是"}
_GENDERS = {"男": "男", "男性": "男", "m": "男", "male": "男", "女": "女", "女性": "女", "f": "女"}
_GENDERS["female"] = "女"


class Refused(Exception):
    def __init__(self, reason: Reason):
        super().__init__(reason.code)
        self.reason = reason


def plain(value) -> str:
    """A cell as text: numbers without their .0, full-width folded, spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return unicodedata.normalize("NFKC", str(value)).strip()


def name_of(value) -> str:
    """姓名: trimmed; spaces that pad a name (张　三) are dropped; two names are refused."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _SPACE.sub(" ", str(value if value is not None else "")).strip()
    if not text:
        raise Refused(Reason("no_name"))
    if _TWO_PEOPLE.search(text):
        raise Refused(Reason("two_people", {"value": text}))
    parts = text.split(" ")
    if len(parts) > 1:
        latin = all(p.isascii() for p in parts)
        if not latin and any(len(p) > 1 for p in parts):
            raise Refused(Reason("space_in_name", {"value": text}))
        text = " ".join(parts) if latin else "".join(parts)
    if len(text) > MAX_NAME:
        raise Refused(Reason("too_long", {"column": "姓名", "limit": MAX_NAME}))
    return text


def employee_no_of(value) -> str:
    text = _SPACE.sub("", plain(value))
    if not text:
        raise Refused(Reason("no_employee_no"))
    if len(text) > MAX_EMPLOYEE_NO or not _EMPLOYEE_NO.match(text):
        raise Refused(Reason("bad_employee_no", {"value": text}))
    return text


def phone_of(value) -> str:
    try:
        return normalise_phone(value)
    except NotAMobile:
        text = plain(value)
        if len(re.findall(r"1[3-9]\d{9}", _SPACE.sub("", text).replace("-", ""))) > 1:
            raise Refused(Reason("two_people", {"value": text})) from None
        raise Refused(Reason("not_a_mobile", {"value": text})) from None


def date_of(value) -> str | None:
    """入职日期 as an ISO date: a date cell, an Excel serial number, 2020-03-01, 2020/3/1,
    2020.3.1, 2020年3月1日 or 20200301."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = plain(value)
    if not text:
        return None
    try:
        if isinstance(value, int | float) or re.fullmatch(r"\d{4,5}(\.0+)?", text):
            serial = int(float(text))
            if not 1 <= serial <= 2958465:
                raise ValueError(text)
            return (EXCEL_EPOCH + datetime.timedelta(days=serial)).isoformat()
        if re.fullmatch(r"\d{8}", text):
            return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
        match = _DATE.match(text)
        if match:
            return datetime.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        pass
    raise Refused(Reason("bad_date", {"value": text}))


def yes_no(value) -> bool | None:
    text = plain(value).lower()
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise Refused(Reason("bad_yes_no", {"value": text}))


def gender_of(value) -> str | None:
    text = plain(value).lower()
    if not text:
        return None
    if text not in _GENDERS:
        raise Refused(Reason("bad_gender", {"value": text}))
    return _GENDERS[text]


def text_of(value, column: str, limit: int) -> str | None:
    text = _SPACE.sub(" ", plain(value))
    if not text:
        return None
    if len(text) > limit:
        raise Refused(Reason("too_long", {"column": column, "limit": limit}))
    return text


def unit_of(cells, header: Header) -> list[list[str]] | None:
    """The unit as a path of [name, kind] pairs from the top (分厂 → 车间 → 班组): from the three
    columns (an empty level is skipped: a workshop directly under the enterprise) or from the
    path in 单位 (its levels read as 分厂/车间/班组 in that order)."""
    columns = header.columns
    if "unit" in columns:
        text = plain(_cell(cells, columns["unit"]))
        names = [p for p in _UNIT_PATH.split(text) if p] if text else []
        if len(names) > len(UNIT_LEVELS):
            raise Refused(Reason("unit_too_deep", {"value": "/".join(names)}))
        path = [[name, kind] for name, kind in zip(names, UNIT_LEVELS, strict=False)]
    else:
        path = [
            [plain(_cell(cells, columns[kind])), kind] for kind in UNIT_LEVELS if kind in columns
        ]
        path = [pair for pair in path if pair[0]]
    for name, _kind in path:
        if len(name) > MAX_UNIT_NAME:
            raise Refused(Reason("too_long", {"column": "单位", "limit": MAX_UNIT_NAME}))
    return path or None


def _cell(cells, index: int):
    return cells[index] if index < len(cells) else None


def parse_row(cells, header: Header) -> dict:
    """The row's values (None: the file does not say, keep what is stored); Refused if not."""
    columns = header.columns

    def cell(name):
        return _cell(cells, columns[name]) if name in columns else None

    row = {
        "name": name_of(cell("name")),
        "employee_no": employee_no_of(cell("employee_no")),
        "phone": phone_of(cell("phone")) or None,
        "unit": unit_of(cells, header),
        "department": text_of(cell("department"), "部门", 100),
        "post": text_of(cell("post"), "职务", MAX_POST),
        "employee_rep": yes_no(cell("employee_rep")),
        "gender": gender_of(cell("gender")),
        "hired_on": date_of(cell("hired_on")),
        "wecom_userid": text_of(cell("wecom_userid"), "企业微信账号", MAX_ACCOUNT),
        "dingtalk_userid": text_of(cell("dingtalk_userid"), "钉钉账号", MAX_ACCOUNT),
    }
    return {name: value for name, value in row.items() if value is not None}
