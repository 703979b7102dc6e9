"""Step 8 (建立工作台账): the period's archive, built in the background.

`archive_request` records the request (or returns the one already under way for this reader and
period: a second click never starts a second build) and starts it after commit;
`archive_build` writes the ZIP to ARCHIVE_ROOT (outside MEDIA_ROOT and the backups: it holds
copies of documents with names in them) and records the outcome. The reader's page shows the
state and links to the file when it is ready; the file is removed after ARCHIVE_KEEP_HOURS, or
when the reader builds the period again.
"""

from __future__ import annotations

import datetime
import logging
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.http import Http404
from django.utils import timezone

from consult.access import EnterpriseAccess, get_enterprise_for
from consult.docregistry import DocumentContext
from consult.replica import reading_reports
from consult.roles import Action
from ledger import archive
from ledger.models import ArchiveBuild
from ledger.periods import Period, from_slug

log = logging.getLogger(__name__)
S = ArchiveBuild.Status
# A build still "under way" after this long died with its process: it no longer blocks.
STALE = datetime.timedelta(minutes=30)


def archive_title(enterprise, period: Period) -> str:
    return f"{enterprise.name}工会与行政沟通协商工作档案（{period.printed}）"


def archive_filename(enterprise, period: Period) -> str:
    return f"{enterprise.code}-档案-{period.slug}.zip"


def _under_way(*, enterprise, user, period: Period):
    return ArchiveBuild.objects.filter(
        enterprise=enterprise,
        requested_by=user,
        period=period.slug,
        status__in=(S.PENDING, S.RUNNING),
    )


def archive_request(*, access: EnterpriseAccess, user, period: Period) -> ArchiveBuild:
    """Step 8: the reader asks for the period's archive. Returns the build under way for this
    reader and period if there is one, else a new one, started once the request commits."""
    enterprise = access.enterprise
    archives_expire()
    _under_way(enterprise=enterprise, user=user, period=period).filter(
        created_at__lt=timezone.now() - STALE
    ).update(status=S.FAILED, error="stale", finished_at=timezone.now())
    try:
        with transaction.atomic():
            build = ArchiveBuild.objects.create(
                enterprise=enterprise, requested_by=user, period=period.slug
            )
    except IntegrityError:  # one is under way (the constraint holds one per reader and period)
        return _under_way(enterprise=enterprise, user=user, period=period).get()
    if settings.ARCHIVE_BUILDS == "inline":
        return archive_build(build_id=build.pk)
    if settings.ARCHIVE_BUILDS == "thread":
        transaction.on_commit(lambda: _start_thread(build.pk))
    return build  # "manual": `manage.py build_archives` builds it


def _start_thread(build_id: int) -> None:
    threading.Thread(target=_in_thread, args=(build_id,), daemon=True, name="archive").start()


def _in_thread(build_id: int) -> None:
    close_old_connections()
    try:
        archive_build(build_id=build_id)
    finally:
        connection.close()


def archives_build_pending() -> int:
    """Step 8: build every archive asked for and not yet started (`manage.py build_archives`)."""
    pending = list(ArchiveBuild.objects.filter(status=S.PENDING).values_list("pk", flat=True))
    for pk in pending:
        archive_build(build_id=pk)
    return len(pending)


def archive_build(*, build_id: int) -> ArchiveBuild:
    """Step 8: write the archive of one request (every document of the period its reader may
    read now, see ledger.archive) to a file and record that it is ready, or why it failed."""
    claimed = ArchiveBuild.objects.filter(pk=build_id, status=S.PENDING).update(status=S.RUNNING)
    build = ArchiveBuild.objects.select_related("requested_by", "enterprise").get(pk=build_id)
    if not claimed:
        return build  # another worker has it
    try:
        access = get_enterprise_for(
            build.requested_by, build.enterprise.code, action=Action.VIEW_LEDGERS
        )
    except (Http404, PermissionDenied):
        _finish(build, status=S.FAILED, error="no longer allowed")
        return build
    return _write(build, access, from_slug(build.period))


def _write(build: ArchiveBuild, access: EnterpriseAccess, period: Period) -> ArchiveBuild:
    relative = f"{build.pk}-{uuid.uuid4().hex}.zip"
    path = archive_path(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    ctx = DocumentContext(access=access, user=build.requested_by, params={})
    try:
        # The documents are read as reports are (from the replica when there is one); the
        # reader's access was read on the primary above.
        with open(path, "wb") as out, reading_reports():
            count = 0
            for chunk in archive.stream(ctx, period, archive_title(build.enterprise, period)):
                out.write(chunk)
                count += 1
    except Exception as exc:  # recorded for the reader's page; the request may be made again
        log.exception("archive build %s failed", build.pk)
        path.unlink(missing_ok=True)
        _finish(build, status=S.FAILED, error=str(exc)[:2000])
        return build
    _finish(build, status=S.READY, file=relative, size=path.stat().st_size, documents=count - 1)
    _expire(
        ArchiveBuild.objects.filter(
            enterprise=build.enterprise_id,
            requested_by=build.requested_by_id,
            period=build.period,
            status=S.READY,
        ).exclude(pk=build.pk)
    )
    return build


def archive_path(relative: str) -> Path:
    return Path(settings.ARCHIVE_ROOT) / relative


def _expire(builds) -> int:
    """Remove the files of these ready builds; their rows stay, marked expired."""
    expired = list(builds.filter(status=S.READY))
    for build in expired:
        if build.file:
            archive_path(build.file).unlink(missing_ok=True)
    return ArchiveBuild.objects.filter(pk__in=[b.pk for b in expired]).update(
        status=S.EXPIRED, file=""
    )


def archives_expire() -> int:
    """Step 8: the files of archives ready longer than ARCHIVE_KEEP_HOURS go (`build_archives`
    and every new request run it)."""
    cutoff = timezone.now() - datetime.timedelta(hours=settings.ARCHIVE_KEEP_HOURS)
    return _expire(ArchiveBuild.objects.filter(status=S.READY, finished_at__lt=cutoff))


def _finish(build: ArchiveBuild, **fields) -> None:
    fields["finished_at"] = timezone.now()
    ArchiveBuild.objects.filter(pk=build.pk).update(**fields)
    for name, value in fields.items():
        setattr(build, name, value)
