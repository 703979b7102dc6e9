"""Attachments in an S3-compatible bucket (STORAGE_URL), against a local S3 server: stored
without metadata, never public, served only through the access-checked view (streamed or by a
presigned URL of under a minute), erased with every version, backed up and restored with their
checksums, and moved between the disk and the bucket."""

import hashlib
import io
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from PIL import Image

from consult import backup
from consult.storage_url import s3_options
from grievances import services
from grievances.models import Attachment
from tests import s3

ROOT = Path(__file__).resolve().parents[2]
VIEW = "/e/demo/grievances/{g}/attachments/{a}/"


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (8, 8), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    exif[0x8825] = {1: "N", 2: (35.0, 42.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _png(colour="blue") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(out, format="PNG")
    return out.getvalue()


def _submit_through_the_page(client, data: bytes) -> Attachment:
    form = client.get("/e/demo/grievances/new/").content.decode()
    token = re.search(r'name="token" value="([0-9a-f]+)"', form).group(1)
    response = client.post(
        "/e/demo/grievances/new/",
        {
            "kind": "grievance",
            "content": "地面湿滑",
            "disclosure": "named",
            "token": token,
            "attachments": [SimpleUploadedFile("我的照片.png", data, "image/png")],
        },
    )
    assert response.status_code == 302
    return Attachment.objects.get()


def _object(s3_server, bucket, name) -> bytes:
    return s3.client(s3_server).get_object(Bucket=bucket, Key=name)["Body"].read()


def _submit(member, content="车间地面湿滑", data=None) -> Attachment:
    grievance = services.grievance_submit(
        enterprise=member("employee").enterprise,
        by=member("employee").user,
        kind="grievance",
        content=content,
        disclosure="named",
        attachments=[SimpleUploadedFile("地面.png", data or _png(), "image/png")],
    )
    return grievance.attachments.get()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_photo_goes_to_the_bucket_without_exif_and_nobody_can_read_it_there(
    demo, login, bucket, s3_server, media
):
    attachment = _submit_through_the_page(login("employee"), _jpeg_with_gps())

    stored = _object(s3_server, bucket, attachment.file.name)
    assert stored[:2] == b"\xff\xd8" and b"SecretCameraMaker" not in stored
    assert "照片" not in attachment.file.name
    assert not media.exists()  # nothing on the app host's disk
    client = s3.client(s3_server)
    grants = client.get_object_acl(Bucket=bucket, Key=attachment.file.name)["Grants"]
    assert [g["Grantee"]["Type"] for g in grants] == ["CanonicalUser"]  # the owner only
    with pytest.raises(urllib.error.HTTPError) as refused:  # a plain, unsigned address
        urllib.request.urlopen(f"{s3_server}/{bucket}/{attachment.file.name}")
    assert refused.value.code == 403


def test_attachment_is_streamed_from_the_bucket_only_to_those_who_see_the_item(
    demo, login, bucket, s3_server
):
    employee = login("employee")
    attachment = _submit_through_the_page(employee, _jpeg_with_gps())
    url = VIEW.format(g=attachment.grievance_id, a=attachment.pk)

    response = employee.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == _object(s3_server, bucket, attachment.file.name)
    number = attachment.grievance.number
    assert f"{number}-{attachment.pk}.jpg" in response["Content-Disposition"]
    assert response["Content-Length"] == str(attachment.size)
    assert login("employee_rep").get(url).status_code == 404


def test_a_file_gone_from_the_bucket_answers_404(demo, login, bucket, s3_server):
    employee = login("employee")
    attachment = _submit_through_the_page(employee, _png())
    s3.client(s3_server).delete_object(Bucket=bucket, Key=attachment.file.name)
    assert employee.get(VIEW.format(g=attachment.grievance_id, a=attachment.pk)).status_code == 404


def test_presigned_download_expires_within_a_minute_and_names_the_file(
    demo, login, bucket, settings
):
    settings.STORAGE_PRESIGNED_SECONDS = 30
    employee = login("employee")
    attachment = _submit_through_the_page(employee, _png())
    url = VIEW.format(g=attachment.grievance_id, a=attachment.pk)

    response = employee.get(url)
    assert response.status_code == 302 and "no-store" in response["Cache-Control"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(response["Location"]).query)
    assert query["X-Amz-Expires"] == ["30"]
    served = urllib.request.urlopen(response["Location"])
    filename = f"{attachment.grievance.number}-{attachment.pk}.png"
    assert filename in served.headers["Content-Disposition"]
    assert served.headers["Content-Type"] == "image/png"
    assert served.read() == _png()
    # Those who may not see the item get no address at all.
    assert login("employee_rep").get(url).status_code == 404


def test_erased_attachment_leaves_no_earlier_version_in_a_versioned_bucket(
    demo, member, s3_server, bucket, settings
):
    s3.client(s3_server).put_bucket_versioning(
        Bucket=bucket, VersioningConfiguration={"Status": "Enabled"}
    )
    attachment = _submit(member)
    Attachment.objects.filter(pk=attachment.pk).update(erased_at=timezone.now())

    assert services.attachments_purge_erased() == 1

    versions = s3.client(s3_server).list_object_versions(Bucket=bucket)
    assert versions.get("Versions", []) == [] and versions.get("DeleteMarkers", []) == []
    attachment.refresh_from_db()
    assert attachment.file.name == "" and Attachment.objects.filter(pk=attachment.pk).exists()


def test_storage_url_is_read_or_refused_with_a_reason():
    options = s3_options("s3://AK:S%2Fk@minio.internal:9000/attach/consult?tls=0&region=cn-1")
    assert (options["bucket_name"], options["location"]) == ("attach", "consult")
    assert options["endpoint_url"] == "http://minio.internal:9000"
    assert (options["access_key"], options["secret_key"]) == ("AK", "S/k")
    assert options["default_acl"] == "private" and options["querystring_expire"] <= 60
    with pytest.raises(ImproperlyConfigured, match="s3://"):
        s3_options("https://minio.internal/attach")
    with pytest.raises(ImproperlyConfigured, match="unknown parameter"):
        s3_options("s3://minio.internal/attach?acl=public-read")


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_backup_holds_the_bucket_objects_and_restore_puts_them_back_verified(
    demo, member, bucket, s3_server, tmp_path
):
    attachment = _submit(member)
    photo = _object(s3_server, bucket, attachment.file.name)
    _run("backup", "--output", str(tmp_path / "b"))
    manifest = backup.read_manifest(tmp_path / "b")
    assert manifest["media"]["storage"] == "bucket"
    assert manifest["media"]["files"] == {attachment.file.name: hashlib.sha256(photo).hexdigest()}

    call_command("flush", interactive=False, verbosity=0)
    s3.client(s3_server).delete_object(Bucket=bucket, Key=attachment.file.name)
    assert "Restored and verified" in _run("restore", str(tmp_path / "b"))
    assert Attachment.objects.get().file.read() == photo
    grants = s3.client(s3_server).get_object_acl(Bucket=bucket, Key=attachment.file.name)
    assert [g["Grantee"]["Type"] for g in grants["Grants"]] == ["CanonicalUser"]


def test_move_to_the_bucket_and_back_is_verified_resumable_and_dry_runs(
    demo, member, bucket, s3_server, media, settings
):
    on_disk = settings.STORAGES
    settings.STORAGES = {
        **on_disk,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    first, second = _submit(member, "一", _png("red")), _submit(member, "二", _png("green"))
    names = [first.file.name, second.file.name]

    assert "2 would move" in _run("move_attachments", "--to", "bucket", "--dry-run")
    assert s3.client(s3_server).list_objects_v2(Bucket=bucket)["KeyCount"] == 0

    # A run that stopped after copying the first file: the next run finishes the move.
    s3.client(s3_server).put_object(Bucket=bucket, Key=names[0], Body=_png("red"))
    out = _run("move_attachments", "--to", "bucket")
    assert "1 moved" in out and "1 already there" in out
    assert not any((media / name).exists() for name in names)
    assert _object(s3_server, bucket, names[1]) == _png("green")

    settings.STORAGES = on_disk  # the app now serves them from the bucket
    assert Attachment.objects.get(pk=second.pk).file.read() == _png("green")

    assert "2 moved" in _run("move_attachments", "--to", "disk")
    assert (media / names[0]).read_bytes() == _png("red")
    assert (media / names[0]).stat().st_mode & 0o777 == 0o640
    assert s3.client(s3_server).list_object_versions(Bucket=bucket).get("Versions", []) == []


def test_move_refuses_a_bucket_anyone_may_read(demo, member, bucket, s3_server, media):
    s3.client(s3_server).put_bucket_acl(Bucket=bucket, ACL="public-read")
    with pytest.raises(CommandError, match="Anyone may read the bucket"):
        _run("move_attachments", "--to", "bucket")


def test_move_keeps_both_files_when_the_bucket_holds_another_under_the_name(
    demo, member, bucket, s3_server, media, settings
):
    on_disk = settings.STORAGES
    settings.STORAGES = {
        **on_disk,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    attachment = _submit(member, data=_png("red"))
    s3.client(s3_server).put_object(Bucket=bucket, Key=attachment.file.name, Body=b"other")
    with pytest.raises(CommandError, match="another file"):
        _run("move_attachments", "--to", "bucket")
    assert (media / attachment.file.name).read_bytes() == _png("red")


def test_a_presigned_url_longer_than_a_minute_stops_the_start():
    env = {**os.environ, "STORAGE_PRESIGNED_SECONDS": "300", "STORAGE_URL": "s3://h/b"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "STORAGE_PRESIGNED_SECONDS must be at most 60" in result.stderr
