"""Erasing identities leaves every ledger's figures as they were (issue 19, point 8): the
annual category summary's XLSX is the same cell for cell, the quarter's work ledger has the same
rows with the same numbers, dates, categories, contents, handling and satisfaction (only the
requester's name, unit and phone read 已删除), and the satisfaction ledger is the same."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from grievances import services
from grievances.models import Disclosure
from ledger.texts import HEADERS
from tests import factories
from tests.grievances.closing import closed_item

IDENTITY_COLUMNS = {"诉求人", "部门（单位）", "电话"}


def _cells(client, document: str, query: dict) -> list[list]:
    url = reverse("ledger_download", args=["demo", document, "xlsx"])
    response = client.get(url, query)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def _document(client, document: str, query: dict) -> list[list]:
    url = reverse("enterprise_document", args=["demo", document, "xlsx"])
    response = client.get(url, query)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def quarter():
    today = timezone.localdate()
    return {"year": today.year, "quarter": (today.month - 1) // 3 + 1}


def test_the_ledgers_figures_are_identical_before_and_after_erasure(demo, login, quarter):
    items = [
        closed_item(demo, requester_name="郑秋菊", phone="13912345678"),
        closed_item(demo, disclosure=Disclosure.CONFIDENTIAL, content="宿舍热水不足"),
        closed_item(demo, disclosure=Disclosure.NAMED, content="班车太少", level="very_satisfied"),
    ]
    factories.grievance("answered", enterprise=demo, content="仍在办理的诉求")
    client = login("union_chair")
    year = {"year": quarter["year"]}
    summary = _cells(client, "category_summary", year)
    work = _cells(client, "work_ledger", quarter)
    satisfaction = _document(client, "satisfaction_ledger", quarter)
    assert any("宿舍热水不足" in str(cell) for row in summary for cell in row)
    assert any("郑秋菊" in str(cell) for row in work for cell in row)

    for g in items:
        services.grievance_erase_identity(grievance=g, by=None, kind="retention")

    assert _cells(client, "category_summary", year) == summary
    assert _document(client, "satisfaction_ledger", quarter) == satisfaction
    after = _cells(client, "work_ledger", quarter)
    assert len(after) == len(work)
    header = work.index(HEADERS)
    erased_rows = 0
    for before_row, after_row in zip(work[header + 1 :], after[header + 1 :], strict=True):
        row_before = dict(zip(HEADERS, before_row, strict=True))
        row_after = dict(zip(HEADERS, after_row, strict=True))
        for column in HEADERS:
            if column not in IDENTITY_COLUMNS:
                assert row_after[column] == row_before[column], column
        if row_after["编号"] in {g.number for g in items}:
            assert {row_after[c] for c in IDENTITY_COLUMNS} == {"已删除"}
            erased_rows += 1
    assert erased_rows == 3
    assert not any("郑秋菊" in str(cell) for row in after for cell in row)
