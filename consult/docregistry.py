"""Every printable form (样式) registers here once: its name, what it belongs to, who may read
it, its formats and how each is rendered. One view (`consult.views.document`) serves them all.

`consult` cannot import the apps to its right, so each app's `documents.py` calls `register()`
when its AppConfig.ready() imports it.

    register(Document(
        name="grievance_record", title="职工诉求记录表", step=3, model=Grievance,
        lookup=lambda ctx, pk: ..., action=Action.VIEW_ALL_GRIEVANCES,
        renderers={"pdf": record_form},
    ))

A renderer takes (subject, ctx) and returns a `Rendered` file; `document_response` sends it.
Enterprise-level documents (the summary table, the poster…) have `model=None`: their lookup gets
no primary key and reads what it needs (a year) from `ctx.params`.
"""

import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header

from consult.access import EnterpriseAccess
from consult.roles import Action

ZIP_TYPE = "application/zip"


@dataclass(frozen=True)
class Rendered:
    """A finished file: bytes, or an open binary file that is sent in chunks."""

    filename: str
    content_type: str
    content: bytes | IO[bytes]

    def read(self) -> bytes:
        if isinstance(self.content, bytes):
            return self.content
        self.content.seek(0)
        return self.content.read()


class TooLarge(Exception):
    """Raised by a renderer that will not print `rows` rows (more than `limit`) in this format;
    the reader is sent to `alternative` (another format of the same document) instead."""

    def __init__(self, *, rows: int, limit: int, alternative: str):
        super().__init__(f"{rows} rows, more than {limit}")
        self.rows, self.limit, self.alternative = rows, limit, alternative


@dataclass(frozen=True)
class DocumentContext:
    """Who asks, in which enterprise, with which query parameters (e.g. `year`)."""

    access: EnterpriseAccess
    user: Any
    params: Mapping[str, str] = field(default_factory=dict)
    request: Any = None

    @property
    def enterprise(self):
        return self.access.enterprise

    def year(self) -> int | None:
        value = self.params.get("year", "")
        return int(value) if value.isdigit() and len(value) == 4 else None


@dataclass(frozen=True)
class Document:
    name: str
    title: str  # the handbook's Chinese name of the form
    step: int  # 1–8 of the eight-step method
    model: type | None  # None: the document belongs to the enterprise itself
    lookup: Callable[[DocumentContext, int | None], Any]  # → the subject, or Http404
    renderers: Mapping[str, Callable[[Any, DocumentContext], Rendered]]
    action: str = Action.VIEW_ENTERPRISE
    # Another way to be allowed (e.g. the department an item is routed to), given the subject.
    also_allowed: Callable[[EnterpriseAccess, Any], bool] | None = None

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(self.renderers)

    def permits(self, access: EnterpriseAccess, subject) -> bool:
        if access.may(self.action):
            return True
        return self.also_allowed is not None and self.also_allowed(access, subject)

    def render(self, subject, fmt: str, ctx: DocumentContext) -> Rendered:
        # Printed forms are the handbook's Chinese forms, whatever the reader's interface
        # language (choice labels such as a channel's kind are translated strings).
        with translation.override(settings.LANGUAGE_CODE):
            return self.renderers[fmt](subject, ctx)


_registry: dict[str, Document] = {}


def register(document: Document) -> Document:
    existing = _registry.get(document.name)
    if existing is not None and existing != document:
        raise ValueError(f"a document named {document.name!r} is already registered")
    _registry[document.name] = document
    return document


def get(name: str) -> Document:
    try:
        return _registry[name]
    except KeyError as exc:
        raise Http404 from exc


def all_documents() -> list[Document]:
    return sorted(_registry.values(), key=lambda d: (d.step, d.name))


def for_model(model: type | None) -> list[Document]:
    """The documents that belong to objects of `model` (None: to the enterprise)."""
    return [d for d in all_documents() if d.model is model]


def for_step(step: int) -> list[Document]:
    """The documents of one step of the eight, e.g. for a quarterly archive (step 8)."""
    return [d for d in all_documents() if d.step == step]


def documents_for(ctx: DocumentContext, subjects: Iterable) -> list[tuple[Document, Any]]:
    """(document, subject) for every document registered for these objects that the reader may
    read: what an archive of them holds."""
    pairs = []
    for subject in subjects:
        for document in for_model(type(subject)):
            if document.permits(ctx.access, subject):
                pairs.append((document, subject))
    return pairs


def zip_of(pairs: Iterable[tuple[Document, Any]], ctx: DocumentContext, filename: str) -> Rendered:
    """One ZIP with every format of every (document, subject), written to a temporary file."""
    spool = tempfile.TemporaryFile()
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        for document, subject in pairs:
            for fmt in document.formats:
                rendered = document.render(subject, fmt, ctx)
                archive.writestr(rendered.filename, rendered.read())
    spool.seek(0)
    return Rendered(filename, ZIP_TYPE, spool)


def document_response(rendered: Rendered) -> HttpResponse | FileResponse:
    """The one way a document leaves the app: an attachment with a UTF-8 file name, never
    cached (documents may carry names that only this reader may see)."""
    if isinstance(rendered.content, bytes):
        response = HttpResponse(rendered.content, content_type=rendered.content_type)
    else:
        rendered.content.seek(0)
        response = FileResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = content_disposition_header(True, rendered.filename)
    response["Cache-Control"] = "no-store"
    return response
