"""The office's history (issue 20 §4): an earlier work ledger imported as closed items, counted
by the annual category summary and the federation's assessment, with the identity rule kept,
nothing sent to anyone, and the same file twice changing nothing."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from consult.models import AuditEvent, Category, Delivery, Notification
from grievances.models import Grievance, GrievanceCounter, Kind, Status
from ledger.models import HistoricalItem, HistoryImport
from surveys.models import Answer, SurveyRound
from tests.ledger.history_files import confirm, day, item, last_year, ledger_xlsx, upload

pytestmark = pytest.mark.django_db


def _ledger(employee_phone: str) -> bytes:
    ly = last_year()
    return ledger_xlsx(
        {
            "第一季度": [
                item("1", day(2, 10), "生活保障类", "张三", "食堂晚餐品种太少",
                     phone=employee_phone, unit="第一分厂机加工车间一班"),
                item("2", "3月5日", "工资福利类", "匿名", "夜班补贴发放不及时",
                     unit="第一分厂", phone="13912345678", level="不满意"),
                item("3", f"{ly}-03-20", "安全", "李雷（保密）", "车间通风设备噪音大",
                     phone="13911112222", level="基本满意"),
            ],
            "第二季度": [
                item("1", f"{ly}/4/8", "管理建议", "韩梅梅", "建议增设员工意见箱",
                     level="", remark="合理化建议", handling="已在各车间门口设置意见箱"),
                item("2", f"{ly}.5.6", "生活方面", "保密", "宿舍热水供应时间短", level="未答复"),
                item("3", "", "生活保障类", "王五", "没有日期的一行"),
                item("4", f"{ly}-05-01", "不存在的类", "赵六", "类别不对的一行"),
                item("5", f"{ly}-05-02", "生活保障类", "钱七", "满意度写错的一行", level="很好"),
            ],
        }
    )  # fmt: skip


@pytest.fixture
def ledger_file(member):
    return _ledger(member("employee").phone)


def _history(demo):
    return Grievance.objects.filter(enterprise=demo, serial__gte=1_000_000_000)


def _preview(client, data):
    response = upload(client, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return HistoryImport.objects.latest("id")


def _imported(client, data):
    record = _preview(client, data)
    assert confirm(client, record).status_code == 302
    record.refresh_from_db()
    return record


def _body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def _nothing_sent():
    return not Notification.objects.exists() and not Delivery.objects.exists()


def test_preview_counts_and_refuses_rows_with_line_and_reason_and_writes_nothing(
    login, demo, ledger_file
):
    client = login("union_chair")
    items, events = Grievance.objects.count(), AuditEvent.objects.count()
    record = _preview(client, ledger_file)
    assert record.counts["new"] == 5 and record.counts["refused"] == 3
    assert Grievance.objects.count() == items and not HistoricalItem.objects.exists()
    assert AuditEvent.objects.count() == events
    page = client.get(reverse("history_preview", args=["demo", record.pk])).content.decode()
    assert "第二季度 第 5 行" in page
    for reason in ("受理时间", "不存在的类", "很好"):
        assert reason in page
    shown = client.get(reverse("history_preview", args=["demo", record.pk]) + "?show=new")
    assert "李雷（保密）" in shown.content.decode()
    download = client.get(reverse("history_refused", args=["demo", record.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(_body(download))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if r and r[0] == "原行号")
    assert header[-1] == "原因" and "诉求内容" in header
    reasons = [r[-1] for r in rows[rows.index(header) + 1 :]]
    assert len(reasons) == 3 and any("受理时间" in r for r in reasons)
    assert rows[rows.index(header) + 1][0] == "第二季度 5"


def test_confirm_imports_closed_history_numbered_apart_from_live_items(login, demo, ledger_file):
    before = dict(GrievanceCounter.objects.filter(enterprise=demo).values_list("year", "last"))
    record = _imported(login("union_chair"), ledger_file)
    items = list(_history(demo).order_by("serial"))
    assert [g.number for g in items] == [f"历-{last_year()}-{n:04d}" for n in range(1, 6)]
    assert all(g.status == Status.CLOSED and g.is_history for g in items)
    # The live numbering goes on where it was: no live serial was taken.
    counter = GrievanceCounter.objects.get(enterprise=demo, year=last_year())
    assert counter.last == before.get(last_year(), 0) and counter.history_last == 5
    first = items[0]
    assert first.received_at.date() == day(2, 10)
    assert items[1].received_at.date() == day(3, 5)  # 3月5日 in the year of the sheet's title
    assert first.category == Category.objects.get(enterprise=demo, name="生活保障类")
    suggestion = _history(demo).get(content="建议增设员工意见箱")
    assert suggestion.kind == "suggestion" and suggestion.history.handling.startswith("已在")
    assert record.status == HistoryImport.Status.IMPORTED and "new" not in record.plan
    assert AuditEvent.objects.filter(action="history_imported", target_id=record.pk).exists()
    assert _nothing_sent()


def test_the_satisfaction_it_had_is_an_answered_survey_round(login, demo, ledger_file):
    _imported(login("union_chair"), ledger_file)
    levels = dict(
        Answer.objects.filter(respondent__round__grievance__in=_history(demo)).values_list(
            "respondent__round__grievance__content", "level"
        )
    )
    assert levels == {
        "食堂晚餐品种太少": "satisfied",
        "夜班补贴发放不及时": "unsatisfied",
        "车间通风设备噪音大": "basically_satisfied",
    }
    # 未答复: asked, no answer; an empty 满意度: never asked.
    assert SurveyRound.objects.filter(grievance__content="宿舍热水供应时间短").exists()
    assert not SurveyRound.objects.filter(grievance__content="建议增设员工意见箱").exists()


def test_the_annual_category_summary_counts_last_years_history(login, demo, ledger_file):
    client = login("union_chair")
    _imported(client, ledger_file)
    url = reverse("ledger_summary", args=["demo"]) + f"?year={last_year()}"
    page = client.get(url).content.decode()
    assert page.count("生活保障类（1项）") == 2 and "宿舍热水供应时间短" in page
    for content in ("食堂晚餐品种太少", "夜班补贴发放不及时", "车间通风设备噪音大"):
        assert content in page
    download = reverse("ledger_download", args=["demo", "category_summary", "xlsx"])
    xlsx = client.get(download + f"?year={last_year()}")
    sheet = openpyxl.load_workbook(io.BytesIO(_body(xlsx))).active
    cells = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert cells.count("生活保障类（1项）") == 2 and "工资福利类（1项）" in cells
    assert any("夜班补贴发放不及时" in c for c in cells)


def test_the_federations_assessment_counts_history_received_closed_and_satisfaction(
    login, demo, ledger_file
):
    _imported(login("union_chair"), ledger_file)
    client = login("federation")
    response = client.get(reverse("ledger_assessment_xlsx", args=["demo"]) + f"?year={last_year()}")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == demo.name)
    assert row[3] == 5 and row[4] == 5  # received, closed
    assert row[7] == "67%"  # 2 of 3 answers at 基本满意 or better
    page = client.get(reverse("ledger_assessment", args=["demo"]) + f"?year={last_year()}")
    for personal in ("张三", "李雷", "韩梅梅", "食堂晚餐"):
        assert personal not in page.content.decode()


def test_no_notification_delivery_or_reminder_is_ever_made_for_history(login, demo, ledger_file):
    _imported(login("union_chair"), ledger_file)
    call_command("remind", stdout=io.StringIO())
    call_command("send_notifications", stdout=io.StringIO())
    assert _nothing_sent()


def test_the_same_file_twice_changes_nothing(login, demo, ledger_file):
    client = login("union_chair")
    _imported(client, ledger_file)
    state = (Grievance.objects.count(), SurveyRound.objects.count(), HistoricalItem.objects.count())
    record = _imported(client, ledger_file)
    assert record.counts["new"] == 0 and record.counts["already"] == 5
    assert (
        Grievance.objects.count(),
        SurveyRound.objects.count(),
        HistoricalItem.objects.count(),
    ) == state


def test_the_ledger_this_app_exports_imported_again_changes_nothing(login, demo, ledger_file):
    client = login("union_chair")
    _imported(client, ledger_file)
    count = Grievance.objects.count()
    for quarter, items in ((1, 3), (2, 2)):
        export = client.get(
            reverse("ledger_download", args=["demo", "work_ledger", "xlsx"])
            + f"?year={last_year()}&quarter={quarter}"
        )
        record = _imported(client, _body(export))
        assert (record.counts["new"], record.counts["already"]) == (0, items), record.plan
    assert Grievance.objects.count() == count


def test_the_items_page_shows_what_the_earlier_ledger_said(login, demo, ledger_file):
    client = login("union_chair")
    _imported(client, ledger_file)
    suggestion = _history(demo).get(content="建议增设员工意见箱")
    page = client.get(reverse("grievance_detail", args=["demo", suggestion.pk])).content.decode()
    assert "已在各车间门口设置意见箱" in page and suggestion.number in page
    assert "自历史台账导入" in page  # the timeline's one event
    found = client.get(reverse("grievance_list", args=["demo"]), {"q": suggestion.number})
    assert "建议增设员工意见箱" in found.content.decode()


def test_a_preview_outdated_by_another_import_is_refused_and_shown_again(login, demo, ledger_file):
    client = login("union_chair")
    stale = _preview(client, ledger_file)
    _imported(client, ledger_file)
    count = Grievance.objects.count()
    response = confirm(client, stale)
    assert response.status_code == 409
    assert Grievance.objects.count() == count
    stale.refresh_from_db()
    assert stale.status == HistoryImport.Status.PREVIEWED and stale.counts["already"] == 5


def test_the_dashboard_of_last_year_counts_history(login, demo, ledger_file):
    _imported(login("union_chair"), ledger_file)
    url = reverse("ledger_dashboard", args=["demo"]) + f"?year={last_year()}"
    html = login("admin_head").get(url).content.decode()
    counts = html[html.index('id="counts"') : html.index('id="chart-classes"')]
    assert counts.count('<div class="h4 mb-0">5</div>') == 2  # received, closed
    satisfaction = html[html.index('id="chart-satisfaction"') :]
    assert "调查4人次，答复3人次。" in satisfaction


def test_the_template_filled_in_imports(login, demo):
    client = login("union_chair")
    response = client.get(reverse("history_template", args=["demo"]))
    workbook = openpyxl.load_workbook(io.BytesIO(_body(response)))
    assert workbook.sheetnames == ["一季度", "二季度", "三季度", "四季度", "填写说明"]
    sheet = workbook["二季度"]
    assert f"{last_year()}年第二季度" in sheet["A1"].value
    sheet.append(item("1", "5月6日", "生活保障类", "匿名", "照模板填写的一行"))
    out = io.BytesIO()
    workbook.save(out)
    record = _imported(client, out.getvalue())
    assert record.counts["new"] == 1
    assert _history(demo).get().received_at.date() == day(5, 6)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_row_marked_as_a_suggestion_is_a_suggestion_whatever_the_importers_language(
    login, demo, ledger_file, language
):
    client = login("union_chair")
    client.cookies["django_language"] = language
    _imported(client, ledger_file)
    item = _history(demo).get(content="建议增设员工意见箱")
    assert item.kind == Kind.SUGGESTION
