"""Dirty HR files: the cells the roster import reads and how it reads them."""

import datetime

import pytest

from consult.phones import NotAMobile, normalise_phone
from consult.roster.columns import find_header
from consult.roster.errors import RosterFileError
from consult.roster.normalise import Refused, date_of, name_of, parse_row
from consult.roster.parse import parse_sheet
from consult.roster.reader import read_roster
from tests.consult.roster_files import csv_bytes, xlsx


@pytest.mark.parametrize(
    "value",
    [
        13800138000,
        13800138000.0,
        "13800138000",
        " 138 0013 8000 ",
        "138-0013-8000",
        "１３８００１３８０００",
        "+86 138 0013 8000",
        "0086-13800138000",
        "8613800138000",
        "(138)00138000",
    ],
)
def test_phones_are_read_in_every_form_hr_writes_them(value):
    assert normalise_phone(value) == "13800138000"


@pytest.mark.parametrize(
    "value", ["0539-4270001", "1380013800", "23800138000", "1.38001E+10", 1.5, "无", True]
)
def test_what_is_not_a_mainland_mobile_is_refused(value):
    with pytest.raises(NotAMobile):
        normalise_phone(value)


def test_an_empty_phone_is_empty():
    assert normalise_phone(None) == normalise_phone("  ") == ""


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (" 张三 ", "张三"),
        ("张　三", "张三"),
        ("张 小 三", "张小三"),
        ("Aili  Maimaiti", "Aili Maimaiti"),
    ],
)
def test_names_lose_the_spaces_that_pad_them(value, name):
    assert name_of(value) == name


@pytest.mark.parametrize("value", ["张三、李四", "张三,李四", "张三/李四", "张三 李四"])
def test_two_names_in_one_cell_are_refused(value):
    with pytest.raises(Refused):
        name_of(value)


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2020, 3, 1),
        datetime.datetime(2020, 3, 1, 0, 0),
        43891,
        43891.0,
        "43891",
        "2020-03-01",
        "2020/3/1",
        "2020.3.1",
        "2020年3月1日",
        "20200301",
        "２０２０－０３－０１",
    ],
)
def test_hire_dates_are_read_from_cells_serials_and_text(value):
    assert date_of(value) == "2020-03-01"


def test_an_unreadable_date_is_refused():
    with pytest.raises(Refused):
        date_of("三月一日")


def test_headers_are_found_in_any_order_below_a_title_with_their_variants():
    rows = [
        ["某某食品有限公司职工花名册", "", ""],
        ["", "", ""],
        [
            "序号",
            "联系电话",
            "员工编号",
            "所在单位",
            " 姓 名 ",
            "岗位",
            "身份证号",
            "是否职工代表*",
        ],
    ]
    header = find_header(rows)
    assert header.row_index == 2
    assert header.columns == {
        "phone": 1,
        "employee_no": 2,
        "unit": 3,
        "name": 4,
        "post": 5,
        "employee_rep": 7,
    }
    assert header.unknown == ["序号", "身份证号"]


def test_one_unit_column_is_read_as_a_path():
    header = find_header([["姓名", "工号", "单位"]])
    row = parse_row(["刘一", "A001", "一分厂／罐头车间 / 一班"], header)
    assert row["unit"] == [["一分厂", "branch"], ["罐头车间", "workshop"], ["一班", "team"]]


def test_three_unit_columns_skip_an_empty_level():
    header = find_header([["姓名", "工号", "分厂", "车间", "班组"]])
    row = parse_row(["刘一", "A001", "", "罐头车间", "一班"], header)
    assert row["unit"] == [["罐头车间", "workshop"], ["一班", "team"]]


def test_both_ways_of_giving_the_unit_at_once_are_refused():
    with pytest.raises(RosterFileError):
        find_header([["姓名", "工号", "单位", "车间"]])


ROWS = [
    ["职工花名册"],
    ["姓名", "工号", "手机", "部门", "入职日期"],
    ["张三", "A001", "13800138000", "生产部", "2020/3/1"],
    ["李四", "A002", "139-0000-1111", "质检部", "2021年5月3日"],
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_is_read_in_the_encodings_chinese_excel_saves(encoding):
    parsed = parse_sheet(read_roster(csv_bytes(ROWS, encoding)))
    assert [(r["name"], r["phone"], r["department"]) for r in parsed.rows] == [
        ("张三", "13800138000", "生产部"),
        ("李四", "13900001111", "质检部"),
    ]


def test_csv_and_xlsx_of_the_same_roster_read_the_same():
    from_csv = parse_sheet(read_roster(csv_bytes(ROWS, "gbk"))).rows
    from_xlsx = parse_sheet(read_roster(xlsx(ROWS, title=None))).rows
    strip = [{k: v for k, v in r.items() if k != "cells"} for r in from_csv]
    assert strip == [{k: v for k, v in r.items() if k != "cells"} for r in from_xlsx]


def test_a_semicolon_csv_is_read():
    data = "姓名;工号;手机\n张三;A001;13800138000\n".encode()
    assert parse_sheet(read_roster(data)).rows[0]["employee_no"] == "A001"
