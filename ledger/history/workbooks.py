"""The earlier ledger's template: the handbook's 职工诉求工作台账, one sheet per quarter of last
year (title row, the 12 columns as ledger.rows prints them), and its instructions in Chinese."""

from django.utils import timezone, translation
from openpyxl import Workbook

from consult.docregistry import Rendered
from consult.roster.workbooks import template_file, template_sheet
from ledger.periods import QUARTER_NAMES
from ledger.texts import COLUMNS

TEXT_COLUMNS = ("编号", "受理时间", "电话")
INSTRUCTIONS = [
    "历史工作台账填写说明",
    "1. 每个季度一个工作表（也可以全年只用一个工作表）。第一行是标题，写明年份，如“2025年第一季度”；第二行是表头，列的顺序可以调整，表头名称请不要修改。",
    "2. 必填：受理时间、受理类别、诉求人、诉求内容。受理时间写成 2025-03-05；标题写明年份时也可以写 3月5日。",
    "3. 受理类别：写本企业的受理类别，如 生活保障类，或 职工诉求类·生活保障类。",
    "4. 诉求人：写姓名；匿名反映的写“匿名”；实名但要求保密的写“保密”，或写成“张三（保密）”。匿名的诉求不保存任何身份信息。",
    "5. 电话、工号（可另加一列“工号”）与花名册中同一人完全一致、且姓名相同时，诉求关联到此人的账号；否则按所写姓名保存。",
    "6. 满意度：非常满意、满意、基本满意、不满意 或 未答复；没有测评的留空。",
    "7. 办理情况、诉求监督人、工会审阅反馈、备注按原台账填写；备注中写“合理化建议”的计为合理化建议。",
    "8. 上传后先看预览，确认后才保存；有问题的行可以下载，改好后再上传。已经导入过的行不会重复导入。",
    "9. 不要使用公式；如有公式，请复制该列后“选择性粘贴→数值”。",
]


def template_xlsx() -> Rendered:
    year = timezone.localdate().year - 1
    workbook = Workbook()
    workbook.remove(workbook.active)
    with translation.override("zh-hans"):  # the handbook's form: Chinese for every reader
        names = [str(name) for name in QUARTER_NAMES.values()]
        columns = [(str(label), width) for label, width in COLUMNS]
    for name in names:
        title = f"____公司工会与行政沟通协商职工诉求工作台账（{year}年第{name[0]}季度）"
        template_sheet(workbook.create_sheet(name), title, columns, TEXT_COLUMNS, 500)
    return template_file(workbook, INSTRUCTIONS, "历史工作台账模板.xlsx")
