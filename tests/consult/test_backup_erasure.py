"""Backups and erasure (issue 19, point 12): a backup made after an erasure holds no trace of
the erased identity (rows, notes, changes JSON, files), and a restore of a backup made before it
re-applies the erasure from the journal kept outside the database."""

import gzip
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from consult import backup
from grievances import services
from grievances.events import GrievanceEventType
from grievances.models import Attachment, Grievance, GrievanceEvent
from tests.grievances.closing import closed_item

NAME, PHONE, MARKED = "郑秋菊", "13912345678", "三车间夜班唯一的女焊工"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (9, 7), (12, 34, 56)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def item(demo, member, media):
    chair = member("union_chair").user
    g = closed_item(
        demo,
        requester_name=NAME,
        phone=PHONE,
        content=f"{MARKED}反映夜班食堂关门早",
        comment=f"{NAME}满意",
    )
    services.attachment_add(
        grievance=g, by=chair, upload=SimpleUploadedFile(f"{NAME}.png", _png(), "image/png")
    )
    services.grievance_mark_identifying(grievance=g, by=chair, text=MARKED)
    # Staff edited the name once: the old and new value sit in an event's changes JSON.
    services.record(grievance=g, by=chair, action="registered", note=f"电话{PHONE}核实")
    GrievanceEvent.objects.create(
        grievance=g, actor=chair, action="classified", changes={"requester_name": ["郑秋", NAME]}
    )
    return Grievance.objects.get(pk=g.pk)


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _database_text(directory: Path) -> str:
    rows = json.loads(gzip.open(directory / backup.DATABASE).read())
    return json.dumps(rows, ensure_ascii=False)


def _stored_bytes(directory: Path) -> bytes:
    import tarfile

    with tarfile.open(directory / backup.MEDIA) as tar:
        return b"".join(tar.extractfile(m).read() for m in tar if m.isfile())


def _erase(g, capture):
    with capture(execute=True):  # the file and the journal line follow the commit
        services.grievance_erase_identity(grievance=g, by=None, kind="request", note="本人申请")


def test_a_backup_after_the_erasure_holds_no_trace_of_the_identity(
    item, tmp_path, media, django_capture_on_commit_callbacks
):
    photo = (media / Attachment.objects.get(grievance=item).file.name).read_bytes()
    _run("backup", "--output", str(tmp_path / "before"))
    text = _database_text(tmp_path / "before")
    assert NAME in text and PHONE in text and MARKED in text  # the check can see them
    assert photo in _stored_bytes(tmp_path / "before")

    _erase(item, django_capture_on_commit_callbacks)
    _run("backup", "--output", str(tmp_path / "after"))

    text = _database_text(tmp_path / "after")
    for trace in (NAME, PHONE, MARKED, "郑秋"):
        assert trace not in text, trace
    assert photo not in _stored_bytes(tmp_path / "after")
    manifest = json.loads((tmp_path / "after" / "manifest.json").read_text())
    assert manifest["media"]["files"] == {}
    # Beside it, the erasures it holds, with nothing personal.
    lines = (tmp_path / "after" / backup.ERASURES).read_text().splitlines()
    assert [json.loads(line)["number"] for line in lines] == [item.number]
    assert NAME not in lines[0] and manifest["erasures"]["count"] == 1


# `restore --force` empties every table (TRUNCATE on PostgreSQL): outside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_a_restore_re_applies_the_erasures_made_after_its_backup(
    item, tmp_path, media, settings, django_capture_on_commit_callbacks
):
    _run("backup", "--output", str(tmp_path / "before"))
    _erase(item, django_capture_on_commit_callbacks)
    journal = Path(settings.ERASURE_JOURNAL)
    entry = json.loads(journal.read_text().splitlines()[0])
    assert entry["grievance"] == item.pk and entry["number"] == item.number
    assert set(entry) == {"enterprise", "grievance", "number", "erased_at", "kind"}

    with django_capture_on_commit_callbacks(execute=True):
        out = _run("restore", "--force", str(tmp_path / "before"))

    assert f"Re-applied 1 erasure(s) from {journal}" in out
    restored = Grievance.objects.get(pk=item.pk)
    assert restored.identity_erased_at is not None and restored.requester_name == ""
    assert MARKED not in restored.content
    assert not any(m.is_file() for m in (media / "grievances").rglob("*"))
    kinds = [
        e.data["kind"] for e in restored.events.filter(action=GrievanceEventType.IDENTITY_ERASED)
    ]
    assert kinds == ["reapplied"]


@pytest.mark.django_db(transaction=True)
def test_a_journal_from_elsewhere_is_given_with_reapply_erasures(
    item, tmp_path, media, settings, django_capture_on_commit_callbacks
):
    _run("backup", "--output", str(tmp_path / "before"))
    _erase(item, django_capture_on_commit_callbacks)
    _run("backup", "--output", str(tmp_path / "after"))
    settings.ERASURE_JOURNAL = ""  # the machine's journal is lost with the machine
    with django_capture_on_commit_callbacks(execute=True):
        out = _run(
            "restore",
            "--force",
            str(tmp_path / "before"),
            "--reapply-erasures",
            str(tmp_path / "after" / backup.ERASURES),
        )
    assert "Re-applied 1 erasure(s)" in out
    assert Grievance.objects.get(pk=item.pk).requester_name == ""


def test_a_journal_that_cannot_be_read_stops_the_restore_before_anything(item, tmp_path, media):
    _run("backup", "--output", str(tmp_path / "b"))
    (tmp_path / "bad.jsonl").write_text("not json\n")
    with pytest.raises(CommandError, match="line 1"):
        _run(
            "restore",
            "--force",
            str(tmp_path / "b"),
            "--reapply-erasures",
            str(tmp_path / "bad.jsonl"),
        )
    assert Grievance.objects.get(pk=item.pk).requester_name == NAME


def test_after_a_restore_with_the_databases_own_tools_the_journal_is_re_applied(
    item, media, settings, django_capture_on_commit_callbacks
):
    _erase(item, django_capture_on_commit_callbacks)
    # As if pg_restore had put back a dump made before the erasure.
    Grievance.objects.filter(pk=item.pk).update(
        identity_erased_at=None, requester_name=NAME, requester_phone=PHONE
    )
    with django_capture_on_commit_callbacks(execute=True):
        out = _run("reapply_erasures")
    assert f"Re-applied 1 erasure(s) from {settings.ERASURE_JOURNAL}" in out
    restored = Grievance.objects.get(pk=item.pk)
    assert restored.identity_erased_at is not None and restored.requester_name == ""
    assert "Re-applied 0 erasure(s)" in _run("reapply_erasures")  # nothing twice
