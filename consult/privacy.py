"""Personal data over time (个人信息保护法): the pieces every app shares when a requester's
identity is erased, and the erasure journal that outlives a restore.

- `scrub` replaces identifying phrases in free text (and in JSON kept beside it) with ■■■;
  `scrub_rows` does it for the rows of a queryset.
- `identity_erased` is sent inside the erasing transaction (grievances.services.erasure) so that
  each app to the right erases what it keeps about the item (survey answers, tasks, minutes).
- The journal: one line per erasure (enterprise code, item id and number, time, kind; nothing
  personal), appended after commit to the file `ERASURE_JOURNAL`, outside the database and
  outside MEDIA_ROOT, so that a backup restored later can have the erasures made after it
  re-applied (`manage.py restore` reads it; see README "Backups"). grievances registers how to
  list and re-apply entries (`register_journal`): consult cannot import it.
"""

from __future__ import annotations

import calendar
import datetime
import json
import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import models
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# What an erased phrase reads as, wherever it stood.
ERASED = "■■■"
# Shorter phrases are not erased: one character would wreck every text it occurs in.
MIN_PHRASE = 2

# Sent inside the erasing transaction: identity_erased.send(sender=Grievance, grievance=...,
# phrases=[...], requester_id=...). Receivers erase the identity from their own rows.
identity_erased = Signal()


# -- phrases ----------------------------------------------------------------------------------


def clean_phrases(phrases: Iterable[str | None]) -> list[str]:
    """Distinct phrases of at least MIN_PHRASE characters, longest first (a name inside a
    longer marked sentence goes with the sentence)."""
    found = {p.strip() for p in phrases if p and len(p.strip()) >= MIN_PHRASE}
    return sorted(found, key=lambda p: (-len(p), p))


def _pattern(phrases: list[str]) -> re.Pattern | None:
    if not phrases:
        return None
    return re.compile("|".join(re.escape(p) for p in phrases), re.IGNORECASE)


def scrub(value, phrases: list[str]):
    """`value` (text, or JSON: dicts, lists, texts) with every phrase replaced by ERASED."""
    pattern = _pattern(phrases)
    return value if pattern is None else _scrub(value, pattern)


def _scrub(value, pattern: re.Pattern):
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_scrub(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, pattern) for k, v in value.items()}
    return value


def scrub_rows(queryset: models.QuerySet, fields: Iterable[str], phrases: list[str]) -> int:
    """Replace the phrases in these text or JSON fields of every row; how many rows changed.
    Rows are written with UPDATE (no save(), no auto_now): the erasure is not an edit."""
    fields = list(fields)
    if not phrases:
        return 0
    changed = 0
    for row in queryset.only("pk", *fields):
        values = {name: scrub(getattr(row, name), phrases) for name in fields}
        values = {k: v for k, v in values.items() if v != getattr(row, k)}
        if values:
            type(row)._base_manager.filter(pk=row.pk).update(**values)
            changed += 1
    return changed


# -- retention --------------------------------------------------------------------------------


def retention_cutoff(now: datetime.datetime, months: int) -> datetime.datetime:
    """`months` calendar months before `now` (the 31st falls back to the month's last day):
    an item closed before it has kept its requester's identity long enough."""
    year, month0 = divmod(now.month - 1 - months, 12)
    year += now.year
    month = month0 + 1
    day = min(now.day, calendar.monthrange(year, month)[1])
    return now.replace(year=year, month=month, day=day)


# -- the journal ------------------------------------------------------------------------------


@dataclass(frozen=True)
class JournalEntry:
    """One erasure, without anything personal: which item (by id and number), when, why."""

    enterprise: str  # the enterprise's code
    grievance: int
    number: str
    erased_at: str  # ISO 8601, UTC
    kind: str  # retention, request, reapplied

    def line(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def parse(cls, line: str) -> JournalEntry:
        data = json.loads(line)
        return cls(
            enterprise=str(data["enterprise"]),
            grievance=int(data["grievance"]),
            number=str(data["number"]),
            erased_at=str(data["erased_at"]),
            kind=str(data.get("kind", "")),
        )


class JournalError(Exception):
    """A journal file that cannot be read."""


def journal_path() -> Path | None:
    value = getattr(settings, "ERASURE_JOURNAL", "")
    return Path(value) if value else None


def journal_append(entry: JournalEntry) -> None:
    """Add one line to the journal file (called after the erasure committed). A journal that
    cannot be written is logged, not raised: the erasure itself is done and is in the
    database's events, from which `manage.py backup` writes erasures.jsonl too."""
    path = journal_path()
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as f:
            f.write(entry.line() + "\n")
            f.flush()
            os.fsync(f.fileno())
    except OSError:
        logger.exception("could not write the erasure journal %s", path)


def journal_read(path: Path) -> list[JournalEntry]:
    """The entries of a journal file (the app's, or a backup's erasures.jsonl)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise JournalError(f"cannot read the erasure journal {path}: {exc}") from exc
    entries = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entries.append(JournalEntry.parse(line))
        except (ValueError, KeyError, TypeError) as exc:
            raise JournalError(f"{path}, line {number}: not an erasure entry ({exc})") from exc
    return entries


_journal: dict[str, Callable] = {}


def register_journal(
    *,
    entries: Callable[[], Iterable[JournalEntry]],
    reapply: Callable[[JournalEntry], bool],
) -> None:
    """grievances says how to list the erasures the database holds and how to re-apply one
    (True when it erased something, False when the item was already erased)."""
    _journal["entries"] = entries
    _journal["reapply"] = reapply


def journal_entries() -> list[JournalEntry]:
    return list(_journal["entries"]())


def journal_reapply(entry: JournalEntry) -> bool:
    return bool(_journal["reapply"](entry))


def journals_to_reapply(named: Iterable[str | Path]) -> list[tuple[Path, list[JournalEntry]]]:
    """The journals a restore re-applies, read before anything is touched (a bad one stops
    it): those named, and ERASURE_JOURNAL's file when it exists."""
    paths = [Path(p) for p in named]
    own = journal_path()
    if own is not None and own.is_file() and own.resolve() not in {p.resolve() for p in paths}:
        paths.append(own)
    return [(path, journal_read(path)) for path in paths]


def reapply(entries: list[JournalEntry]) -> int:
    """Erase again every item of `entries` whose erasure the database does not hold (one
    transaction); how many were erased."""
    from django.db import transaction

    with transaction.atomic():
        return sum(journal_reapply(entry) for entry in entries)
