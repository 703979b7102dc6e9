"""STORAGE_URL read into django-storages' options (consult.storage); imported by the settings,
so it needs nothing of Django's but the exception."""

import urllib.parse
from typing import Any

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "consult.storage.PrivateS3Storage"
# A presigned URL works for anyone who holds it: never longer than this.
PRESIGNED_MAX_SECONDS = 60


def s3_options(url: str) -> dict[str, Any]:
    """django-storages' S3 options from STORAGE_URL
    (`s3://KEY:SECRET@host:port/bucket[/prefix]?region=…&tls=0&addressing=path|virtual`)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "s3":
        raise ImproperlyConfigured(f"STORAGE_URL must start with s3:// (found {parts.scheme!r})")
    bucket, _, prefix = parts.path.strip("/").partition("/")
    if not bucket:
        raise ImproperlyConfigured("STORAGE_URL names no bucket (s3://host/bucket)")
    query = {key: values[-1] for key, values in urllib.parse.parse_qs(parts.query).items()}
    unknown = set(query) - {"region", "tls", "addressing"}
    if unknown:
        raise ImproperlyConfigured(f"STORAGE_URL: unknown parameter(s) {sorted(unknown)}")
    tls = query.get("tls", "1") not in {"0", "false", "no", "off"}
    return {
        "bucket_name": bucket,
        "location": prefix.strip("/"),
        # No host: the provider's own endpoint for the region (AWS).
        "endpoint_url": f"{'https' if tls else 'http'}://{parts.netloc.rpartition('@')[2]}"
        if parts.hostname
        else None,
        "access_key": urllib.parse.unquote(parts.username or "") or None,
        "secret_key": urllib.parse.unquote(parts.password or "") or None,
        "region_name": query.get("region") or None,
        "addressing_style": query.get("addressing", "path"),
        "signature_version": "s3v4",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": PRESIGNED_MAX_SECONDS,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "private, no-store"},
    }
