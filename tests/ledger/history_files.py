"""Earlier work ledgers for the history import's tests: the handbook's 12 columns typed into
Excel, one sheet per quarter, dated in last year (computed from today: tests do not expire)."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

HEADER = [
    "编号", "受理时间", "受理类别", "诉求人", "诉求内容", "部门（单位）", "电话", "办理情况",
    "职工诉求满意度", "诉求监督人", "工会审阅反馈", "备注",
]  # fmt: skip


def last_year() -> int:
    return timezone.localdate().year - 1


def day(month: int, dom: int) -> datetime.date:
    return datetime.date(last_year(), month, dom)


def item(number, received, category, requester, content, **more) -> list:
    return [
        number,
        received,
        category,
        requester,
        content,
        more.get("unit", ""),
        more.get("phone", ""),
        more.get("handling", "已办结"),
        more.get("level", "满意"),
        more.get("supervisor", "冯刚"),
        more.get("review", "同意"),
        more.get("remark", ""),
    ]


def ledger_xlsx(sheets: dict[str, list[list]], *, header=HEADER) -> bytes:
    """One sheet per quarter, each with the form's title row above the header."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        sheet.append([f"示范公司工会与行政沟通协商职工诉求工作台账（{last_year()}年{name}）"])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, data: bytes, name: str = "工作台账.xlsx", code: str = "demo"):
    return client.post(
        reverse("history_upload", args=[code]), {"file": SimpleUploadedFile(name, data)}
    )


def confirm(client, record, code: str = "demo"):
    return client.post(reverse("history_confirm", args=[code, record.pk]))
