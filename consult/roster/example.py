"""An example roster as HR would hand it over, dirt included, for newcomers (`manage.py
example_roster`), the tests and the benchmark.

The enterprise's people recorded without 工号 (the demo's personas) come first, with their
names and phones, so that importing the example gives them a 工号 instead of a second account.
Then `rows` made-up people in three branch factories. Phones are written as Excel numbers, with
dashes or spaces, or in full-width digits; some names are padded with spaces; hire dates are
date cells, Excel serial numbers or text. `bad` rows are refused by the import, each for a
different reason.
"""

import datetime
import io
import random

from openpyxl import Workbook

from consult.handbook import DEPARTMENTS

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅凤春燕海斌"
BRANCHES = {
    "第一分厂": {"机加工车间": 4, "装配车间": 3},
    "第二分厂": {"包装车间": 3, "罐头车间": 4},
    "第三分厂": {"热处理车间": 2, "仓储车间": 2},
}
POSTS = ["操作工"] * 8 + ["班组长", "质检员", "技术员", "维修工", "仓管员", "车间主任"]
TEAM_NAMES = "一二三四五六"
HEADER = [
    "序号",
    "姓名",
    "工号",
    "性别",
    "手机号码",
    "分厂",
    "车间",
    "班组",
    "部门",
    "职务",
    "是否职工代表",
    "入职日期",
    "身份证号",
]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def employee_number(index: int) -> str:
    return f"E{index:05d}"


def _phone(rng: random.Random, index: int):
    number = 13900000000 + index
    style = index % 5
    if style == 0:
        return number  # a number cell, as Excel keeps a phone typed without care
    text = str(number)
    if style == 1:
        return f"{text[:3]}-{text[3:7]}-{text[7:]}"
    if style == 2:
        return f"{text[:3]} {text[3:7]} {text[7:]}"
    if style == 3:
        return text.translate(FULL_WIDTH)
    return text


def _hired(rng: random.Random, index: int):
    day = datetime.date(2005, 1, 1) + datetime.timedelta(days=rng.randrange(7000))
    style = index % 3
    if style == 0:
        return day  # a date cell
    if style == 1:
        return (day - datetime.date(1899, 12, 30)).days  # an Excel serial number
    return f"{day.year}年{day.month}月{day.day}日"


def _person(rng: random.Random, index: int) -> list:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    if index % 17 == 0:
        name = f" {name[0]}　{name[1:]} " if len(name) == 2 else f" {name} "
    branch = rng.choice(list(BRANCHES))
    workshop = rng.choice(list(BRANCHES[branch]))
    team = f"{TEAM_NAMES[rng.randrange(BRANCHES[branch][workshop])]}班"
    in_office = index % 12 == 0
    return [
        name,
        employee_number(index),
        rng.choice("男女"),
        _phone(rng, index),
        "" if in_office else branch,
        "" if in_office else workshop,
        "" if in_office else team,
        rng.choice(DEPARTMENTS) if in_office else "生产部",
        "科员" if in_office else rng.choice(POSTS),
        "是" if index % 20 == 3 else "否",
        _hired(rng, index),
        "3713" + "*" * 14,
    ]


BAD_ROWS = [
    # (what is wrong, the row) — each refused for a reason of its own.
    [
        "郑重",
        "E00001",
        "男",
        "13700000001",
        "第一分厂",
        "机加工车间",
        "一班",
        "生产部",
        "操作工",
        "否",
    ],
    [
        "林立",
        "E90002",
        "男",
        "0539-4270001",
        "第一分厂",
        "装配车间",
        "一班",
        "生产部",
        "操作工",
        "否",
    ],
    ["", "E90003", "女", "13700000003", "第二分厂", "包装车间", "一班", "生产部", "操作工", "否"],
    [
        "钱七、孙八",
        "E90004",
        "男",
        "13700000004",
        "第二分厂",
        "包装车间",
        "二班",
        "生产部",
        "操作工",
        "否",
    ],
    [
        "何平",
        "E90005",
        "女",
        "13700000005",
        "第三分厂",
        "仓储车间",
        "一班",
        "生产部",
        "操作工",
        "也许",
    ],
    [
        "罗成",
        "E90006",
        "男",
        "1370000000",
        "第三分厂",
        "仓储车间",
        "二班",
        "生产部",
        "操作工",
        "否",
    ],
]


def example_rows(*, rows: int, bad: int = 0, people=(), seed: int = 2026) -> list[list]:
    """The sheet's rows (title, header, people): `people` are (name, phone, 工号) of people
    already recorded, listed first."""
    rng = random.Random(seed)
    out: list[list] = [["示范企业职工花名册（人力资源部导出）"], HEADER]
    body: list[list] = []
    for name, phone, number in people:
        body.append([name, number, "", phone, "", "", "", "", "", "", "", ""])
    for index in range(1, rows + 1):
        body.append(_person(rng, index))
    for row in BAD_ROWS[:bad]:
        body.insert(rng.randrange(len(body) + 1), [*row, "", ""])
    out += [[number, *row] for number, row in enumerate(body, start=1)]
    return out


def example_xlsx(**kwargs) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    for row in example_rows(**kwargs):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def example_csv(*, encoding: str = "gb18030", **kwargs) -> bytes:
    """The same as CSV, as Chinese Excel saves it (GB18030 unless told otherwise)."""
    import csv

    text = io.StringIO()
    writer = csv.writer(text)
    for row in example_rows(**kwargs):
        writer.writerow([_csv_cell(c) for c in row])
    return text.getvalue().encode(encoding)


def _csv_cell(value) -> str:
    if isinstance(value, datetime.date):
        return value.strftime("%Y/%m/%d")
    return str(value)
