"""The ledger's step-7 columns read from real survey rounds built through surveys.services:
职工诉求满意度 (the last round's level), 诉求监督人 (the 督办人 who signed), 工会审阅反馈 (the
chair's review) in the page, the XLSX and the PDF; the survey documents in the archive's step-7
folder; satisfaction shares on the dashboard and rates in the federation's view."""

import datetime
import io
import subprocess

import openpyxl
from django.urls import reverse

from consult.models import display_name
from grievances.models import Disclosure
from surveys import services as survey_services
from tests.ledger.conftest import Q3, archive_zip, at

REVIEW = "办理及时，予以归档。"


def _surveyed(g, user, level, *, day, sign=True, review=REVIEW, reason=""):
    """The requester answers `level` on `day` (staff record it; an anonymous requester answers
    on /track/), the supervisor signs, the chair reviews."""
    survey_round = g.survey_rounds.get()
    respondent = survey_round.respondents.get()
    with at(day):
        if respondent.anonymous:
            survey_services.answer_submit(
                respondent=respondent, by=None, level=level, reason=reason
            )
        else:
            survey_services.answer_record(
                respondent=respondent,
                by=user("union_staff"),
                level=level,
                method="phone",
                answered_at=None,
                reason=reason,
            )
        survey_round.refresh_from_db()
        if sign:
            survey_services.round_sign(survey_round=survey_round, by=user("supervisor"))
            if review:
                survey_services.round_review(
                    survey_round=survey_round, by=user("union_chair"), review=review
                )
    return survey_round


def _xlsx_rows(client):
    url = reverse("ledger_download", args=["demo", "work_ledger", "xlsx"]) + Q3
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(client.get(url).streaming_content))).active
    return {r[4]: r for r in ws.iter_rows(min_row=3, values_only=True)}


def test_satisfaction_signer_and_review_in_page_xlsx_and_pdf(login, handled, user):
    signed = handled(content="食堂饭菜价格偏高")
    _surveyed(signed, user, "satisfied", day=datetime.date(2026, 8, 10))
    anonymous = handled(
        content="夜班班车太少", disclosure=Disclosure.ANONYMOUS, day=datetime.date(2026, 8, 4)
    )
    _surveyed(anonymous, user, "very_satisfied", day=datetime.date(2026, 8, 11))
    unsigned = handled(content="宿舍热水不足", day=datetime.date(2026, 8, 5))
    _surveyed(unsigned, user, "basically_satisfied", day=datetime.date(2026, 8, 12), sign=False)
    waiting = handled(content="更衣柜不够", day=datetime.date(2026, 8, 6))  # round still open
    supervisor = display_name(user("supervisor"))

    client = login("union_chair")
    rows = _xlsx_rows(client)
    # columns 9–11: 职工诉求满意度, 诉求监督人, 工会审阅反馈
    assert rows["食堂饭菜价格偏高"][8:11] == ("满意", supervisor, REVIEW)
    assert rows["夜班班车太少"][3] == "匿名"
    assert rows["夜班班车太少"][8:11] == ("非常满意", supervisor, REVIEW)
    assert rows["宿舍热水不足"][8] == "基本满意"
    assert rows["宿舍热水不足"][10] in (None, "")  # not reviewed yet
    assert rows["更衣柜不够"][8] == "测评中"
    assert waiting.survey_rounds.get().status == "open"
    assert unsigned.survey_rounds.get().status == "closed"

    page = client.get(reverse("ledger_home", args=["demo"]) + Q3).content.decode()
    table = page[page.index('id="ledger"') : page.index("</table>")]
    content = client.get(
        reverse("ledger_download", args=["demo", "work_ledger", "pdf"]) + Q3
    ).content
    # in stream order (a narrow column wraps a word across lines the layout would interleave)
    raw = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    pdf = "".join(raw.stdout.decode().split())
    for text in (table, pdf):
        for shown in ("非常满意", "基本满意", "测评中", supervisor, "办理及时"):
            assert shown in text, shown


def test_a_remedy_round_prints_the_last_rounds_result(login, handled, user):
    g = handled(content="食堂饭菜价格偏高")
    first = _surveyed(
        g, user, "unsatisfied", day=datetime.date(2026, 8, 10), review="", reason="价格没变"
    )
    assert first.status == "signed"
    assert _xlsx_rows(login("union_chair"))["食堂饭菜价格偏高"][8] == "不满意"


def test_survey_documents_land_in_the_archives_step_7_folder(login, handled, user):
    g = handled(content="食堂饭菜价格偏高")
    _surveyed(g, user, "satisfied", day=datetime.date(2026, 8, 10))
    archive = archive_zip(login("union_chair"), Q3)
    step7 = [n for n in archive.namelist() if n.startswith("第七步 开展满意度测评/")]
    assert any("满意度调查表" in n and n.endswith(".pdf") for n in step7), step7
    ledgers = [n for n in step7 if "职工诉求满意度整理台账" in n]
    assert {n.rsplit(".", 1)[1] for n in ledgers} == {"pdf", "xlsx"}
    # the satisfaction ledger is the quarter's, and it holds the item's round
    xlsx = next(n for n in ledgers if n.endswith(".xlsx"))
    assert "2026-07-01-2026-09-30" in xlsx
    ws = openpyxl.load_workbook(io.BytesIO(archive.read(xlsx))).active
    assert any(g.number in str(c) for row in ws.iter_rows(values_only=True) for c in row)
    index = archive.read("目录.txt").decode()
    assert all(n in index for n in step7)


def test_dashboard_and_federation_rates_come_from_real_rounds(login, handled, user):
    for n, level in enumerate(["very_satisfied", "satisfied", "unsatisfied"]):
        g = handled(content=f"诉求{n}", day=datetime.date(2026, 8, 3 + n))
        _surveyed(
            g,
            user,
            level,
            day=datetime.date(2026, 8, 12),
            review="" if level == "unsatisfied" else REVIEW,
            reason="没解决" if level == "unsatisfied" else "",
        )
    dashboard = login("union_chair").get(reverse("ledger_dashboard", args=["demo"]) + Q3)
    html = dashboard.content.decode()
    chart = html[html.index('id="chart-satisfaction"') :]
    assert "非常满意" in chart and "不满意" in chart
    assert "33%" in chart  # one answer of three at each of three levels
    client = login("federation")
    page = client.get(reverse("ledger_assessment", args=["demo"]) + Q3).content.decode()
    table = page[page.index('id="assessment"') : page.index("</table>")]
    demo_row = table[table.index("蒙阴示范机械有限公司") :].split("</tr>")[0]
    other_row = table[table.index("蒙阴示范食品有限公司") :].split("</tr>")[0]
    assert "67%" in demo_row  # two of three answers at 基本满意 or better
    assert "67%" not in other_row and "—" in other_row  # demo-b asked nobody
    response = client.get(reverse("ledger_assessment_xlsx", args=["demo"]) + Q3)
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "蒙阴示范机械有限公司")
    assert "67%" in [str(v) for v in row]
