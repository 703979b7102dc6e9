"""The 职工诉求工作台账 of a quarter: the handbook's title and 12 columns, rows read from the
items, their tasks and clocks, the identity rule for the reader in the page, the XLSX and the
PDF, text that stays text, and query counts that do not grow with the rows."""

import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from consult.models import IdentityView
from grievances.models import Disclosure
from ledger.texts import HEADERS
from tests import factories
from tests.ledger.conftest import Q3, at, pdf_text

TITLE = "蒙阴示范机械有限公司工会与行政沟通协商职工诉求工作台账（2026年第3季度）"
EXPECTED_HEADERS = [
    "编号", "受理时间", "受理类别", "诉求人", "诉求内容", "部门（单位）",
    "电话", "办理情况", "职工诉求满意度", "诉求监督人", "工会审阅反馈", "备注",
]  # fmt: skip


def _url(name, fmt, query=Q3):
    return reverse("ledger_download", args=["demo", name, fmt]) + query


def _xlsx(response):
    content = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(content))


def _rows(response):
    ws = _xlsx(response).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_headers_follow_the_handbook_in_order():
    with translation.override("zh-hans"):  # as every printed form
        assert [str(h) for h in HEADERS] == EXPECTED_HEADERS


def test_xlsx_has_title_headers_and_one_row_per_item_received_in_the_quarter(login, handled):
    g = handled(content="食堂饭菜价格偏高")
    with at(datetime.date(2026, 10, 2)):  # next quarter: not in Q3's ledger
        later = factories.grievance("submitted", enterprise=g.enterprise, content="十月的诉求")
    rows = _rows(login("union_chair").get(_url("work_ledger", "xlsx")))
    assert rows[0][0] == TITLE
    assert rows[1] == EXPECTED_HEADERS
    assert len(rows) == 3
    row = dict(zip(EXPECTED_HEADERS, rows[2], strict=True))
    assert row["编号"] == g.number
    assert row["受理时间"] == "2026-08-03"
    assert row["诉求人"] == "张三"
    assert row["部门（单位）"] == "机加工车间一班"
    assert row["电话"]  # the requester's phone from their membership
    assert row["诉求内容"] == "食堂饭菜价格偏高"
    assert "转职能部门办理" in row["办理情况"]
    assert "人力资源部" in row["办理情况"]
    assert "已完成：已调整价格" in row["办理情况"]
    assert "反馈按时" in row["办理情况"] and "告知按时" in row["办理情况"]
    assert later.number not in str(rows)


def test_xlsx_sheet_is_frozen_printed_landscape_with_its_title_merged(login, handled):
    handled()
    ws = _xlsx(login("union_chair").get(_url("work_ledger", "xlsx"))).active
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$2:$2" or ws.print_title_rows == "2:2"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == "9"
    assert "A1:L1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.column_dimensions["E"].width > ws.column_dimensions["A"].width


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x.invalid","点我")', "+1+2", "-3", "@SUM(A1)", "\t=1+1", "\r=2"]
)
def test_formula_like_text_stays_text(login, handled, text):
    handled(content=text + " 食堂")
    ws = _xlsx(login("union_chair").get(_url("work_ledger", "xlsx"))).active
    cell = ws["E3"]
    assert cell.data_type == "s"
    assert cell.value == text + " 食堂"


def test_control_characters_in_text_do_not_break_the_file(login, handled):
    handled(content="食堂\x07\x1b\x0b价格偏高")  # NUL never reaches the database
    ws = _xlsx(login("union_chair").get(_url("work_ledger", "xlsx"))).active
    assert ws["E3"].value == "食堂价格偏高"


@pytest.mark.parametrize(
    "username,confidential_shown",
    [("union_chair", True), ("admin_head", False), ("union_staff", False)],
)
def test_identity_rule_holds_in_page_xlsx_and_pdf(login, handled, username, confidential_shown):
    handled(content="甲类诉求", disclosure=Disclosure.CONFIDENTIAL)
    handled(content="乙类诉求", disclosure=Disclosure.ANONYMOUS, day=datetime.date(2026, 8, 4))
    handled(content="丙类诉求", disclosure=Disclosure.NAMED, day=datetime.date(2026, 8, 5))
    client = login(username)
    rows = _rows(client.get(_url("work_ledger", "xlsx")))[2:]
    by_content = {r[4]: r for r in rows}
    assert by_content["乙类诉求"][3] == by_content["乙类诉求"][6] == "匿名"
    assert by_content["丙类诉求"][3] == "张三"
    confidential = by_content["甲类诉求"]
    if confidential_shown:
        # Marked as the handbook says 实名（保密）: a ledger the chair hands on or imports again
        # (ledger.history) still says the name is not for management.
        assert confidential[3] == "张三（保密）"
    else:
        assert confidential[3] == confidential[5] == confidential[6] == "保密"
    page = client.get(reverse("ledger_home", args=["demo"]) + Q3).content.decode()
    page = page[page.index('id="ledger"') : page.index("</table>")]
    pdf = pdf_text(client.get(_url("work_ledger", "pdf")).content)
    for text in (page, pdf):
        assert "匿名" in text
    # (the PDF's narrow 诉求人 column may break the marked name over two lines)
    assert ("张三（保密）" in page) == confidential_shown
    assert "保密" in page
    phone = confidential[6]
    if not confidential_shown:
        assert "1380000" not in "".join(str(v) for v in confidential)
    else:
        assert phone


def test_the_chairs_view_of_a_confidential_requester_is_logged(login, handled):
    g = handled(disclosure=Disclosure.CONFIDENTIAL)
    before = IdentityView.objects.filter(target_id=g.pk).count()
    b"".join(login("union_chair").get(_url("work_ledger", "xlsx")).streaming_content)
    assert IdentityView.objects.filter(target_id=g.pk, context="work_ledger").count() == before + 1


def test_a_period_without_items_is_an_empty_ledger_with_its_headers(login):
    client = login("union_chair")
    rows = _rows(client.get(_url("work_ledger", "xlsx", "?year=2019&quarter=2")))
    assert rows[0][0].endswith("（2019年第2季度）")
    assert rows[1] == EXPECTED_HEADERS and len(rows) == 2
    response = client.get(_url("work_ledger", "pdf", "?year=2019&quarter=2"))
    assert response.status_code == 200
    assert "本期无诉求事项" in pdf_text(response.content)
    page = client.get(reverse("ledger_home", args=["demo"]) + "?year=2019&quarter=2")
    assert page.status_code == 200 and "编号" in page.content.decode()


def test_pdf_is_a4_landscape_with_the_title_and_an_embedded_cjk_font(login, handled):
    import subprocess

    handled()
    content = login("union_chair").get(_url("work_ledger", "pdf")).content
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True).stdout.decode()
    assert "842 x 595" in info or "841.89 x 595.276" in info
    fonts = subprocess.run(["pdffonts", "-"], input=content, capture_output=True).stdout.decode()
    assert "CJK" in fonts
    text = pdf_text(content)
    assert "职工诉求工作台账" in text and "2026年第3季度" in text
    assert re.search(r"1\s*/\s*1", text)  # the page number


def test_pdf_header_repeats_on_every_page(login, handled):
    for i in range(14):
        handled(
            content=f"第{i}项诉求：" + "食堂饭菜价格偏高，" * 12, day=datetime.date(2026, 7, 1 + i)
        )
    content = login("union_chair").get(_url("work_ledger", "pdf")).content
    pages = pdf_text(content).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    assert all("编号" in p and "办理情况" in p for p in pages)
    assert "2/" in pages[1].replace(" ", "")


def test_above_the_row_limit_the_pdf_says_to_use_the_xlsx(login, handled, monkeypatch):
    from ledger import documents

    monkeypatch.setattr(documents, "PDF_ROW_LIMIT", 1)
    handled()
    handled(day=datetime.date(2026, 8, 6))
    client = login("union_chair")
    assert "Excel（XLSX）" in pdf_text(client.get(_url("work_ledger", "pdf")).content)


def test_monthly_ledger_covers_one_month(login, handled):
    handled(day=datetime.date(2026, 8, 3))
    handled(content="九月的诉求", day=datetime.date(2026, 9, 3))
    rows = _rows(login("union_chair").get(_url("work_ledger", "xlsx", "?year=2026&month=9")))
    assert rows[0][0].endswith("（2026年9月）")
    assert [r[4] for r in rows[2:]] == ["九月的诉求"]


def test_the_ledger_costs_the_same_queries_for_1_or_8_items(
    login, handled, django_assert_max_num_queries
):
    client = login("union_chair")
    page = reverse("ledger_home", args=["demo"]) + Q3
    handled()
    client.get(page)  # the session is written once
    with django_assert_max_num_queries(40) as xlsx_one:
        b"".join(client.get(_url("work_ledger", "xlsx")).streaming_content)
    with django_assert_max_num_queries(40) as page_one:
        client.get(page)
    for i in range(7):
        handled(content=f"诉求{i}", day=datetime.date(2026, 8, 10 + i))
    with django_assert_max_num_queries(len(xlsx_one.captured_queries)):
        b"".join(client.get(_url("work_ledger", "xlsx")).streaming_content)
    with django_assert_max_num_queries(len(page_one.captured_queries)):
        assert client.get(page).content.decode().count("诉求") >= 8
