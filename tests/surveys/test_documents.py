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
