"""The period's archive (step 8): built in the background with its state on a page and a link
when ready, one build at a time per reader; only the period's records (no draft bulletin, no
year table in a quarter's archive), no two files with one name, the leading group's meetings in
a folder of their own."""

import datetime
import io
import re
import zipfile

from django.core.management import call_command
from django.urls import reverse

from ledger.models import ArchiveBuild
from meetings.models import Meeting, MeetingKind
from supervision import services as supervision_services
from supervision.models import Bulletin

from .conftest import Q3, archive_zip, at
from .test_no_raw_codes import NOW, quarter_in_every_state  # noqa: F401

PAGE = reverse("ledger_archive", args=["demo"]) + Q3


def test_the_archive_is_built_in_the_background_and_a_second_click_starts_no_second_build(
    login, handled, settings
):
    settings.ARCHIVE_BUILDS = "manual"  # nothing builds it until the command runs
    g = handled()
    client = login("union_chair")
    first = client.get(PAGE).content.decode()
    assert 'id="archive-request"' in first and 'id="archive-link"' not in first
    assert client.post(PAGE).status_code == 302
    waiting = client.get(PAGE).content.decode()
    assert "正在生成" in waiting and 'http-equiv="refresh"' in waiting
    assert 'id="archive-request"' not in waiting  # nothing to click twice
    assert client.post(PAGE).status_code == 302  # a second click, say from another tab
    assert ArchiveBuild.objects.count() == 1
    call_command("build_archives", stdout=io.StringIO())
    ready = client.get(PAGE).content.decode()
    assert 'http-equiv="refresh"' not in ready
    link = re.search(r'id="archive-link" href="([^"]+)"', ready).group(1)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(client.get(link).streaming_content)))
    assert f"第三步 征集协商议题/职工诉求记录表-{g.number}.pdf" in archive.namelist()
    # Another reader neither sees this build nor downloads its file.
    assert login("admin_head").get(link).status_code == 404


def test_a_quarters_archive_holds_its_own_records_each_under_one_name(
    quarter_in_every_state,  # noqa: F811
    login,
    user,
):
    period = quarter_in_every_state
    meeting = Meeting.objects.filter(
        enterprise__code="demo", date__range=(period.start, period.end), kind=MeetingKind.SPECIAL
    ).first()
    with at(period.end - datetime.timedelta(days=2)):
        draft = supervision_services.bulletin_draft(meeting=meeting, by=user("union_staff"))
    assert Bulletin.objects.filter(pk=draft.pk, status=Bulletin.Status.DRAFT).exists()
    with at(NOW):
        archive = archive_zip(login("union_chair"), f"?year={period.year}&quarter={period.quarter}")
    names = archive.namelist()
    bulletins = [n for n in names if "情况通报" in n]
    assert len(bulletins) == 2  # the issued one, PDF and DOCX; not the draft
    assert not [n for n in names if "（2）" in n]  # no name had to be made unique
    assert len(names) == len({n.lower() for n in names})
    rhythm = [n for n in names if n.startswith("领导小组季度会议和调度会议/")]
    assert rhythm and all("领导小组季度会议" in n for n in rhythm)
    assert not [n for n in names if n.startswith(("第四步", "第五步")) and "季度会议" in n]
    # Tables of the whole year are not a quarter's records.
    assert not [n for n in names if "汇总" in n]


def test_a_built_archive_is_kept_a_day_outside_the_media_and_then_removed(
    login, handled, settings, tmp_path
):
    handled()
    client = login("union_chair")
    archive_zip(client, Q3)
    build = ArchiveBuild.objects.get()
    files = list((tmp_path / "archives").iterdir())
    assert len(files) == 1 and not (tmp_path / "media" / "archives").exists()
    link = reverse("ledger_archive_download", args=["demo", build.pk])
    # Built again: the earlier file goes, the new one is linked.
    archive_zip(client, Q3)
    assert len(list((tmp_path / "archives").iterdir())) == 1
    assert client.get(link).status_code == 404
    # A day later the file is removed and the page says to build it again.
    ArchiveBuild.objects.filter(status="ready").update(
        finished_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    )
    call_command("build_archives", stdout=io.StringIO())
    assert list((tmp_path / "archives").iterdir()) == []
    page = client.get(PAGE).content.decode()
    assert "请重新生成" in page and 'id="archive-link"' not in page
    assert 'id="archive-request"' in page
