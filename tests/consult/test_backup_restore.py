"""`manage.py backup` and `manage.py restore`: everything comes back, verified, or the restore
fails loudly and keeps nothing."""

import io
import json
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from consult import backup
from grievances import services
from grievances.models import Attachment, Grievance, GrievanceEvent


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _grievances(demo, member):
    employee, staff = member("employee").user, member("union_staff").user
    with_photo = services.grievance_submit(
        enterprise=demo,
        by=employee,
        kind="grievance",
        content="车间地面湿滑",
        disclosure="confidential",
        attachments=[SimpleUploadedFile("地面.png", _png(), "image/png")],
    )
    services.grievance_verify(grievance=with_photo, by=staff)
    services.grievance_submit(
        enterprise=demo, by=employee, kind="suggestion", content="增设休息室", disclosure="named"
    )
    anonymous = services.grievance_submit_anonymous(
        enterprise=demo, kind="grievance", content="加班费未足额发放"
    )
    services.grievance_reject(grievance=anonymous, by=staff, reason="已另案处理")


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_backup_writes_counts_and_checksums(demo, member, media, tmp_path):
    _grievances(demo, member)
    _run("backup", "--output", str(tmp_path / "b"))
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    tables = manifest["database"]["tables"]
    assert tables["grievances_grievance"] == Grievance.objects.count() == 3
    assert tables["grievances_grievanceevent"] == GrievanceEvent.objects.count()
    assert tables["auth_user"] > 0 and "django_session" not in tables
    stored = Attachment.objects.get().file
    assert manifest["media"]["files"] == {stored.name: backup.sha256_file(media / stored.name)}


def test_backup_refuses_a_directory_that_holds_something(db, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="not an empty directory"):
        _run("backup", "--output", str(tmp_path / "b"))


def test_restore_refuses_a_database_that_holds_data(demo, media, tmp_path):
    _run("backup", "--output", str(tmp_path / "b"))
    with pytest.raises(CommandError, match="not empty"):
        _run("restore", str(tmp_path / "b"))


def test_restore_refuses_a_damaged_archive(demo, member, media, tmp_path):
    _grievances(demo, member)
    _run("backup", "--output", str(tmp_path / "b"))
    with open(tmp_path / "b" / "media.tar", "r+b") as f:
        f.seek(1024)
        f.write(b"\x00garbage")
    with pytest.raises(CommandError, match="checksum"):
        _run("restore", "--force", str(tmp_path / "b"))
    assert Grievance.objects.count() == 3  # refused before anything was touched


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_database_gives_back_every_row_and_file(
    demo, member, media, tmp_path
):
    _grievances(demo, member)
    attachment = Attachment.objects.get()
    photo = (media / attachment.file.name).read_bytes()
    before = backup.table_counts("default")
    numbers = sorted(Grievance.objects.values_list("enterprise__code", "year", "serial"))
    _run("backup", "--output", str(tmp_path / "b"))

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    assert not any(backup.table_counts("default").values())

    # A manifest that disagrees with the rows fails loudly and leaves the database empty.
    shutil.copytree(tmp_path / "b", tmp_path / "bad")
    manifest = json.loads((tmp_path / "bad" / "manifest.json").read_text())
    manifest["database"]["tables"]["grievances_grievance"] += 1
    (tmp_path / "bad" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="grievances_grievance: expected 4, found 3"):
        _run("restore", str(tmp_path / "bad"))
    assert not any(backup.table_counts("default").values())

    out = _run("restore", str(tmp_path / "b"))
    assert "Restored and verified" in out
    assert backup.table_counts("default") == before
    assert sorted(Grievance.objects.values_list("enterprise__code", "year", "serial")) == numbers
    restored = Attachment.objects.get()
    assert restored.pk == attachment.pk and restored.grievance.departments.count() == 0
    assert restored.file.read() == photo
    assert (media / restored.file.name).stat().st_mode & 0o777 == 0o640
    assert set(Grievance.objects.values_list("status", flat=True)) == {
        "verified",
        "submitted",
        "rejected",
    }
