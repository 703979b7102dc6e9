"""Roster files for the roster import's tests: XLSX and CSV made here, as HR would send them."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

HEADER = ["姓名", "工号", "手机号码", "分厂", "车间", "班组", "部门", "职务", "是否职工代表"]


def xlsx(rows, *, title: str | None = "职工花名册") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows, encoding: str = "utf-8") -> bytes:
    import csv

    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding)


def person(
    name,
    number,
    phone,
    branch="第一分厂",
    workshop="机加工车间",
    team="一班",
    department="生产部",
    post="操作工",
    rep="否",
):
    return [name, number, phone, branch, workshop, team, department, post, rep]


def roster(*people) -> bytes:
    return xlsx([HEADER, *people])


def upload(client, data: bytes, name: str = "花名册.xlsx", code: str = "demo"):
    return client.post(
        reverse("roster_upload", args=[code]), {"file": SimpleUploadedFile(name, data)}
    )


def confirm(client, record, *, leavers: bool = False, code: str = "demo"):
    data = {"deactivate_leavers": "1"} if leavers else {}
    return client.post(reverse("roster_confirm", args=[code, record.pk]), data)
