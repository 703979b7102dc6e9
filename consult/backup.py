"""Backups (DESIGN.md "Nothing lost": backups that restore): the database as portable JSON and
the uploaded files as a tar, with a manifest that lets a restore prove it got everything back.

A backup directory holds four files:

- `database.json.gz`: `dumpdata --natural-foreign` of every app except what `migrate`
  rebuilds or what is worth nothing later (content types, permissions, sessions, admin's log);
- `media.tar`: every file under `MEDIA_ROOT`, with its path relative to it and its mode, or,
  when attachments live in a bucket (STORAGE_URL), every object under the bucket's prefix with
  its key relative to it (a backup of either kind restores into either: it also moves files);
- `erasures.jsonl`: the erasure journal as the database holds it (consult.privacy: which item,
  when; nothing personal), for re-applying erasures to an older backup;
- `manifest.json`: the row count of every table in the dump, the SHA-256 of every file in the
  tar, and the SHA-256 of the archives.

The same JSON loads on SQLite and PostgreSQL, so a backup also moves an installation between them.
Used by the `backup` and `restore` management commands.
"""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

MANIFEST = "manifest.json"
DATABASE = "database.json.gz"
MEDIA = "media.tar"
ERASURES = "erasures.jsonl"
FORMAT = 1

# Left out of the dump: migrate recreates content types and permissions (the dump refers to
# them by natural key); sessions and admin's log are not worth restoring.
EXCLUDED_APPS = ("contenttypes", "sessions")
EXCLUDED_MODELS = ("admin.logentry", "auth.permission")
EXCLUDE = [*EXCLUDED_APPS, *EXCLUDED_MODELS]

_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup that cannot be written or a restore that did not give back what was saved."""


def dumped_models() -> list[type[models.Model]]:
    """The models whose rows the dump holds, with the automatic many-to-many tables."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy or meta.swapped:
            continue
        if meta.app_label in EXCLUDED_APPS or meta.label_lower in EXCLUDED_MODELS:
            continue
        found.append(model)
    return found


def table_counts(using: str) -> dict[str, int]:
    """{table name: rows} for every dumped table."""
    return {
        model._meta.db_table: model._base_manager.using(using).count()
        for model in sorted(dumped_models(), key=lambda m: m._meta.db_table)
    }


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _sha256_stream(stream) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def media_root(settings_value) -> Path:
    if not settings_value:
        raise ImproperlyConfigured("MEDIA_ROOT is not set.")
    return Path(settings_value)


def write_media_tar(root: Path, target: Path) -> dict[str, str]:
    """Tar every regular file under `root` (sorted, relative names); {name: SHA-256}."""
    checksums: dict[str, str] = {}
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as tar:
        if not root.is_dir():
            return checksums
        for directory, subdirs, files in os.walk(root):
            subdirs.sort()
            here = Path(directory)
            if here != root:
                tar.add(here, arcname=here.relative_to(root).as_posix(), recursive=False)
            for name in sorted(files):
                path = here / name
                if path.is_symlink() or not path.is_file():
                    raise BackupError(f"not a regular file, refusing to back it up: {path}")
                arcname = path.relative_to(root).as_posix()
                checksums[arcname] = sha256_file(path)
                tar.add(path, arcname=arcname, recursive=False)
    return checksums


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"unsafe path in media.tar: {name!r}")
    return path


def media_tar_checksums(source: Path) -> dict[str, str]:
    """{name: SHA-256} of the regular files in the tar, refusing anything else (links, devices,
    absolute or parent paths)."""
    checksums = {}
    with tarfile.open(source, "r") as tar:
        for member in tar:
            _safe_name(member.name)
            if member.isdir():
                continue
            if not member.isfile():
                raise BackupError(f"not a regular file in media.tar: {member.name!r}")
            stream = tar.extractfile(member)
            assert stream is not None
            checksums[member.name] = _sha256_stream(stream)
    return checksums


def extract_media(source: Path, root: Path) -> None:
    """Write the tar's files under `root`, keeping their modes (0640 files, 0750 folders)."""
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source, "r") as tar:
        for member in tar:
            target = root.joinpath(*_safe_name(member.name).parts)
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
                target.chmod(member.mode & 0o770)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            stream = tar.extractfile(member)
            assert stream is not None
            with open(target, "wb") as out:
                while chunk := stream.read(_CHUNK):
                    out.write(chunk)
            target.chmod(member.mode & 0o660)


class _HashingReader:
    """Reads a stream for tarfile while hashing what passes."""

    def __init__(self, stream):
        self.stream, self.digest = stream, hashlib.sha256()

    def read(self, size=-1):
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        return chunk


def _bucket_prefix(storage) -> str:
    return f"{storage.location.strip('/')}/" if storage.location else ""


def bucket_names(storage) -> list[str]:
    """The names (keys under the bucket's prefix) of every object the storage holds, sorted."""
    prefix = _bucket_prefix(storage)
    keys = (entry.key for entry in storage.bucket.objects.filter(Prefix=prefix))
    return sorted(key.removeprefix(prefix) for key in keys)


def write_bucket_tar(storage, target: Path) -> dict[str, str]:
    """Tar every object of the bucket (streamed, never all in memory); {name: SHA-256}."""
    checksums: dict[str, str] = {}
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as tar:
        for name in bucket_names(storage):
            _safe_name(name)
            body, length = storage.open_stream(name)
            info = tarfile.TarInfo(name)
            info.size, info.mode = length, 0o640
            reader = _HashingReader(body)
            tar.addfile(info, fileobj=reader)
            body.close()
            checksums[name] = reader.digest.hexdigest()
    return checksums


def extract_to_bucket(source: Path, storage) -> None:
    """Write the tar's files as objects under the same names (private, like every object)."""
    from django.core.files import File

    with tarfile.open(source, "r") as tar:
        for member in tar:
            name = _safe_name(member.name).as_posix()
            if member.isdir():
                continue
            stream = tar.extractfile(member)
            assert stream is not None
            storage.put(name, File(stream, name=name))


def bucket_checksums(storage, names) -> dict[str, str | None]:
    """{name: SHA-256 of the object as the bucket gives it back, or None when it is missing}."""
    found: dict[str, str | None] = {}
    for name in names:
        try:
            body, _length = storage.open_stream(name)
        except FileNotFoundError:
            found[name] = None
            continue
        found[name] = _sha256_stream(body)
        body.close()
    return found


def write_manifest(path: Path, manifest: dict) -> None:
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def read_manifest(directory: Path) -> dict:
    path = directory / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError as exc:
        raise BackupError(f"no {MANIFEST} in {directory}: not a backup") from exc
    except ValueError as exc:
        raise BackupError(f"{path} is not valid JSON: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r} in {path}")
    return manifest


def differences(expected: dict, actual: dict) -> list[str]:
    """Lines naming every key whose value differs (missing and extra keys included)."""
    lines = []
    for key in sorted(set(expected) | set(actual)):
        if expected.get(key) != actual.get(key):
            lines.append(f"  {key}: expected {expected.get(key)!r}, found {actual.get(key)!r}")
    return lines


def write_erasures(path: Path, entries) -> int:
    """The erasure journal's lines (consult.privacy.JournalEntry); how many."""
    count = 0
    with open(path, "w", encoding="utf-8") as f:
        for entry in entries:
            f.write(entry.line() + "\n")
            count += 1
    return count
