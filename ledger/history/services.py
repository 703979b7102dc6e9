"""Writes of the history import (step 8): an earlier work ledger previewed, then confirmed as a
whole into closed items.

`history_preview` reads the file and stores what would be imported, writing nothing else;
`history_import_confirm` writes all of it in one transaction, or nothing. The items are written
in bulk, not through the workflow's services: they are not taken through any step, so no
notification, no reminder and no survey invitation is ever made for them. Each is a closed
Grievance numbered 历-<year>-NNNN through the year's counter (never a live number), with one
event (imported, dated the day it was received, from which the retention period counts), an
answered survey round when the ledger gave its 满意度, and a HistoricalItem with the texts the
ledger had.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consult.audit import record_event
from consult.events import RosterEvent
from consult.models import Enterprise
from consult.roster.reader import read_sheets
from grievances.choices import Disclosure, IntakeChannel, Kind, Status
from grievances.events import GrievanceEventType
from grievances.list_cache import drop_enterprise_figures
from grievances.models import HISTORY_SERIAL_BASE, Grievance, GrievanceCounter, GrievanceEvent
from ledger.history.parse import NO_ANSWER, parse_sheets
from ledger.history.plan import counts, make_plan, rows_of
from ledger.models import HistoricalItem, HistoryImport
from ledger.texts import KIND_PRINT
from surveys.models import Answer, Respondent, RespondentKind, RoundStatus, SurveyRound

BATCH = 1000
RECEIVED_HOUR = 9  # a ledger gives the day only: items are dated that day at 09:00


@functools.cache
def _kinds() -> dict[str, str]:
    """The ledger's words for the kinds (合理化建议…) → kind, in the handbook's Chinese whatever
    the importer's language."""
    with translation.override("zh-hans"):
        return {str(text): kind for kind, text in KIND_PRINT.items()}


class HistoryChanged(Exception):
    """The enterprise's items or people changed since the preview: nothing was written;
    `plan` is the new preview."""

    def __init__(self, plan: dict):
        super().__init__("history changed since preview")
        self.plan = plan


class HistoryAlreadyImported(Exception):
    pass


def history_preview(*, enterprise: Enterprise, by, file_name: str, data: bytes) -> HistoryImport:
    """Read an uploaded earlier ledger and store what importing it would do; nothing else is
    written. Raises RosterFileError when the file cannot be read at all."""
    sheets = read_sheets(data, limit=settings.ROSTER_MAX_BYTES, max_rows=settings.ROSTER_MAX_ROWS)
    parsed = parse_sheets(sheets, today=timezone.localdate())
    plan = make_plan(enterprise=enterprise, rows=parsed.rows, refused=parsed.refused)
    return HistoryImport.objects.create(
        enterprise=enterprise,
        uploaded_by=by,
        file_name=file_name[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        header={"sheets": parsed.sheets, "headers": parsed.headers, "ignored": parsed.ignored},
        plan=plan,
        counts=counts(plan),
    )


def history_preview_refresh(*, history_import: HistoryImport, plan: dict) -> HistoryImport:
    history_import.plan = plan
    history_import.counts = counts(plan)
    history_import.save(update_fields=["plan", "counts"])
    return history_import


@transaction.atomic
def history_import_confirm(*, history_import: HistoryImport, by) -> HistoryImport:
    """Write a previewed ledger's new rows as closed items, all or nothing; HistoryChanged when
    the preview no longer fits the enterprise (another import, a new person, a category)."""
    enterprise = Enterprise.objects.select_for_update().get(pk=history_import.enterprise_id)
    record = HistoryImport.objects.select_for_update().get(pk=history_import.pk)
    if record.status != HistoryImport.Status.PREVIEWED:
        raise HistoryAlreadyImported(_("This ledger has already been imported."))
    rows, unread = rows_of(record.plan)
    plan = make_plan(enterprise=enterprise, rows=rows, refused=unread)
    if plan["digest"] != record.plan.get("digest"):
        raise HistoryChanged(plan)
    for start in range(0, len(plan["new"]), BATCH):
        _create_items(record, by, plan["new"][start : start + BATCH])
    record.status = HistoryImport.Status.IMPORTED
    record.imported_by = by
    record.imported_at = timezone.now()
    record.counts = counts(plan)
    # The rows are personal data: once imported they are the items; the refused rows stay,
    # to be downloaded and fixed.
    record.plan = {"refused": [{k: v for k, v in r.items() if k != "row"} for r in plan["refused"]]}
    record.save()
    record_event(
        enterprise=enterprise,
        target=record,
        action=RosterEvent.HISTORY_IMPORTED,
        actor=by,
        data={k: v for k, v in record.counts.items() if k != "years"},
        note=record.file_name,
    )
    drop_enterprise_figures(enterprise.pk)
    return record


def _received_at(row: dict) -> datetime.datetime:
    day = datetime.date.fromisoformat(row["received_on"])
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(RECEIVED_HOUR)))


def _serials(enterprise_id: int, rows: list[dict]) -> list[int]:
    """The next history serials of each row's year, from the year's counter (locked)."""
    wanted: dict[int, int] = defaultdict(int)
    for row in rows:
        wanted[int(row["received_on"][:4])] += 1
    next_of: dict[int, int] = {}
    for year, n in wanted.items():
        counter, _created = GrievanceCounter.objects.select_for_update().get_or_create(
            enterprise_id=enterprise_id, year=year
        )
        next_of[year] = HISTORY_SERIAL_BASE + counter.history_last + 1
        GrievanceCounter.objects.filter(pk=counter.pk).update(history_last=counter.history_last + n)
    serials = []
    for row in rows:
        year = int(row["received_on"][:4])
        serials.append(next_of[year])
        next_of[year] += 1
    return serials


def _grievance(record: HistoryImport, by, row: dict, serial: int) -> Grievance:
    anonymous = row["disclosure"] == Disclosure.ANONYMOUS
    erased = row["erased"]
    return Grievance(
        enterprise_id=record.enterprise_id,
        year=int(row["received_on"][:4]),
        serial=serial,
        kind=_kinds().get(row["remark"].split("；")[0], Kind.GRIEVANCE),
        channel=IntakeChannel.OTHER,
        disclosure=row["disclosure"],
        status=Status.CLOSED,
        content=row["content"],
        received_at=_received_at(row),
        requester_id=None if anonymous else row["user_id"],
        requester_name="" if anonymous else row["name"],
        requester_phone="" if anonymous else row.get("phone", ""),
        requester_unit_id=None if anonymous else row["unit_id"],
        registered_by=by,
        category_id=row["category_id"],
        identity_erased_at=timezone.now() if erased else None,
    )


def _create_items(record: HistoryImport, by, rows: list[dict]) -> None:
    serials = _serials(record.enterprise_id, rows)
    items = Grievance.objects.bulk_create(
        [_grievance(record, by, row, s) for row, s in zip(rows, serials, strict=True)]
    )
    pairs = list(zip(items, rows, strict=True))
    _create_events(record, by, pairs)
    HistoricalItem.objects.bulk_create(_history_item(record, g, row) for g, row in pairs)
    _create_surveys(record, [(g, row) for g, row in pairs if row["level"]])


def _create_events(record: HistoryImport, by, pairs: list[tuple[Grievance, dict]]) -> None:
    """One event per item, dated when the item was received: its retention period counts from
    there, not from today."""
    events = GrievanceEvent.objects.bulk_create(
        GrievanceEvent(
            grievance=g,
            actor=by,
            action=GrievanceEventType.IMPORTED,
            to_status=Status.CLOSED,
            note=_source(record, row),
            data={"history_import": record.pk, "line": row["line"]},
        )
        for g, row in pairs
    )
    received = Grievance.objects.filter(pk=OuterRef("grievance_id")).values("received_at")[:1]
    GrievanceEvent.objects.filter(pk__in=[e.pk for e in events]).update(
        created_at=Subquery(received)
    )


def _history_item(record: HistoryImport, g: Grievance, row: dict) -> HistoricalItem:
    return HistoricalItem(
        enterprise_id=record.enterprise_id,
        history_import=record,
        grievance=g,
        sheet=row["sheet"][:40],
        line=row["line"],
        original_number=row["number"],
        fingerprint=row["key"],
        unit_text="" if row["unit_id"] else row.get("unit", ""),
        handling=row["handling"],
        supervisor=row["supervisor"],
        review=row["review"],
        remark=row["remark"],
    )


def _source(record: HistoryImport, row: dict) -> str:
    where = f"{row['sheet']} " if row["sheet"] else ""
    return f"{record.file_name} {where}第{row['line']}行"


def _create_surveys(record: HistoryImport, answered: list[tuple[Grievance, dict]]) -> None:
    """满意度 as the ledger gave it: a closed round with the requester's answer (none for 未答复),
    counted by every satisfaction figure; its survey method is unknown (left empty)."""
    rounds = SurveyRound.objects.bulk_create(
        SurveyRound(
            enterprise_id=record.enterprise_id,
            grievance=g,
            number=1,
            status=RoundStatus.REVIEWED,
            opened_on=g.received_at.date(),
            closes_on=g.received_at.date(),
            closed_at=g.received_at,
        )
        for g, _row in answered
    )
    respondents = Respondent.objects.bulk_create(
        Respondent(
            round=r,
            kind=RespondentKind.REQUESTER,
            user_id=g.requester_id,
            anonymous=g.disclosure == Disclosure.ANONYMOUS,
        )
        for r, (g, _row) in zip(rounds, answered, strict=True)
    )
    Answer.objects.bulk_create(
        Answer(respondent=p, level=row["level"], method="", answered_at=g.received_at)
        for p, (g, row) in zip(respondents, answered, strict=True)
        if row["level"] != NO_ANSWER
    )
