"""Issue 20's whole story in a browser, as the people who do it: the installation admin creates
a county federation and its office → the office brings an enterprise in with its chair → the
chair activates, imports an 800-row roster with bad rows, fixes them and imports them again,
prints the slips of one team → a worker activates on a phone, changes the password, submits a
named grievance and sees it on their page → next month's roster moves 20 people, adds 15 and
marks 10 as leaving → the chair imports last year's work ledger and reads last year's annual
category summary. Screenshots: var/screenshots/story-*.png."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from consult.models import Membership, OrgUnit
from consult.roster.example import example_rows
from grievances.models import Grievance
from tests.browser import DESKTOP, PHONE, browser_page, screenshot
from tests.consult.onboarding import CODE_RE
from tests.consult.test_browser_onboarding import _activate
from tests.ledger.history_files import day, item, last_year, ledger_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = "yn-food"
WORKER_PASSWORD = "Worker-pass-2026"
WORKER_NEW_PASSWORD = "Worker-newer-2026"
COMPLAINT = "二班夜班结束后没有班车，希望增加一班晚上十点的班车。"


def _xlsx(rows, path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def _upload(page, base, path: Path) -> dict:
    page.goto(f"{base}/e/{CODE}/roster/")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_url("**/roster/*/")
    names = ("new", "changed", "unchanged", "leaving", "refused")
    return {n: int(page.locator(f"[data-count={n}]").inner_text()) for n in names}


def _confirm(page, *, leavers=False):
    if leavers:
        page.check("#deactivate_leavers")
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url("**/roster/*/")
    assert page.get_by_text("花名册已导入。").is_visible()


def _fixed(refused_file: Path) -> list[list]:
    """What the union office does with the refused rows: correct each and drop 原因."""
    rows = list(load_workbook(refused_file).active.iter_rows(values_only=True))
    header = list(rows[1][:-1])
    name, number, phone = header.index("姓名"), header.index("工号"), header.index("手机号码")
    fixed = [rows[0], header]
    for i, row in enumerate(rows[2:], start=1):
        row = list(row[:-1])
        row[name] = (row[name] or f"补录{i}").split("、")[0]
        row[number] = f"F{i:04d}"
        row[phone] = f"1370000{i:04d}"
        fixed.append(row)
    return fixed


def _next_month(fixed: list[list]) -> list[list]:
    """HR's file a month later, with the corrected rows: 20 people moved to another team, 15
    joined, 10 left."""
    rows = example_rows(rows=800)  # the same people as the first file, without its bad rows
    header = rows[1]
    team, number = header.index("班组"), header.index("工号")
    corrected = [dict(zip(fixed[1], r, strict=False)) for r in fixed[2:]]
    people = [list(r) for r in rows[2:] if r[number] != "E00001"]
    people += [[c.get(column, "") for column in header] for c in corrected]
    for row in people[100:120]:
        row[team] = "二班" if row[team] != "二班" else "三班"
    kept = people[:700] + people[710:]
    joined = [list(r) for r in example_rows(rows=15, seed=7)[2:]]
    for i, row in enumerate(joined, start=1):
        row[number] = f"N{i:04d}"
        row[header.index("手机号码")] = f"1360000{i:04d}"
    return [rows[0], header, *kept, *joined]


def _slip_codes(pdf: bytes) -> dict[str, str]:
    """{login name: code} read off the printed sheet, slip by slip."""
    text = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    logins = re.findall(rf"\b{CODE}-[a-z0-9]+\b", text)
    return dict(zip(logins, CODE_RE.findall(text), strict=True))


def test_a_county_brings_an_enterprise_and_its_people_in(live_server, settings, tmp_path):
    settings.SITE_URL = base = live_server.url
    out = io.StringIO()
    call_command("create_federation", "--name=沂南县总工会", "--office-name=张三",
                 "--office-phone=13800001234", f"--slip={tmp_path / 'office.pdf'}",
                 stdout=out)  # fmt: skip
    office_code = CODE_RE.search(out.getvalue()).group()
    office_login = re.search(r"office login name: (\S+)", out.getvalue()).group(1)

    with browser_page() as page:
        page.on("dialog", lambda dialog: dialog.accept())  # every confirmation is accepted
        page.set_viewport_size(DESKTOP)
        _activate(page, base, office_login, office_code, "Office-pass-2026", "story-1-office")
        page.click("#new-enterprise")
        page.fill("input[name=name]", "沂南罐头食品有限公司")
        page.fill("input[name=code]", CODE)
        page.fill("input[name=chair_name]", "李红")
        page.fill("input[name=chair_phone]", "13900000002")
        page.click("#enterprise-form button[type=submit]")
        page.wait_for_load_state()
        chair_login = page.locator("#slip-login").inner_text()
        chair_code = page.locator("#slip-code").inner_text()

        # The chair activates and brings the people in from HR's file, with a few bad rows.
        page.context.clear_cookies()
        _activate(page, base, chair_login, chair_code, "Chair-pass-2026", "story-2-chair")
        first = example_rows(rows=800, bad=3)
        counts = _upload(page, base, _xlsx(first, tmp_path / "花名册.xlsx"))
        # E00001 twice, a landline, no name, two people in one row.
        assert counts["refused"] == 4 and counts["new"] == 800 - 1
        screenshot(page, "story-3-roster-preview")
        with page.expect_download() as download:
            page.get_by_role("link", name="下载未通过的行 XLSX").click()
        refused_file = tmp_path / "未通过.xlsx"
        download.value.save_as(refused_file)
        _confirm(page)
        # … corrects the refused rows and imports them; the others are not ticked as leaving.
        fixed = _fixed(refused_file)
        counts = _upload(page, base, _xlsx(fixed, tmp_path / "补录.xlsx"))
        assert counts["refused"] == 0 and counts["new"] == 4
        _confirm(page)
        enterprise = Membership.objects.get(user__username=chair_login).enterprise
        people = Membership.objects.filter(enterprise=enterprise, is_active=True)
        assert people.count() == 1 + 799 + 4

        # The slips of one team, to hand out.
        team = OrgUnit.objects.filter(enterprise=enterprise, kind="team").order_by("pk").first()
        page.goto(f"{base}/e/{CODE}/people/slips/?unit={team.pk}")
        screenshot(page, "story-4-slips")
        with page.expect_download() as download:
            page.click("#print-slips")
        codes = _slip_codes(Path(download.value.path()).read_bytes())
        assert len(codes) == people.filter(unit=team).count() > 0

    worker_login, worker_code = next(iter(codes.items()))
    with browser_page() as page:
        page.set_viewport_size(PHONE)
        _activate(page, base, worker_login, worker_code, WORKER_PASSWORD, "story-5-worker")
        page.click("#footer-password")
        page.fill("input[name=old_password]", WORKER_PASSWORD)
        page.fill("input[name=new_password1]", WORKER_NEW_PASSWORD)
        page.fill("input[name=new_password2]", WORKER_NEW_PASSWORD)
        page.click("#password-form button[type=submit]")
        page.wait_for_load_state()
        assert "密码已修改" in page.content()
        page.goto(f"{base}/e/{CODE}/grievances/new/")
        page.fill("textarea[name=content]", COMPLAINT)
        page.check("input[name=disclosure][value=named]")
        screenshot(page, "story-6-worker-submits-phone")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        page.goto(f"{base}/e/{CODE}/grievances/")
        assert COMPLAINT[:10] in page.locator("main").inner_text()
        screenshot(page, "story-7-worker-items-phone")
    item = Grievance.objects.get(content=COMPLAINT)
    assert item.requester.username == worker_login and item.enterprise == enterprise

    # A month later HR's file has moved 20 people, added 15 and lost 10.
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(f"{base}/accounts/login/")
        page.fill("input[name=username]", chair_login)
        page.fill("input[name=password]", "Chair-pass-2026")
        page.click("form button[type=submit]")
        page.wait_for_load_state()
        counts = _upload(page, base, _xlsx(_next_month(fixed), tmp_path / "花名册-下月.xlsx"))
        screenshot(page, "story-8-next-month-preview")
        heads = page.locator("#list + table thead th").all_inner_texts()
        first_row = page.locator("#list + table tbody tr").first.locator("td").all_inner_texts()
        assert heads[:3] == ["姓名", "行号", "工号"] and first_row[2] == "N0001"
        unchanged = 803 - 20 - 10
        assert counts == {
            "new": 15,
            "changed": 20,
            "unchanged": unchanged,
            "leaving": 10,
            "refused": 0,
        }
        _confirm(page, leavers=True)
        assert people.count() == 1 + 799 + 4 - 10 + 15

        # Last year's paper ledger, typed into Excel, comes in as history.
        ly = last_year()
        ledger = tmp_path / f"{ly}年工作台账.xlsx"
        ledger.write_bytes(_last_years_ledger())
        page.goto(f"{base}/e/{CODE}/ledger/history/")
        page.set_input_files("input[name=file]", str(ledger))
        page.get_by_role("button", name="上传并预览").click()
        page.wait_for_url("**/ledger/history/*/")
        assert page.locator("[data-count=new]").inner_text() == "3"
        page.get_by_role("button", name="确认导入").click()
        page.wait_for_url("**/ledger/history/*/")
        page.get_by_role("link", name=f"{ly}年度诉求分类汇总表").click()
        page.wait_for_url(f"**/ledger/summary/?year={ly}")
        main = page.locator("main").inner_text()
        for text in ("工资福利类（1项）", "班车晚上九点就停了", "年终奖发放时间", "四季度"):
            assert text in main, text
        screenshot(page, "story-9-last-years-summary")
    assert Grievance.objects.filter(enterprise=enterprise, serial__gte=1_000_000_000).count() == 3


def _last_years_ledger() -> bytes:
    return ledger_xlsx(
        {
            "第一季度": [
                item("1", day(2, 8), "工资福利类", "张三", "加班费计算方式不清楚"),
                item("2", day(3, 3), "生活保障类", "匿名", "班车晚上九点就停了"),
            ],
            "第四季度": [item("1", day(11, 11), "工资福利类", "保密", "年终奖发放时间")],
        }
    )
