"""The 议题梳理汇总分类表 at scale (issue 12): the XLSX streams its rows with shared named styles
and a fixed number of queries; the PDF prints this year by default and, above its row cap,
sends the reader to the XLSX instead of rendering for minutes."""

import io

import pytest
from django.db.models.query import QuerySet
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from consult.models import Category
from grievances import documents
from grievances.models import Grievance


def _content(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def _sheet(client, query=""):
    content = _content(client.get(f"/e/demo/documents/summary_table.xlsx{query}"))
    return load_workbook(io.BytesIO(content)).active


def _classified(make_item, demo, contents, category=None):
    items = [make_item("classified", content=c) for c in contents]
    if category is not None:
        Grievance.objects.filter(pk__in=[g.pk for g in items]).update(category=category)
    return items


def test_classes_come_in_their_order_each_once_and_retired_ones_last(login, make_item, demo):
    tops = list(Category.objects.filter(enterprise=demo, parent=None).order_by("order", "name"))
    first, second, retired = tops[0], tops[1], tops[-1]
    _classified(make_item, demo, ["甲一", "甲二"], Category.objects.filter(parent=first).first())
    _classified(make_item, demo, ["乙一"], second)
    _classified(make_item, demo, ["退一"], retired)
    Category.objects.filter(pk=retired.pk).update(is_active=False)

    rows, name = [], None
    for row in _sheet(login("union_staff")).iter_rows(min_row=3, values_only=True):
        name = row[0] or name  # column A is merged over each class's rows
        rows.append((name, *row[1:]))
    order = [name for i, (name, *_rest) in enumerate(rows) if i == 0 or rows[i - 1][0] != name]
    active = [t.name for t in tops if t.pk != retired.pk]
    assert order == active + [retired.name]
    contents = {name: [r[1] for r in rows if r[0] == name] for name in order}
    assert contents[first.name] == ["甲一", "甲二"]
    assert contents[second.name] == ["乙一"]
    assert contents[retired.name] == ["退一"]
    assert all(contents[name] == [None] for name in active[2:])  # empty classes: one blank row
    # The PDF reads the same stream.
    groups = documents.summary_rows(demo, year=Grievance.objects.first().year)
    assert list(groups) == order
    assert [r["content"] for r in groups[first.name]] == ["甲一", "甲二"]


def test_xlsx_cells_share_three_named_styles(login, make_item, demo):
    _classified(make_item, demo, ['=HYPERLINK("http://x")', "宿舍"])
    sheet = _sheet(login("union_staff"))
    title, header = sheet["A1"], sheet["A2"]
    assert title.style == "consult title" and title.font.b and title.font.sz == 14
    assert header.style == "consult header" and header.font.b
    cells = [c for row in sheet.iter_rows(min_row=3) for c in row if not isinstance(c, MergedCell)]
    assert {c.style for c in cells} == {"consult cell"}
    assert all(c.border.left.style == "thin" and c.alignment.wrap_text for c in cells)
    assert any(c.value == '=HYPERLINK("http://x")' and c.data_type == "s" for c in cells)


def test_xlsx_streams_its_rows_from_the_database_in_chunks(login, make_item, demo, monkeypatch):
    _classified(make_item, demo, ["一", "二"])
    chunks = []
    iterator = QuerySet.iterator

    def spy(self, chunk_size=None):
        if self.model is Grievance:
            chunks.append(chunk_size)
        return iterator(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    rows = list(_sheet(login("union_staff")).iter_rows(min_row=3, values_only=True))
    assert chunks and all(size and size <= 5000 for size in chunks)
    assert {"一", "二"} <= {r[1] for r in rows}


@pytest.mark.parametrize("fmt, queries", [("xlsx", 10), ("pdf", 11)])
def test_summary_keeps_its_query_count_whatever_the_rows(
    login, make_item, demo, fmt, queries, django_assert_max_num_queries
):
    _classified(make_item, demo, [f"诉求{i}" for i in range(6)])
    client = login("union_staff")
    client.get("/e/demo/")
    with django_assert_max_num_queries(queries):
        assert client.get(f"/e/demo/documents/summary_table.{fmt}").status_code == 200


def test_pdf_above_its_row_cap_sends_the_reader_to_the_xlsx(login, make_item, demo, monkeypatch):
    monkeypatch.setattr(documents, "SUMMARY_PDF_MAX_ROWS", 2)
    items = _classified(make_item, demo, ["一", "二", "三"])
    year = items[0].year
    client = login("union_staff")
    response = client.get(f"/e/demo/documents/summary_table.pdf?year={year}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert 'id="document-too-large"' in page and "共有 3 行" in page and "下载电子表格" in page
    assert f'href="/e/demo/documents/summary_table.xlsx?year={year}"' in page
    # The spreadsheet it points to has every row, and a period within the cap still prints.
    assert client.get(f"/e/demo/documents/summary_table.xlsx?year={year}").status_code == 200
    assert client.get("/e/demo/documents/summary_table.pdf?year=2019").status_code == 200


def test_pdf_prints_this_year_by_default(login, make_item, demo):
    this_year, last_year = _classified(make_item, demo, ["今年的诉求", "去年的诉求"])
    Grievance.objects.filter(pk=last_year.pk).update(year=this_year.year - 1)
    groups = documents.summary_rows(demo, year=this_year.year)
    contents = [r["content"] for rows in groups.values() for r in rows]
    assert contents == ["今年的诉求"]
    response = login("union_staff").get("/e/demo/documents/summary_table.xlsx")
    names = {
        c
        for row in load_workbook(io.BytesIO(_content(response))).active.iter_rows(
            min_row=3, values_only=True
        )
        for c in row
    }
    assert "今年的诉求" in names and "去年的诉求" not in names
