"""The quarter's archive (step 8: "上述每一步工作有关表格、通知、记录等"): every document of every
step registered in `consult.docregistry` whose subject falls in the period, in every format,
one folder per step, with an index — streamed as a ZIP while it is written.

Each document is looked up and checked exactly as its own URL would be (`lookup`, `permits`),
so the archive never holds a page its reader could not open one by one.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import BadRequest, PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from consult import docregistry
from consult.docregistry import DocumentContext, Rendered
from grievances.models import CollectionRegister, Grievance, Status
from ledger.periods import Period
from meetings.models import Meeting
from supervision.models import Bulletin
from surveys.models import Answer

STEP_FOLDERS = {
    1: "第一步 强化组织领导",
    2: "第二步 宣传动员",
    3: "第三步 征集协商议题",
    4: "第四步 确定协商人员",
    5: "第五步 召开协商会议",
    6: "第六步 工会督导办理",
    7: "第七步 开展满意度测评",
    8: "第八步 建立工作台账",
}
# The leading group's quarterly and dispatch meetings (领导小组职责) are not steps 4 and 5 of a
# consultation: their notices and minutes have a folder of their own.
RHYTHM_FOLDER = "领导小组季度会议和调度会议"
# Tables of a whole year: they belong in the archive of the period that ends the year, not in
# every quarter's (they hold the items of the year's other quarters).
YEAR_TABLES = frozenset({"summary_table", "category_summary"})
INDEX_NAME = "目录.txt"


def _subjects(model, enterprise, period: Period) -> QuerySet:
    """The objects of `model` that belong to the period (what each step produced in it)."""
    start, end = period.bounds()
    if model is Grievance:
        return Grievance.objects.filter(
            enterprise=enterprise, received_at__gte=start, received_at__lt=end
        ).exclude(status=Status.MERGED)
    if model is Meeting:  # a meeting whose notice never went out is no record
        return Meeting.objects.filter(
            enterprise=enterprise,
            date__range=(period.start, period.end),
            notice_approved_at__isnull=False,
        )
    if model is Bulletin:  # issued ones only: a draft is not a record
        return Bulletin.objects.filter(
            enterprise=enterprise,
            dated__range=(period.start, period.end),
            status=Bulletin.Status.ISSUED,
        )
    if model is Answer:  # 调查表: one per answer given in the period
        return Answer.objects.filter(
            respondent__round__enterprise=enterprise, answered_at__gte=start, answered_at__lt=end
        )
    if model is CollectionRegister:
        return CollectionRegister.objects.filter(
            enterprise=enterprise, created_at__gte=start, created_at__lt=end
        )
    return _generic_subjects(model, enterprise, start, end)


def _generic_subjects(model, enterprise, start, end) -> QuerySet:
    """A later step's model: by its enterprise (or its grievance's) and when it was made."""
    names = {f.name for f in model._meta.get_fields()}
    qs = model._default_manager.all()
    if "enterprise" in names:
        qs = qs.filter(enterprise=enterprise)
    elif "grievance" in names:
        qs = qs.filter(grievance__enterprise=enterprise)
    else:
        return qs.none()
    for when in ("created_at", "opened_at", "date"):
        if when in names:
            return qs.filter(**{f"{when}__gte": start, f"{when}__lt": end})
    return qs.none()


@dataclass
class Entry:
    step: int
    title: str
    folder: str
    render: Callable[[], Rendered]


def _folder(document, subject) -> str:
    if isinstance(subject, Meeting) and subject.is_rhythm:
        return RHYTHM_FOLDER
    return STEP_FOLDERS.get(document.step, f"第{document.step}步")


def _ends_year(period: Period) -> bool:
    return period.end.month == 12 and period.end.day == 31


def _lookups(document, ctx: DocumentContext, period: Period):
    """(context, pk) of each subject of `document` in the period (pk None: the enterprise's)."""
    if document.model is not None:
        pks = _subjects(document.model, ctx.enterprise, period).values_list("pk", flat=True)
        return [(ctx, pk) for pk in pks]
    # The ledgers of steps 7 and 8 are kept for the period; the earlier steps' documents (the
    # notice of the year, the summary table) for its year.
    params = period.query() if document.step >= 7 else {"year": str(period.year)}
    return [(DocumentContext(ctx.access, ctx.user, params, ctx.request), None)]


def _wanted(document, period: Period) -> bool:
    if document.name == "register_blank":
        return False  # an empty form, not a record
    return document.name not in YEAR_TABLES or _ends_year(period)


def entries(ctx: DocumentContext, period: Period) -> list[Entry]:
    """What the archive holds, in step order; rendering waits until the ZIP is written."""
    found: list[Entry] = []
    for document in docregistry.all_documents():
        if not _wanted(document, period):
            continue
        for sub_ctx, pk in _lookups(document, ctx, period):
            try:
                subject = document.lookup(sub_ctx, pk)
            except (Http404, PermissionDenied, BadRequest):
                continue
            if not document.permits(ctx.access, subject):
                continue
            folder = _folder(document, subject)
            for fmt in document.formats:
                render = partial(document.render, subject, fmt, sub_ctx)
                found.append(Entry(document.step, document.title, folder, render))
    return found


def _unique(path: str, used: set[str]) -> str:
    stem, dot, ext = path.rpartition(".")
    candidate, n = path, 1
    while candidate in used:
        n += 1
        candidate = f"{stem}（{n}）{dot}{ext}"  # a safety net: every document names itself
    used.add(candidate)
    return candidate


class _Pipe:
    """A write-only stream the ZIP writes into; the response takes what was written."""

    def __init__(self):
        self.chunks: list[bytes] = []
        self.offset = 0

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        self.offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self.offset

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def stream(ctx: DocumentContext, period: Period, title: str) -> Iterator[bytes]:
    """The ZIP, one document at a time (the download starts at once; memory stays flat)."""
    pipe = _Pipe()
    index = [title, f"{ctx.enterprise.name}　{period.printed}", ""]
    with zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED) as archive:  # type: ignore[arg-type]
        used: set[str] = set()
        for entry in entries(ctx, period):
            try:
                rendered = entry.render()
            except (Http404, PermissionDenied, BadRequest):
                continue
            path = _unique(f"{entry.folder}/{rendered.filename}", used)
            archive.writestr(path, rendered.read())
            index.append(f"{path}\t{entry.title}")
            yield pipe.take()
        archive.writestr(INDEX_NAME, "\r\n".join(index) + "\r\n")
    yield pipe.take()
