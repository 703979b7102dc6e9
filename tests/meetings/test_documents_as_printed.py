"""Steps 4–5's forms as the handbook prints them: the chairing script (会议主持词), the notice
(会议通知), the minutes (会议纪要) and the sign-in sheet (会议签到表), read from the PDF text.
Printed with production static settings (CONVENTIONS rule 13)."""

import io
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from consult.models import Membership
from meetings import services
from meetings.models import Participant, ParticipantGroup, Rsvp

pytestmark = pytest.mark.usefixtures("production_static")


def _get(client, meeting, kind, fmt="pdf") -> bytes:
    response = client.get(
        reverse("document", kwargs={"code": "demo", "document": kind, "pk": meeting.pk, "fmt": fmt})
    )
    assert response.status_code == 200, kind
    return response.content


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def with_deputy(invited_meeting, user):
    """The invited meeting with the deputy manager (吴海, 副总经理) in the administration group."""
    services.participant_add(
        meeting=invited_meeting,
        by=user("union_chair"),
        user=user("admin_deputy"),
        group=ParticipantGroup.ADMINISTRATION,
    )
    return invited_meeting


# --------------------------------------------------------------------------------------------
# 16. 会议主持词
# --------------------------------------------------------------------------------------------


def test_script_has_no_full_stop_before_a_comma(invited_meeting, login):
    invited_meeting.items.update(reply="同意从下月起按实际加班时长核算。")
    text = flat(pdf_text(_get(login("union_chair"), invited_meeting, "script")))
    assert "同意从下月起按实际加班时长核算，由" in text
    assert "。，" not in text


def test_script_introduces_each_manager_by_their_post(with_deputy, login):
    text = flat(pdf_text(_get(login("union_chair"), with_deputy, "script")))
    assert "参加今天沟通会议人员有：总经理周建国，副总经理吴海" in text
    assert "企业行政负责人吴海" not in text
    assert "企业行政负责人周建国同志讲话" in text  # the head speaks, not the deputy


def test_script_introduces_the_host_by_their_own_post(invited_meeting, login, user):
    type(invited_meeting).objects.filter(pk=invited_meeting.pk).update(host=user("union_staff"))
    invited_meeting.refresh_from_db()
    text = flat(pdf_text(_get(login("union_chair"), invited_meeting, "script")))
    assert "主持人：赵敏（工会干事）" in text
    assert "我是工会干事赵敏，今天的沟通协商会议由我来主持" in text
    assert "赵敏（企业工会主席）" not in text


# --------------------------------------------------------------------------------------------
# 17. 会议通知 and 会议纪要
# --------------------------------------------------------------------------------------------


def test_notice_lists_each_manager_and_union_member_with_their_post(with_deputy, login):
    text = flat(pdf_text(_get(login("union_chair"), with_deputy, "meeting_notice")))
    assert "1、企业行政负责人周建国（总经理）、吴海（副总经理）；" in text
    assert "2、工会负责人孙立（工会主席）、赵敏（工会干事）；" in text


def test_a_draft_notice_says_draft_in_the_docx_as_in_the_pdf(meeting, login):
    client = login("union_chair")
    pdf = flat(pdf_text(_get(client, meeting, "meeting_notice")))
    doc = Document(io.BytesIO(_get(client, meeting, "meeting_notice", "docx")))
    assert "草稿" in pdf
    assert "草稿" in doc.paragraphs[0].text


def test_an_approved_notice_is_no_draft_in_either_format(invited_meeting, login):
    client = login("union_chair")
    assert "草稿" not in pdf_text(_get(client, invited_meeting, "meeting_notice"))
    doc = Document(io.BytesIO(_get(client, invited_meeting, "meeting_notice", "docx")))
    assert all("草稿" not in p.text for p in doc.paragraphs)


@pytest.fixture
def with_substitute(with_deputy, user):
    chair = user("union_chair")
    deputy = with_deputy.participants.get(user=user("admin_deputy"))
    Participant.objects.filter(pk=deputy.pk).update(rsvp=Rsvp.LEAVE_GRANTED)
    deputy.refresh_from_db()
    services.participant_add(
        meeting=with_deputy,
        by=chair,
        user=user("supervisor"),
        group=ParticipantGroup.ADMINISTRATION,
        label="督导员",
        substitute_for=deputy,
    )
    return with_deputy


def test_minutes_count_the_invited_without_substitutes_and_mark_the_substitute(
    with_substitute, login
):
    people = list(with_substitute.participants.all())
    invited = sum(not p.substitute_for_id for p in people)
    assert len(people) == invited + 1
    text = flat(pdf_text(_get(login("union_chair"), with_substitute, "minutes")))
    assert f"应到{invited}人" in text
    assert "冯刚（督导员）（代吴海）" in text


def test_minutes_keep_each_name_on_one_line(with_substitute, login):
    for i, name in enumerate(["欧阳明远", "司马长风", "上官云飞", "诸葛文清", "慕容雪", "东方晓"]):
        Participant.objects.create(
            meeting=with_substitute,
            name=name,
            group=ParticipantGroup.REPRESENTATIVES,
            label=f"第{i + 1}分厂机加工车间",
        )
    text = pdf_text(_get(login("union_chair"), with_substitute, "minutes"))
    lines = [flat(line) for line in text.splitlines()]
    for p in with_substitute.participants.select_related("user"):
        entry = f"{p.display_name}（{p.label}）" if p.label else p.display_name
        assert any(entry in line for line in lines), entry


# --------------------------------------------------------------------------------------------
# 19. 会议签到表
# --------------------------------------------------------------------------------------------


def _sheet_lines(client, meeting) -> list[str]:
    return [flat(line) for line in pdf_text(_get(client, meeting, "sign_in")).splitlines()]


def test_sign_in_sheet_prints_the_phone_of_those_who_allow_it(invited_meeting, login, member):
    head = member("admin_head")
    Membership.objects.filter(pk=head.pk).update(phone_on_sign_in=True)
    chair = member("union_chair")
    lines = _sheet_lines(login("union_chair"), invited_meeting)
    assert any("周建国" in line and head.phone in line for line in lines)
    assert not any(chair.phone in line for line in lines)  # the chair has not allowed it


def test_sign_in_sheet_marks_electronic_sign_ins(invited_meeting, login, user):
    head = invited_meeting.participants.get(user=user("admin_head"))
    Participant.objects.filter(pk=head.pk).update(attended=True, signed_in_at=timezone.now())
    lines = _sheet_lines(login("union_chair"), invited_meeting)
    assert any("周建国" in line and "电子签到" in line for line in lines)
    assert sum("电子签到" in line for line in lines) == 1


def _word_tops(pdf: bytes) -> dict[str, float]:
    """The top of each word of page 1 (pdftotext -bbox), by its text."""
    import re

    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return {
        word: float(top)
        for top, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]+)</word>', html
        )
    }


def test_sign_in_sheet_leaves_two_blank_rows_under_each_group_for_walk_ins(invited_meeting, login):
    pdf = _get(login("union_chair"), invited_meeting, "sign_in")
    tops = _word_tops(pdf)
    # 周建国 is the administration group's only member and 孙立 the union's first: between
    # them, the two spare rows of the administration group (each at least 11 mm, 31 pt).
    row = tops["赵敏"] - tops["孙立"]  # two members of one group: one row apart
    assert row > 25
    assert tops["孙立"] - tops["周建国"] > 2.8 * row


# --------------------------------------------------------------------------------------------
# 20. The notice names only the groups invited
# --------------------------------------------------------------------------------------------


def test_the_notice_has_no_blank_for_department_heads_nobody_invited(invited_meeting, login):
    # The topic's department has no head invited (none with an account, or taken off).
    Participant.objects.filter(meeting=invited_meeting, group=ParticipantGroup.DEPARTMENTS).delete()
    client = login("union_chair")
    text = flat(pdf_text(_get(client, invited_meeting, "meeting_notice")))
    assert "职能部门负责人" not in text and "＿＿＿" not in text
    assert "2、工会负责人孙立（工会主席）、赵敏（工会干事）；3、职工代表" in text
    doc = Document(io.BytesIO(_get(client, invited_meeting, "meeting_notice", "docx")))
    docx = "".join(p.text for p in doc.paragraphs)
    assert "职能部门负责人" not in docx and "3、职工代表" in docx


def test_the_notice_still_names_the_department_heads_invited(invited_meeting, login, user):
    assert invited_meeting.participants.filter(group=ParticipantGroup.DEPARTMENTS).exists()
    text = flat(pdf_text(_get(login("union_chair"), invited_meeting, "meeting_notice")))
    assert "3、企业有关职能部门负责人" in text and "4、职工代表" in text
    assert "＿＿＿" not in text
