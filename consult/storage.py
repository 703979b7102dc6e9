"""Where attachments are kept: the local disk (MEDIA_ROOT, the default) or a private bucket of an
S3-compatible object store (MinIO, Ceph RGW, Alibaba Cloud OSS, Tencent COS, AWS) when
STORAGE_URL is set (docs/DEPLOYMENT.md, "Attachments in object storage").

    STORAGE_URL=s3://ACCESS_KEY:SECRET_KEY@minio.internal:9000/consult-attachments?tls=0

Either way a file leaves the app only through an access-checked view (`file_response`): streamed
through the app, or, with STORAGE_PRESIGNED_SECONDS, by a redirect to a URL signed for at most a
minute that names the file. No object is ever public: every object is written with the private
ACL, the bucket is checked before files are moved into it, and an erased file goes with every
earlier version of it.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

from consult.storage_url import PRESIGNED_MAX_SECONDS

_PUBLIC_GROUPS = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


@functools.cache
def _s3_class():
    # Imported only when a bucket is configured: the disk needs neither boto3 nor its start-up.
    from storages.backends.s3 import S3Storage
    from storages.utils import clean_name

    class _PrivateS3Storage(S3Storage):
        def delete(self, name):
            """Remove the object and, in a versioned bucket, every earlier version of it: an
            erased file must not survive as a previous version."""
            super().delete(name)
            key = self._normalize_name(clean_name(name))
            client = self.connection.meta.client
            pages = client.get_paginator("list_object_versions").paginate(
                Bucket=self.bucket_name, Prefix=key
            )
            for page in pages:
                for entry in [*page.get("Versions", []), *page.get("DeleteMarkers", [])]:
                    if entry["Key"] == key:
                        client.delete_object(
                            Bucket=self.bucket_name, Key=key, VersionId=entry["VersionId"]
                        )

        def put(self, name: str, content) -> None:
            """Write under exactly this name (restore, move), private like every object."""
            self._save(name, content)

        def open_stream(self, name: str):
            """The object's body as a stream and its length, without a temporary copy."""
            try:
                answer = self.bucket.Object(self._normalize_name(clean_name(name))).get()
            except self.connection.meta.client.exceptions.NoSuchKey as exc:
                raise FileNotFoundError(name) from exc
            return answer["Body"], answer["ContentLength"]

        def public_grants(self) -> list[str]:
            """Who other than the owner may read the bucket (empty when private)."""
            client = self.connection.meta.client
            grants = client.get_bucket_acl(Bucket=self.bucket_name)["Grants"]
            found = [g["Grantee"].get("URI", "") for g in grants]
            return [uri for uri in found if uri in _PUBLIC_GROUPS]

    return _PrivateS3Storage


def __getattr__(name: str):
    # STORAGES names the class by path; it is built on first use (see _s3_class).
    if name == "PrivateS3Storage":
        return _s3_class()
    raise AttributeError(name)


def is_bucket(storage: Storage) -> bool:
    return hasattr(storage, "bucket_name")


def bucket_storage() -> Storage:
    """The configured bucket, whether or not it is the default storage now."""
    if not settings.OBJECT_STORAGE_OPTIONS:
        raise ImproperlyConfigured("STORAGE_URL is not set: there is no bucket.")
    return _s3_class()(**settings.OBJECT_STORAGE_OPTIONS)


def disk_storage() -> FileSystemStorage:
    return FileSystemStorage(
        location=settings.MEDIA_ROOT,
        file_permissions_mode=settings.FILE_UPLOAD_PERMISSIONS,
        directory_permissions_mode=settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS,
    )


def file_response(field_file, *, filename: str, content_type: str) -> HttpResponse:
    """A stored file as a download named `filename` (the caller checked access); 404 when the
    file is gone from storage."""
    if not field_file:  # erased: the row stays, the file is gone
        raise Http404
    storage = field_file.storage
    if is_bucket(storage) and settings.STORAGE_PRESIGNED_SECONDS:
        return _presigned_redirect(storage, field_file.name, filename, content_type)
    try:
        if is_bucket(storage):
            handle, length = storage.open_stream(field_file.name)
        else:
            handle, length = field_file.open("rb"), None
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    if length is not None:
        response["Content-Length"] = str(length)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _presigned_redirect(storage, name: str, filename: str, content_type: str) -> HttpResponse:
    url = storage.url(
        name,
        parameters={
            "ResponseContentDisposition": content_disposition_header(True, filename),
            "ResponseContentType": content_type,
        },
        expire=min(settings.STORAGE_PRESIGNED_SECONDS, PRESIGNED_MAX_SECONDS),
    )
    response = HttpResponseRedirect(url)
    # The signed address must not be kept by a cache or offered again by the browser.
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


# Moving files between the disk and the bucket (manage.py move_attachments): each file is
# copied, read back and compared, and only then removed from where it was. A run that stopped
# is run again: what already arrived intact is not copied twice.
MOVED, WOULD_MOVE, ALREADY = "moved", "would move", "already there"
MISSING, CONFLICT = "missing", "conflict"
OUTCOMES = (MOVED, WOULD_MOVE, ALREADY, MISSING, CONFLICT)


def _sha256(storage: Storage, name: str) -> str | None:
    if not storage.exists(name):
        return None
    digest = hashlib.sha256()
    with storage.open(name, "rb") as f:
        for chunk in f.chunks():
            digest.update(chunk)
    return digest.hexdigest()


def move_file(name: str, *, source: Storage, target: Storage, dry_run: bool) -> str:
    """Move one stored file under the same name; what happened (MOVED, ALREADY…)."""
    here, there = _sha256(source, name), _sha256(target, name)
    if there is not None and here not in (None, there):
        return CONFLICT  # another file under this name: touch neither
    if there is not None:
        if here is not None and not dry_run:
            source.delete(name)  # the copy arrived in an earlier run that stopped
        return ALREADY
    if here is None:
        return MISSING
    if dry_run:
        return WOULD_MOVE
    with source.open(name, "rb") as f:
        saved = target.save(name, File(f, name=name))
    if saved != name or _sha256(target, name) != here:
        raise OSError(f"{name}: the copy does not match the original; the original is kept")
    source.delete(name)
    return MOVED
