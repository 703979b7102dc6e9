"""The federation's view (figures only, its own tree only), the dashboard, the annual
category summary, the quarter's archive, and bad input answered without a 500."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from consult.models import Enterprise, Federation
from grievances.models import Disclosure
from tests import factories
from tests.ledger.conftest import Q3, archive_zip, at, pdf_text


def _assessment(code="demo", query="?year=2026&quarter=3"):
    return reverse("ledger_assessment", args=[code]) + query


def test_federation_user_compares_demo_and_demo_b_without_personal_data(login, handled):
    handled(disclosure=Disclosure.NAMED)
    handled(disclosure=Disclosure.CONFIDENTIAL, day=datetime.date(2026, 8, 4))
    client = login("federation")
    page = client.get(_assessment()).content.decode()
    assert "蒙阴示范机械有限公司" in page and "蒙阴示范食品有限公司" in page
    table = page[page.index('id="assessment"') :]
    for personal in ("张三", "孙立", "13800000", "食堂饭菜价格偏高", "机加工车间"):
        assert personal not in page
    assert "100%" in table  # both clocks met for demo's two items
    response = client.get(reverse("ledger_assessment_xlsx", args=["demo"]) + "?year=2026&quarter=3")
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    assert "蒙阴示范机械有限公司" in cells and "蒙阴示范食品有限公司" in cells
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "蒙阴示范机械有限公司")
    assert row[3] == 2  # items received, a number cell
    assert not any(p in " ".join(cells) for p in ("张三", "13800000", "食堂"))


def test_federation_user_cannot_open_an_enterprise_outside_its_tree(login, demo):
    other = Federation.objects.create(name="别县总工会")
    Enterprise.objects.create(code="elsewhere", name="别处公司", federation=other)
    client = login("federation")
    assert client.get(_assessment("elsewhere")).status_code == 404
    assert client.get(reverse("ledger_assessment_xlsx", args=["elsewhere"])).status_code == 404
    # nor any enterprise's ledger, with names in it
    assert client.get(reverse("ledger_home", args=["demo"])).status_code == 404
    assert (
        client.get(reverse("ledger_download", args=["demo", "work_ledger", "xlsx"])).status_code
        == 404
    )
    assert client.get(reverse("ledger_archive", args=["demo"])).status_code == 404
    assert (
        client.get(reverse("enterprise_document", args=["demo", "work_ledger", "xlsx"])).status_code
        == 404
    )
    assert "别处公司" not in client.get(_assessment()).content.decode()


def test_assessment_sorts_by_a_column_both_ways(login, handled):
    handled()
    client = login("federation")

    def table(sort):
        page = client.get(_assessment(query=f"?year=2026&quarter=3&sort={sort}")).content.decode()
        return page[page.index('id="assessment"') : page.index("</table>")]

    up, down = table("received"), table("-received")
    a, b = "蒙阴示范机械有限公司", "蒙阴示范食品有限公司"
    assert up.index(b) < up.index(a)  # demo-b has fewer items
    assert down.index(a) < down.index(b)


def test_a_member_sees_only_their_own_enterprise_in_the_assessment(login):
    page = login("union_chair").get(_assessment()).content.decode()
    table = page[page.index('id="assessment"') :]
    assert "蒙阴示范机械有限公司" in table and "蒙阴示范食品有限公司" not in table


def test_dashboard_shows_counts_clock_rates_and_svg_charts_with_tables(login, handled, demo):
    handled()
    with at(datetime.date(2026, 8, 20)):
        factories.grievance("submitted", enterprise=demo, content="待核实的诉求")
    page = login("admin_head").get(reverse("ledger_dashboard", args=["demo"]) + Q3)
    html = page.content.decode()
    assert page.status_code == 200
    # classes, quarters, clocks, meetings (satisfaction once a survey is answered)
    assert html.count("<svg") >= 4 and "<table" in html
    counts = html[html.index('id="counts"') : html.index('id="chart-classes"')]
    assert ">2<" in counts  # received
    assert "100%" in html[html.index('id="chart-clocks"') :]


def test_dashboard_filters_drive_the_exports(login, handled, demo):
    from consult.models import Department

    handled()
    finance = Department.objects.get(enterprise=demo, name="财务部")
    client = login("union_chair")
    page = client.get(
        reverse("ledger_dashboard", args=["demo"]) + Q3 + f"&department={finance.pk}"
    ).content.decode()
    assert f"department={finance.pk}" in page
    response = client.get(
        reverse("ledger_download", args=["demo", "work_ledger", "xlsx"])
        + Q3
        + f"&department={finance.pk}"
    )
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert ws.max_row == 2  # HR handled the only item: nothing for 财务部


def test_category_summary_lists_each_quarter_with_classes_contents_and_counts(login, handled):
    handled(content="食堂饭菜价格偏高")
    handled(content="宿舍热水不足", day=datetime.date(2026, 8, 5))
    client = login("union_chair")
    url = reverse("ledger_download", args=["demo", "category_summary", "xlsx"]) + "?year=2026"
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(client.get(url).streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "2026年度蒙阴示范机械有限公司职工诉求分类汇总表"
    assert list(rows[1]) == ["时间", "类别", "诉求内容"]
    assert [r[0] for r in rows[2:]][:3] == ["一季度", "二季度", "三季度"]
    q3 = next(r for r in rows if r[0] == "三季度")
    assert "（2项）" in q3[1]
    assert "食堂饭菜价格偏高" in q3[2] and "宿舍热水不足" in q3[2]
    pdf = client.get(url.replace(".xlsx", ".pdf"))
    assert "四季度" in pdf_text(pdf.content)


def test_archive_holds_each_steps_documents_in_folders_with_an_index(login, handled):
    g = handled()
    archive = archive_zip(login("union_chair"), Q3)
    names = archive.namelist()
    assert "目录.txt" in names
    index = archive.read("目录.txt").decode()
    assert f"第三步 征集协商议题/职工诉求记录表-{g.number}.pdf" in names
    assert any(n.startswith("第一步 强化组织领导/") for n in names)
    assert any(n.startswith("第六步 工会督导办理/") and g.number in n for n in names)
    assert any(n.startswith("第八步 建立工作台账/") and n.endswith(".xlsx") for n in names)
    assert all(n in index for n in names if n != "目录.txt")


@pytest.mark.parametrize(
    "query",
    [
        "?year=2026&quarter=5",
        "?year=2026&quarter=0",
        "?year=2026&month=13",
        "?year=99999",
        "?year=abc",
        "?year=2026&quarter=1&month=2",
        "?year=%00%07",
        "?year=２０２６",
    ],
)
@pytest.mark.parametrize(
    "name",
    ["ledger_home", "ledger_summary", "ledger_dashboard", "ledger_archive", "ledger_assessment"],
)
def test_a_period_that_cannot_be_is_a_clear_400(login, name, query):
    response = login("union_chair").get(reverse(name, args=["demo"]) + query)
    assert response.status_code == 400
    assert "alert" in response.content.decode()


def test_bad_period_on_a_download_is_a_clear_400(login):
    client = login("union_chair")
    response = client.get(
        reverse("ledger_download", args=["demo", "work_ledger", "pdf"]) + "?quarter=7"
    )
    assert response.status_code == 400
    assert "1、2、3" in response.content.decode() or "1, 2, 3" in response.content.decode()


@pytest.mark.parametrize(
    "language,says",
    [
        ("zh-hans", ["季度须为1、2、3或4。", "无法按此请求生成职工诉求工作台账"]),
        ("en", ["The quarter must be 1, 2, 3 or 4.", "cannot be made for this request"]),
    ],
)
@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_registry_url_with_a_bad_quarter_answers_400_with_its_reason(login, language, says, fmt):
    client = login("union_chair")
    client.post(reverse("set_language"), {"language": language})
    url = reverse("enterprise_document", args=["demo", "work_ledger", fmt]) + "?quarter=9"
    response = client.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="document-bad-request"' in html and "<nav" in html  # the site's page, not bare
    for text in says:
        assert text in html, text


def test_control_characters_in_filters_do_not_break_the_page(login):
    client = login("union_chair")
    for query in ("?category=%00", "?status=%1b[31m", "?department=1%0d%0a", "?unit=x\x7f"):
        assert client.get(reverse("ledger_home", args=["demo"]) + query).status_code == 200


def test_another_enterprises_ledger_answers_404(login):
    client = login("union_chair")
    for name in ("ledger_home", "ledger_dashboard", "ledger_summary", "ledger_archive"):
        assert client.get(reverse(name, args=["demo-b"])).status_code == 404
    assert (
        client.get(reverse("ledger_download", args=["demo-b", "work_ledger", "xlsx"])).status_code
        == 404
    )


def test_employee_and_department_head_cannot_read_the_ledger(login):
    for username in ("employee", "dept_head", "supervisor"):
        assert login(username).get(reverse("ledger_home", args=["demo"])).status_code == 403


def test_union_keeps_the_ledger_monthly_when_it_chooses(login):
    client = login("union_chair")
    response = client.post(reverse("ledger_preference", args=["demo"]), {"rhythm": "monthly"})
    assert response.status_code == 302
    with at(datetime.date(2026, 8, 20)):
        page = client.get(reverse("ledger_home", args=["demo"])).content.decode()
    assert "（2026年8月）" in page
    assert (
        login("admin_head")
        .post(reverse("ledger_preference", args=["demo"]), {"rhythm": "quarterly"})
        .status_code
        == 403
    )


def test_home_and_menu_link_the_ledgers(login):
    page = login("union_chair").get(reverse("enterprise_home", args=["demo"])).content.decode()
    assert reverse("ledger_home", args=["demo"]) in page
    assert reverse("ledger_dashboard", args=["demo"]) in page
    fed = login("federation").get(reverse("enterprise_home", args=["demo"])).content.decode()
    assert reverse("ledger_assessment", args=["demo"]) in fed


def test_the_assessment_is_read_from_the_cache_until_it_expires(login, handled, settings):
    from django.core.cache import cache

    settings.LEDGER_ASSESSMENT_CACHE_SECONDS = 300
    cache.clear()
    handled()
    client = login("federation")

    def received():
        response = client.get(reverse("ledger_assessment_xlsx", args=["demo"]) + "?year=2026")
        ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        return next(r for r in ws.iter_rows(values_only=True) if r[0] == "蒙阴示范机械有限公司")[3]

    assert received() == 1
    handled(content="宿舍热水不足", day=datetime.date(2026, 8, 5))
    assert received() == 1  # the same figures within the cache's time
    cache.clear()  # as when the time has passed
    assert received() == 2
