"""The roster's spreadsheets: the template to fill in (with its instructions in Chinese) and
the refused rows to fix and upload again."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from consult.docregistry import Rendered
from consult.roster.reasons import reason_text
from consult.xlsx import XLSX_TYPE, xlsx_table

TEMPLATE_COLUMNS = [
    ("姓名", 10),
    ("工号", 12),
    ("手机号码", 15),
    ("分厂", 12),
    ("车间", 14),
    ("班组", 10),
    ("部门", 14),
    ("职务", 12),
    ("是否职工代表", 8),
    ("性别", 6),
    ("入职日期", 12),
    ("企业微信账号", 14),
    ("钉钉账号", 14),
]
TEXT_COLUMNS = ("工号", "手机号码", "企业微信账号", "钉钉账号")
INSTRUCTIONS = [
    "职工花名册填写说明",
    "1. 在“花名册”工作表中每行填写一人。第一行是标题，可以修改或删除；第二行是表头，列的顺序可以调整，"
    "表头名称请不要修改。",
    "2. 必填：姓名、工号。工号是每个人在本企业唯一的编号，以后每月再次导入时按工号更新人员信息。",
    "3. 手机号码：11 位大陆手机号，可以留空；有空格或短横线也可以。",
    "4. 单位：分厂、车间、班组分三列填写，没有的层级留空；也可以只用一列“单位”，写成 第一分厂/罐头车间/一班。",
    "5. 部门：职能部门的名称，如 人力资源部。职务：如 操作工、车间主任。",
    "6. 是否职工代表：填“是”或“否”。填“是”的人员在系统中成为职工代表。",
    "7. 选填：性别（男/女）、入职日期（如 2020-03-01）、企业微信账号、钉钉账号。",
    "8. 系统中还没有的单位和部门会自动建立；留空的单元格不会清除系统中已有的信息。",
    "9. 已导入、但这次文件中没有的人员会列为“离开”，只有在确认时勾选才停用，不会删除。",
    "10. 上传后先看预览，确认后才保存。有问题的行可以下载，改好后再上传。",
    "11. 不要使用公式；如有公式，请复制该列后“选择性粘贴→数值”。",
    "12. 其他列（如身份证号）会被忽略：请不要上传系统不需要的个人信息。",
    "",
    "示例：",
    "张三　D0001　13800000000　第一分厂　机加工车间　一班　生产部　操作工　否　男　2020-03-01",
]


def template_xlsx() -> Rendered:
    """The empty roster: the sheet 花名册 (title row, header row; 工号 and phone columns kept as
    text so Excel does not turn them into numbers) and the sheet 填写说明."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    template_sheet(
        sheet, "职工花名册（填写说明见“填写说明”工作表）", TEMPLATE_COLUMNS, TEXT_COLUMNS, 1000
    )
    return template_file(workbook, INSTRUCTIONS, "职工花名册模板.xlsx")


def template_sheet(sheet, title: str, columns, text_columns, rows: int) -> None:
    """A sheet to fill in: a bold title row, the header row, columns as wide as given, the
    `text_columns` kept as text for `rows` rows (so Excel keeps leading zeros and long numbers)."""
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([label for label, _width in columns])
    for index, (label, width) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        sheet[f"{letter}2"].font = Font(bold=True)
        if label in text_columns:
            for row in range(3, rows + 3):
                sheet[f"{letter}{row}"].number_format = "@"
    sheet.freeze_panes = "A3"


def template_file(workbook, instructions: list[str], filename: str) -> Rendered:
    """The workbook with its sheet 填写说明 (the instructions, one per row), as a file."""
    notes = workbook.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 110
    for line in instructions:
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=14)
    for cell in notes["A"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return Rendered(filename, XLSX_TYPE, out)


def _line(row: dict) -> str:
    return f"{row['sheet']} {row['line']}" if row.get("sheet") else str(row["line"])


def refused_xlsx(
    roster_import,
    *,
    title: str = "花名册中未导入的行（改好后可重新上传）",
    sheet: str = "花名册",
    explain=reason_text,
) -> Rendered:
    """The refused rows as the file had them, with 原行号 first (the sheet's name before it
    when the file had several) and 原因 last; every cell text (consult.xlsx), so it can be
    fixed and uploaded again. Also the earlier ledgers' (ledger.history), with their reasons."""
    refused = roster_import.plan.get("refused", [])
    headers = list(roster_import.header.get("headers", []))
    width = max([len(headers), *(len(r["cells"]) for r in refused)])
    headers += [""] * (width - len(headers))
    columns = [("原行号", 8)] + [(h, 14) for h in headers] + [("原因", 50)]
    rows = (
        [_line(r), *r["cells"], *[""] * (width - len(r["cells"])), explain(r["reason"])]
        for r in refused
    )
    return xlsx_table(
        f"未导入的行-{roster_import.file_name.rsplit('.', 1)[0]}.xlsx",
        title=title,
        columns=columns,
        rows=rows,
        sheet=sheet,
    )
