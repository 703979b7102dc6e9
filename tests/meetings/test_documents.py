"""What the meeting prints: the handbook's notice, sign-in sheet, chairing script and
minutes, as A4 PDFs in a CJK font, the DOCX versions, and the ZIP of them all."""

import datetime
import io
import subprocess
import zipfile

import pytest
from django.urls import reverse
from docx import Document

from grievances.models import Disclosure
from meetings import services
from meetings.models import MeetingKind
from tests import factories

CONFIDENTIAL_NAME = "王保密"

# Documents are tested with production static settings (CONVENTIONS rule 13).
pytestmark = pytest.mark.usefixtures("production_static")


@pytest.fixture
def sent_meeting(meeting, queued_topic, dept_head_of, user):
    chair = user("union_chair")
    dept_head_of("财务部")
    services.meeting_add_topic(
        meeting=meeting,
        topic=queued_topic(
            "加班费核算不清",
            "工资福利类",
            disclosure=Disclosure.CONFIDENTIAL,
            requester_name=CONFIDENTIAL_NAME,
        ),
        by=chair,
    )
    services.meeting_add_topic(
        meeting=meeting, topic=queued_topic("食堂饭菜价格偏高", "生活保障类"), by=chair
    )
    services.participants_propose(meeting=meeting, by=chair)
    services.notice_submit(meeting=meeting, by=chair)
    services.notice_approve(meeting=meeting, by=user("admin_head"))
    return meeting


def _get(client, meeting, kind, fmt):
    response = client.get(
        reverse(
            "document",
            kwargs={"code": "demo", "document": kind, "pk": meeting.pk, "fmt": fmt},
        )
    )
    assert response.status_code == 200, kind
    return response.content


def _pdf_text(content: bytes, tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_notice_reads_like_the_handbook_form_with_both_seals(sent_meeting, login, tmp_path):
    content = _get(login("union_chair"), sent_meeting, "meeting_notice", "pdf")
    text = _pdf_text(content, tmp_path, "notice")
    flat = "".join(text.split())
    assert "关于召开2026年第1次工会与行政沟通协商会议的通知" in flat
    assert "企业行政各部门、工会、各职工代表：" in flat
    assert "报经企业行政负责人同意" in flat
    assert "定于2026年12月1日" in flat and "三楼会议室" in flat
    for line in (
        "1、企业行政负责人周建国",
        "2、工会负责人",
        "3、企业有关职能部门负责人",
        "4、职工代表李四",
    ):
        assert line in flat
    assert "2026年11月27日前将参会人员名单报工会办公室" in flat
    assert "无特殊情况不得请假、不得替会" in flat
    assert "蒙阴示范机械有限公司（章）" in flat and "工会（章）" in flat
    assert CONFIDENTIAL_NAME not in flat


def test_notice_pdf_uses_a_cjk_font(sent_meeting, login, tmp_path):
    path = tmp_path / "notice.pdf"
    path.write_bytes(_get(login("union_chair"), sent_meeting, "meeting_notice", "pdf"))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "CJK" in fonts


def test_notice_docx_has_the_same_wording(sent_meeting, login):
    doc = Document(io.BytesIO(_get(login("union_chair"), sent_meeting, "meeting_notice", "docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "无特殊情况不得请假、不得替会" in text
    assert "工会（章）" in text


def test_sign_in_sheet_groups_people_with_signature_and_contact_columns(
    sent_meeting, login, tmp_path
):
    text = _pdf_text(_get(login("union_chair"), sent_meeting, "sign_in", "pdf"), tmp_path, "s")
    flat = "".join(text.split())
    assert "工会与行政沟通协商会议签到表" in flat
    assert "会议参加人员" in flat and "本人签字" in flat and "联系方式" in flat
    positions = [flat.index(g) for g in ("企业行政", "企业工会", "行政部门", "职工代表")]
    assert positions == sorted(positions)
    assert "财务部" in flat and "机加工车间" in flat


def test_chairing_script_names_attendees_counts_topics_per_category_and_closes(
    sent_meeting, login, tmp_path
):
    text = _pdf_text(_get(login("union_chair"), sent_meeting, "script", "pdf"), tmp_path, "sc")
    flat = "".join(text.split())
    assert "主持词" in flat
    assert "主持人：孙立（工会主席）" in flat  # the host by their own post
    assert "共确定协商议题2项，其中工资福利类1项，生活保障类1项" in flat
    assert "一、下面就第一个议题进行协商" in flat and "二、下面就第二个议题进行协商" in flat
    assert "行政方答复" in flat and "工会主席：" in flat
    assert "三、企业行政负责人周建国同志讲话" in flat
    assert "散会！" in flat
    assert CONFIDENTIAL_NAME not in flat


def test_edited_script_is_what_prints(sent_meeting, login, tmp_path):
    chair = login("union_chair")
    edit_url = reverse("meeting_script", kwargs={"code": "demo", "pk": sent_meeting.pk})
    assert chair.post(edit_url, {"script": "各位代表：\n今天的会议改在下午开。"}).status_code == 302
    doc = Document(io.BytesIO(_get(chair, sent_meeting, "script", "docx")))
    assert "今天的会议改在下午开。" in [p.text for p in doc.paragraphs]


def test_archive_zip_holds_every_document_and_no_confidential_name(sent_meeting, login, tmp_path):
    response = login("union_chair").get(
        reverse("meeting_archive", kwargs={"code": "demo", "pk": sent_meeting.pk})
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert len(names) == 6
    assert any("会议通知" in n for n in names) and any("会议纪要" in n for n in names)
    for name in names:
        if name.endswith(".pdf"):
            text = _pdf_text(archive.read(name), tmp_path, "z")
            assert CONFIDENTIAL_NAME not in text


def test_a_joint_party_management_meeting_says_so_in_the_notice(demo, login):
    joint = factories.meeting("notice_sent", enterprise=demo, kind=MeetingKind.JOINT)
    doc = Document(io.BytesIO(_get(login("union_chair"), joint, "meeting_notice", "docx")))
    assert "召开工会与行政沟通协商会议（党政联席会议）" in "\n".join(p.text for p in doc.paragraphs)


# --------------------------------------------------------------------------------------------
# The documents registry: every form the app prints, served by one view
# --------------------------------------------------------------------------------------------


@pytest.fixture
def sample_subjects(demo, sent_meeting, user):
    """{document name: (primary key or None, query string)} — one subject per registered form."""
    from consult.models import OrgUnit
    from grievances import services as grievance_services

    grievance = grievance_services.grievance_submit(
        enterprise=demo,
        by=user("employee"),
        kind="grievance",
        content="宿舍热水供应不足",
        disclosure="named",
    )
    collector = user("unit_collector")
    register = grievance_services.register_create(
        enterprise=demo,
        by=collector,
        unit=OrgUnit.objects.filter(enterprise=demo).first(),
        rows=[{"name": "赵六", "content": "车间通风差", "raised_on": datetime.date(2026, 11, 20)}],
    )
    grievance_services.register_hand_up(register=register, by=collector)
    return {
        "leading_group": (None, ""),
        "leading_group_duties": (None, ""),
        "notice": (None, f"?year={factories.NOTICE_YEAR}"),
        "poster": (None, ""),
        "grievance_record": (grievance.pk, ""),
        "summary_table": (None, ""),
        "register": (register.pk, ""),
        "register_blank": (None, f"?unit={register.unit_id}"),
        "meeting_notice": (sent_meeting.pk, ""),
        "sign_in": (sent_meeting.pk, ""),
        "script": (sent_meeting.pk, ""),
        "minutes": (sent_meeting.pk, ""),
    }


def _document_url(name, pk, fmt, query="", code="demo"):
    if pk is None:
        return reverse("enterprise_document", args=[code, name, fmt]) + query
    return reverse("document", args=[code, name, pk, fmt]) + query


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_registered_document_prints_in_each_of_its_formats(sample_subjects, login, tmp_path):
    from openpyxl import load_workbook

    from consult import docregistry

    # Steps 1–5 here; each later step's forms are tested with that step's data.
    registered = [d for d in docregistry.all_documents() if d.step <= 5]
    assert {d.name for d in registered} == set(sample_subjects)
    client = login("union_chair")
    for document in registered:
        pk, query = sample_subjects[document.name]
        for fmt in document.formats:
            response = client.get(_document_url(document.name, pk, fmt, query))
            assert response.status_code == 200, (document.name, fmt)
            assert "no-store" in response["Cache-Control"]
            disposition = response["Content-Disposition"]
            assert disposition.startswith("attachment") and "utf-8''" in disposition
            assert disposition.endswith(f".{fmt}")
            content = _body(response)
            if fmt == "pdf":
                path = tmp_path / "d.pdf"
                path.write_bytes(content)
                fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True)
                assert "CJK" in fonts.stdout and "yes yes" in fonts.stdout, document.name
            elif fmt == "docx":
                assert Document(io.BytesIO(content)).paragraphs
            else:
                assert load_workbook(io.BytesIO(content)).active.max_row >= 2


@pytest.mark.parametrize(
    "path",
    [
        "/e/demo/documents/nonsense.pdf",
        "/e/demo/documents/nonsense/1.pdf",
        "/e/demo/documents/poster.docx",
        "/e/demo/documents/poster/1.pdf",  # an enterprise-level form takes no id
        "/e/demo/documents/minutes.pdf",  # a meeting's form needs one
        "/e/demo/documents/notice.pdf?year=1999",
        "/e/demo/documents/notice.pdf?year=abc",
    ],
)
def test_an_unknown_document_format_or_subject_answers_404(sent_meeting, login, path):
    assert login("union_chair").get(path).status_code == 404


def test_a_meeting_form_in_a_format_it_does_not_have_answers_404(sent_meeting, login):
    url = _document_url("sign_in", sent_meeting.pk, "docx")
    assert login("union_chair").get(url).status_code == 404


def test_another_enterprises_meeting_answers_404_under_either_code(demo_b, login, user):
    other = services.meeting_create(
        enterprise=demo_b,
        by=user("b_union_chair"),
        kind="special",
        date=datetime.date(2026, 12, 1),
        time=datetime.time(9, 0),
        place="会议室",
        host=user("b_union_chair"),
    )
    client = login("union_chair")
    assert client.get(_document_url("minutes", other.pk, "pdf")).status_code == 404
    assert client.get(_document_url("minutes", other.pk, "pdf", code="demo-b")).status_code == 404


def test_the_meeting_archive_holds_each_registered_meeting_form_in_each_format(sent_meeting, login):
    from consult import docregistry
    from meetings.models import Meeting

    response = login("union_chair").get(
        reverse("meeting_archive", kwargs={"code": "demo", "pk": sent_meeting.pk})
    )
    assert "no-store" in response["Cache-Control"]
    names = zipfile.ZipFile(io.BytesIO(_body(response))).namelist()
    expected = {
        f"demo-2026-01-{d.title}.{fmt}" for d in docregistry.for_model(Meeting) for fmt in d.formats
    }
    assert set(names) == expected
    assert {d.name for d in docregistry.for_step(5)} == {"sign_in", "script", "minutes"}
