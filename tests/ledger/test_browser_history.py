"""The chair imports last year's work ledger in a browser (issue 20 §4's "done when"): from the
ledger page, uploads the typed-in paper ledger (one sheet per quarter, two bad rows), reads the
preview, downloads the refused rows, confirms, and opens last year's annual category summary;
at desktop size."""

import io

import pytest
from openpyxl import load_workbook

from grievances.models import Grievance
from tests.browser import DESKTOP, browser_page, log_in, screenshot
from tests.ledger.history_files import day, item, last_year, ledger_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _last_years_ledger(path):
    ly = last_year()
    data = ledger_xlsx(
        {
            "第一季度": [
                item("1", day(1, 8), "工资福利类", "张三", "加班费计算方式不清楚"),
                item("2", day(2, 20), "生活保障类", "匿名", "食堂晚餐品种太少", level="基本满意"),
                item("3", day(3, 3), "安全生产类", "李雷（保密）", "车间通风不好", level="不满意"),
            ],
            "第二季度": [
                item("1", "4月12日", "管理建议", "韩梅梅", "建议增设意见箱", remark="合理化建议"),
                item("2", f"{ly}-05-06", "生活方面", "保密", "宿舍热水供应时间短"),
                item("3", "", "生活保障类", "王五", "没有日期的一行"),
            ],
            "第三季度": [
                item("1", f"{ly}-07-15", "安全生产类", "赵六", "高温季节防暑用品不足"),
                item("2", f"{ly}-08-01", "不存在的类", "钱七", "类别写错的一行"),
            ],
            "第四季度": [
                item("1", f"{ly}-11-11", "工资福利类", "孙八", "年终奖发放时间"),
            ],
        }
    )  # fmt: skip
    path.write_bytes(data)
    return path


def test_chair_imports_last_years_ledger_and_reads_last_years_category_summary(
    live_server, tmp_path
):
    ledger = _last_years_ledger(tmp_path / f"{last_year()}年工作台账.xlsx")
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        log_in(page, live_server.url, "union_chair")
        page.wait_for_url("**/e/demo/")
        page.locator("#enterprise-nav").get_by_role("link", name="工作台账").click()
        page.wait_for_url("**/ledger/**")
        page.get_by_role("link", name="导入历史台账").click()
        page.wait_for_url("**/ledger/history/")
        page.set_input_files("input[name=file]", str(ledger))
        page.get_by_role("button", name="上传并预览").click()
        page.wait_for_url("**/ledger/history/*/")
        assert page.get_by_text("历史台账预览：尚未保存任何内容").is_visible()
        counts = {
            name: page.locator(f"[data-count={name}]").inner_text()
            for name in ("new", "already", "refused")
        }
        assert counts == {"new": "7", "already": "0", "refused": "2"}
        assert page.get_by_text("没有日期：受理时间一栏是空的。").is_visible()
        screenshot(page, "history-preview-desktop")
        with page.expect_download() as download:
            page.get_by_role("link", name="下载未通过的行 XLSX").click()
        with open(download.value.path(), "rb") as f:
            rows = list(load_workbook(io.BytesIO(f.read())).active.iter_rows(values_only=True))
        assert rows[1][0] == "原行号" and rows[1][-1] == "原因" and len(rows) == 2 + 2
        page.get_by_role("link", name="将导入").first.click()
        assert page.locator("main table tbody tr").count() == 7
        assert not Grievance.objects.filter(serial__gte=1_000_000_000).exists()
        page.get_by_role("button", name="确认导入").click()
        page.wait_for_url("**/ledger/history/*/")
        assert page.get_by_text("历史台账已导入。").is_visible()
        screenshot(page, "history-imported-desktop")
        page.get_by_role("link", name=f"{last_year()}年度诉求分类汇总表").click()
        page.wait_for_url(f"**/ledger/summary/?year={last_year()}")
        main = page.locator("main").inner_text()
        for text in ("一季度", "四季度", "工资福利类（1项）", "宿舍热水供应时间短", "年终奖"):
            assert text in main, text
        assert "类别写错的一行" not in main
        screenshot(page, "history-summary-desktop")
        page.goto(live_server.url + f"/e/demo/ledger/?year={last_year()}&quarter=1")
        assert page.get_by_text(f"历-{last_year()}-0001").is_visible()
        assert page.get_by_text("李雷（保密）").is_visible()
        screenshot(page, "history-ledger-q1-desktop")
    assert Grievance.objects.filter(serial__gte=1_000_000_000).count() == 7
