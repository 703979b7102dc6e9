"""The 职工诉求满意度调查表 and the 职工诉求满意度整理台账: the form's columns for each level (four
filled for 非常满意/满意/基本满意, seven for 不满意), both rounds, PDF and XLSX, and the reads'
query counts."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from surveys import services
from surveys.selectors import ledger_rows, outcomes_for, satisfaction_figures


def _answer(r, user, level, reason=""):
    services.answer_submit(
        respondent=r.respondents.get(), by=user("employee"), level=level, reason=reason
    )


@pytest.mark.parametrize(
    "level,printed",
    [
        ("very_satisfied", "非常满意"),
        ("satisfied", "满意"),
        ("basically_satisfied", "基本满意"),
        ("unsatisfied", "不满意"),
    ],
)
def test_the_ledger_fills_four_columns_or_all_seven(told, user, dept, login, level, printed):
    g, r = told()
    _answer(r, user, level, reason="价格没变" if level == "unsatisfied" else "")
    if level == "unsatisfied":
        services.remedy_order(
            survey_round=r,
            by=user("union_staff"),
            department=dept("财务部"),
            measures="重新核定菜价",
            deadline=datetime.date(2026, 9, 10),
        )
    response = login("union_chair").get(
        reverse("enterprise_document", args=["demo", "satisfaction_ledger", "xlsx"])
        + "?start=2026-09-01&end=2026-09-30"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[1]) == [
        "诉求内容",
        "诉求满意度",
        "承办部门",
        "责任人",
        "不满意原因",
        "责任部门",
        "解决措施及时限",
    ]
    row = rows[2]
    assert row[1] == printed and row[2] == "人力资源部" and row[3] == "郑芳"
    if level == "unsatisfied":
        assert row[4] == "价格没变" and row[5] == "财务部"
        assert row[6] == "重新核定菜价（2026年9月10日前）"
    else:
        assert row[4:] in ((None, None, None), ("", "", ""))


def test_the_ledger_pdf_and_the_survey_form_print(told, user, login):
    g, r = told()
    _answer(r, user, "satisfied")
    client = login("union_chair")
    pdf = client.get(
        reverse("enterprise_document", args=["demo", "satisfaction_ledger", "pdf"]) + "?year=2026"
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    answer = r.respondents.get().answer
    form = client.get(reverse("document", args=["demo", "survey_form", answer.pk, "pdf"]))
    assert form.status_code == 200 and form.content.startswith(b"%PDF")


def test_a_department_head_may_not_read_the_ledger(login):
    response = login("dept_head").get(
        reverse("enterprise_document", args=["demo", "satisfaction_ledger", "pdf"])
    )
    assert response.status_code == 403


def test_the_reads_take_a_fixed_number_of_queries(told, user, demo, django_assert_num_queries):
    made = [told(content=f"第{i}件") for i in range(3)]
    for _g, r in made:
        _answer(r, user, "satisfied")
    ids = [g.pk for g, _ in made]
    with django_assert_num_queries(2):
        outcomes = outcomes_for(grievance_ids=ids)
    assert {o.level for o in outcomes.values()} == {"satisfied"}
    with django_assert_num_queries(1):
        figures = satisfaction_figures(
            enterprise_ids=[demo.pk],
            start=datetime.date(2026, 9, 1),
            end=datetime.date(2026, 9, 30),
        )
    f = figures[demo.pk]
    assert (f.asked, f.answered, f.levels, f.satisfied_rate) == (3, 3, {"satisfied": 3}, 1.0)
    with django_assert_num_queries(2):
        assert (
            len(
                ledger_rows(
                    enterprise_id=demo.pk,
                    start=datetime.date(2026, 9, 1),
                    end=datetime.date(2026, 9, 30),
                )
            )
            == 3
        )


def _ledger(client, fmt):
    response = client.get(
        reverse("enterprise_document", args=["demo", "satisfaction_ledger", fmt])
        + "?start=2026-09-01&end=2026-09-30"
    )
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def _pages(pdf: bytes) -> list[str]:
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return ["".join(page.split()) for page in text.split("\f") if page.strip()]


def test_unanswered_rounds_are_listed_apart_below_the_table(told, user, login):
    _g, answered = told(content="食堂饭菜价格偏高")
    _answer(answered, user, "satisfied")
    _g, silent = told(content="更衣室柜子不够用")
    services.round_close(survey_round=silent, by=user("union_staff"))
    client = login("union_chair")
    text = "".join(_pages(_ledger(client, "pdf")))
    note = text.index("注：诉求满意度为")
    # The table holds the four levels only; 未答复 comes after it, under its own heading.
    assert text.index("食堂饭菜价格偏高") < note < text.index("未答复事项")
    assert text.index("未答复事项") < text.index("更衣室柜子不够用")
    assert "未答复" not in text[:note]
    sheet = load_workbook(io.BytesIO(_ledger(client, "xlsx"))).active
    rows = [[v for v in row if v] for row in sheet.iter_rows(values_only=True)]
    note_row = next(i for i, row in enumerate(rows) if row and row[0].startswith("注："))
    table = rows[2:note_row]
    assert [row[:2] for row in table] == [["【2026-0001 第1轮】食堂饭菜价格偏高", "满意"]]
    below = rows[note_row + 1 :]
    assert any(row and row[0].startswith("未答复事项") for row in below)
    assert ["【2026-0002 第1轮】更衣室柜子不够用", "人力资源部", "郑芳"] in below


def test_no_row_of_the_ledger_pdf_is_split_across_two_pages(told, user, login):
    filler = "职工反映食堂饭菜价格偏高分量不足希望调整" * 9
    for n in range(9):
        _g, r = told(content=f"起{n}号{filler}止{n}号")
        _answer(r, user, "unsatisfied", reason=f"价格没变{filler[:60]}")
    pages = _pages(_ledger(login("union_chair"), "pdf"))
    assert len(pages) > 1
    for n in range(9):
        page_of = [i for i, page in enumerate(pages) if f"起{n}号" in page or f"止{n}号" in page]
        assert len(page_of) == 1, (n, page_of)
