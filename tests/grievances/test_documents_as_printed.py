"""Step 3's forms as the handbook prints them (样式): the 职工诉求记录表, the 议题梳理汇总分类表
and the 征集协商议题记录本, read from the PDF text and compared with the handbook's wording.
Printed with production static settings (CONVENTIONS rule 13)."""

import datetime
import io
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from consult.models import Category, OrgUnit
from grievances import services
from grievances.models import Topic

pytestmark = pytest.mark.usefixtures("production_static")


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def flat(text: str) -> str:
    return "".join(text.split())


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def in_english(client):
    client.post(reverse("set_language"), {"language": "en"})
    return client


# --------------------------------------------------------------------------------------------
# 13. Always in Chinese
# --------------------------------------------------------------------------------------------


def test_record_form_prints_the_route_in_chinese_for_a_reader_of_the_english_interface(
    login, make_item
):
    g = make_item("routed_department")
    client = in_english(login("union_chair"))
    text = flat(pdf_text(body(client.get(f"/e/demo/documents/grievance_record/{g.pk}.pdf"))))
    assert "1、工会初步办理意见：转职能部门直接办理（一般诉求）" in text
    assert "Direct" not in text and "handling" not in text


def test_summary_table_prints_in_chinese_for_a_reader_of_the_english_interface(login, make_item):
    make_item("classified", content="工资发放不及时")
    client = in_english(login("union_staff"))
    text = pdf_text(body(client.get("/e/demo/documents/summary_table.pdf")))
    assert "职工诉求类" in text
    assert not re.search(r"[A-Za-z]{3,}", text), text


# --------------------------------------------------------------------------------------------
# 14. 职工诉求记录表
# --------------------------------------------------------------------------------------------


def _record(client, g) -> str:
    return flat(pdf_text(body(client.get(f"/e/demo/documents/grievance_record/{g.pk}.pdf"))))


def test_record_form_has_the_handbooks_four_channel_boxes_only(login, make_item):
    text = _record(login("union_chair"), make_item("classified"))
    assert "受理方式：☐谈话☐电话☐转达☑网络" in text
    for other in ("信函", "意见箱", "微信", "征集记录本", "其他"):
        assert other not in text, other


@pytest.mark.parametrize(
    "channel,box",
    [
        ("talk", "谈话"),
        ("phone", "电话"),
        ("letter", "转达"),
        ("box", "转达"),
        ("register", "转达"),
        ("wechat_qq", "网络"),
    ],
)
def test_other_channels_tick_one_of_the_four_boxes(login, make_item, channel, box):
    g = make_item("classified")
    type(g).objects.filter(pk=g.pk).update(channel=channel)
    text = _record(login("union_chair"), g)
    assert text.count("☑") == 1
    assert f"☑{box}" in text


def test_approval_without_a_comment_reads_agreed_once(login, make_item):
    text = _record(login("union_chair"), make_item("routed_department"))
    assert "2、企业行政分管负责人审批意见：同意。" in text
    assert "同意。同意" not in text


def test_approval_with_agreed_as_its_comment_is_not_doubled(login, make_item):
    g = make_item("routed_department")
    type(g).objects.filter(pk=g.pk).update(approval_note="同意")
    text = _record(login("union_chair"), g)
    assert "审批意见：同意企业行政分管负责人签字" in text
    assert "同意。同意" not in text


# --------------------------------------------------------------------------------------------
# 15. 议题梳理汇总分类表
# --------------------------------------------------------------------------------------------

HANDBOOK_COLUMNS = ("类别", "内容", "责任部门", "责任人", "备注")


def _summary_xlsx_rows(client, query=""):
    content = body(client.get(f"/e/demo/documents/summary_table.xlsx{query}"))
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_summary_pdf_has_the_handbooks_five_columns(login, make_item):
    make_item("classified", content="工资发放不及时")
    text = pdf_text(body(login("union_staff").get("/e/demo/documents/summary_table.pdf")))
    header = next(line for line in text.splitlines() if "类别" in line and "备注" in line)
    assert header.split() == list(HANDBOOK_COLUMNS)


def test_summary_xlsx_has_the_handbooks_five_columns(login, make_item):
    g = make_item("classified", content="工资发放不及时")
    rows = _summary_xlsx_rows(login("union_staff"))
    assert rows[1] == HANDBOOK_COLUMNS
    mine = next(r for r in rows if r[1] and "工资发放不及时" in r[1])
    assert mine[0] == "职工诉求类" and mine[1] == g.content
    assert mine[2:4] == ("人力资源部", "郑芳")


def test_summary_note_is_the_unions_remark_not_the_status(login, make_item, demo):
    g = make_item("classified", content="工资发放不及时")
    topic = Topic.objects.create(enterprise=demo, title="工资发放", note="拟上会")
    type(g).objects.filter(pk=g.pk).update(topic=topic)
    client = login("union_staff")
    mine = next(r for r in _summary_xlsx_rows(client) if r[1] and "工资发放不及时" in r[1])
    assert mine[4] == "拟上会"
    text = flat(pdf_text(body(client.get("/e/demo/documents/summary_table.pdf"))))
    assert "拟上会" in text
    assert "已分类" not in text and "Classified" not in text


def test_summary_lists_every_class_even_empty_ones(login, make_item, demo):
    make_item("classified")
    classes = list(
        Category.objects.filter(enterprise=demo, parent=None).values_list("name", flat=True)
    )
    assert {"合理化建议类", "行政通报类", "其他类"} <= set(classes)
    client = login("union_staff")
    text = pdf_text(body(client.get("/e/demo/documents/summary_table.pdf")))
    positions = [
        flat(text).index(name) for name in ["职工诉求类", "合理化建议类", "行政通报类", "其他类"]
    ]
    assert positions == sorted(positions)
    first_column = [r[0] for r in _summary_xlsx_rows(client)[2:]]
    for name in classes:
        assert name in first_column, name


def test_summary_title_names_the_year_asked_for(login, make_item):
    g = make_item("classified", content="工资发放不及时")
    client = login("union_staff")
    text = flat(pdf_text(body(client.get(f"/e/demo/documents/summary_table.pdf?year={g.year}"))))
    assert f"议题梳理汇总分类表（{g.year}年度）" in text and "工资发放不及时" in text
    earlier = flat(pdf_text(body(client.get("/e/demo/documents/summary_table.pdf?year=2019"))))
    assert "议题梳理汇总分类表（2019年度）" in earlier and "工资发放不及时" not in earlier
    assert _summary_xlsx_rows(client, "?year=2019")[0][0].endswith("议题梳理汇总分类表（2019年度）")


def test_the_list_page_offers_the_summary_table_for_a_chosen_year(login, make_item):
    g = make_item("classified")
    page = login("union_staff").get(reverse("grievance_list", args=["demo"])).content.decode()
    form = page.split('id="summary-table"')[1].split("</form>")[0]
    assert 'name="year"' in form
    assert f'<option value="{g.year}" selected>' in form
    assert "summary_table.pdf" in form and "summary_table.xlsx" in form


# --------------------------------------------------------------------------------------------
# 18. 征集协商议题记录本 and units named with their parent
# --------------------------------------------------------------------------------------------


@pytest.fixture
def team_register(demo, member):
    collector = member("unit_collector").user
    unit = OrgUnit.objects.get(enterprise=demo, parent__name="装配车间", name="一班")
    register = services.register_create(
        enterprise=demo,
        by=collector,
        unit=unit,
        rows=[
            {
                "name": "赵六",
                "content": "车间通风差，夏天闷热，希望加装排风扇。" * 4,
                "raised_on": datetime.date(2026, 11, 20),
            }
        ],
    )
    return register


def _words(content: bytes) -> list[tuple[float, float, str]]:
    html = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return [
        (float(x0), float(x1), word)
        for x0, x1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            html,
        )
    ]


def test_register_gives_the_content_column_most_of_the_width(login, team_register):
    content = body(
        login("unit_collector").get(f"/e/demo/documents/register/{team_register.pk}.pdf")
    )
    words = _words(content)
    name_right = next(x1 for x0, x1, w in words if w == "姓名")
    time_left = next(x0 for x0, x1, w in words if w == "时间")
    table_left = next(x0 for x0, x1, w in words if w == "序号")
    signature_right = max(x1 for x0, x1, w in words if w.startswith("提出人") or w == "签字")
    assert time_left - name_right > (signature_right - table_left) / 2
    longest = max(x1 - x0 for x0, x1, w in words if "通风" in w or "排风" in w)
    assert longest > (signature_right - table_left) * 0.45


def test_register_names_its_unit_with_the_parent(login, team_register):
    content = body(
        login("unit_collector").get(f"/e/demo/documents/register/{team_register.pk}.pdf")
    )
    text = flat(pdf_text(content))
    assert "装配车间一班征集协商议题记录本" in text
    for column in ("序号", "姓名", "内容", "时间", "提出人", "签字"):  # 提出人/签字 on two lines
        assert column in text


def test_a_blank_register_prints_for_a_unit_to_fill_by_hand(login, demo):
    unit = OrgUnit.objects.get(enterprise=demo, parent__name="机加工车间", name="二班")
    response = login("unit_collector").get(f"/e/demo/documents/register_blank.pdf?unit={unit.pk}")
    text = pdf_text(body(response))
    assert "机加工车间二班" in flat(text)
    assert "年＿＿月＿＿日" in flat(text)
    rows = [line.split()[0] for line in text.splitlines() if re.match(r"\s*\d+\s*$", line)]
    assert rows[:3] == ["1", "2", "3"] and len(rows) >= 10
    assert "赵六" not in text
    assert "1/1" in text.replace(" ", "")  # one page, with the handbook's note
    assert "注：此表用于在分厂、车间、班组征集协商议题" in flat(text)


def test_a_blank_register_for_another_enterprises_unit_answers_404(login, demo_b):
    unit = OrgUnit.objects.filter(enterprise=demo_b).first()
    client = login("unit_collector")
    assert client.get(f"/e/demo/documents/register_blank.pdf?unit={unit.pk}").status_code == 404
    assert client.get("/e/demo/documents/register_blank.pdf?unit=x").status_code == 404


def test_units_are_named_with_their_parent_in_choices_and_on_the_record(demo, login, member):
    assert str(OrgUnit.objects.get(enterprise=demo, parent__name="机加工车间", name="一班")) == (
        "机加工车间一班"
    )
    page = login("union_staff").get(reverse("grievance_list", args=["demo"])).content.decode()
    for label in ("机加工车间一班", "机加工车间二班", "装配车间一班", "包装车间一班"):
        assert f">{label}</option>" in page, label
    staff = member("union_staff").user
    unit = OrgUnit.objects.get(enterprise=demo, parent__name="包装车间", name="一班")
    g = services.grievance_register(
        enterprise=demo,
        by=staff,
        channel="talk",
        received_at=timezone.now(),
        kind="grievance",
        content="班车时间不合适",
        disclosure="named",
        requester_name="钱七",
        requester_unit=unit,
        requester_phone="13900000000",
    )
    text = _record(login("union_chair"), g)
    assert "诉求人钱七单位包装车间一班电话13900000000" in text


def test_the_registers_page_offers_a_blank_register_for_each_unit(login, demo):
    page = login("unit_collector").get(reverse("register_list", args=["demo"])).content.decode()
    form = page.split('id="blank-register"')[1].split("</form>")[0]
    assert "register_blank.pdf" in form
    unit = OrgUnit.objects.get(enterprise=demo, parent__name="包装车间", name="一班")
    assert f'<option value="{unit.pk}">包装车间一班</option>' in form


def test_record_form_keeps_the_signed_opinion_of_an_item_later_sent_to_a_meeting(
    login, make_item, member, hr
):
    g = make_item("routed_department")
    services.grievance_cannot_solve(
        grievance=g, by=member("dept_head").user, department=hr, note="涉及全公司薪酬制度"
    )
    services.grievance_refer_to_meeting(
        grievance=g, by=member("union_chair").user, note="经与分管负责人沟通，提交协商会议研究"
    )
    text = flat(
        pdf_text(body(login("union_chair").get(f"/e/demo/documents/grievance_record/{g.pk}.pdf")))
    )
    # What the chair signed stays as signed ...
    assert "1、工会初步办理意见：转职能部门直接办理（一般诉求）" in text
    # ... and the referral follows the signatures, with its reason.
    referral = (
        "3、工会与企业行政协商后，提交沟通协商会议。理由：经与分管负责人沟通，提交协商会议研究"
    )
    assert referral in text
    assert text.index("企业行政分管负责人签字") < text.index(referral)
    assert text.index(referral) < text.index("职能部门意见")
