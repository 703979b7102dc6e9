"""The rows of the 职工诉求工作台账 (step 8), read from the grievances, their events, the
tasks of step 6 and the survey outcome of step 7; nothing is kept twice.

Rows are read in chunks, each with a fixed number of queries, so a ledger of any length costs
the same per chunk and memory stays flat while an export streams.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import pgettext

from consult.access import EnterpriseAccess
from consult.messages import render
from consult.models import Category, Membership, OrgUnit
from grievances.actors import Actors, served_by
from grievances.events import GrievanceEventType as E
from grievances.models import Grievance, GrievanceEvent, Route, Status
from grievances.selectors import (
    RequesterView,
    erased_view,
    log_views,
    may_see_identity,
    protected_label,
)
from ledger.models import HistoricalItem
from ledger.periods import Period
from ledger.texts import KIND_PRINT, OUTCOME_PRINT, STATUS_PRINT
from meetings.models import LABEL
from supervision.clocks import Clock, clocks_for
from supervision.models import Task, TaskStatus, TrackingVisit
from surveys.selectors import SurveyOutcome, outcomes_for

CHUNK = 4000
IDENTITY_CONTEXT = "work_ledger"

_NOTE_EVENTS = (E.REJECTED, E.WITHDRAWN, E.ESCALATED, E.ESCALATION_ANSWERED)


@dataclass
class LedgerRow:
    grievance_id: int
    values: list[str]  # the 12 columns, in order
    identity_hidden: bool

    def __iter__(self):
        return iter(self.values)


def ledger_queryset(enterprise, period: Period) -> QuerySet[Grievance]:
    """The items received in the period; an item merged into another is counted there."""
    start, end = period.bounds()
    return (
        Grievance.objects.filter(enterprise=enterprise, received_at__gte=start, received_at__lt=end)
        .exclude(status=Status.MERGED)
        .order_by("received_at", "year", "serial", "id")
    )


def _clock_text(name: str, clock: Clock) -> str:
    if not clock.started:
        return ""
    if clock.met is True:
        return pgettext("ledger", "%(clock)s on time") % {"clock": name}
    if clock.met is False or clock.overdue:
        return pgettext("ledger", "%(clock)s %(n)d working day(s) late") % {
            "clock": name,
            "n": clock.missed_days,
        }
    return pgettext("ledger", "%(clock)s not yet due") % {"clock": name}


def _task_text(task: LedgerTask, clocks: tuple[Clock, Clock]) -> str:
    comma = pgettext("ledger", ", ")
    parts = [task.department]
    if task.status == TaskStatus.WITHDRAWN:
        withdrawn = pgettext("ledger", "sent to a meeting after the answer; the task withdrawn")
        return comma.join(p for p in (*parts, withdrawn) if p)
    if task.outcome:
        said = task.outcome_text.strip().rstrip("。；，.;,")
        outcome = str(OUTCOME_PRINT.get(task.outcome, ""))
        parts.append(
            pgettext("ledger", "%(outcome)s: %(said)s") % {"outcome": outcome, "said": said}
            if said
            else outcome
        )
    else:
        parts.append(
            pgettext("ledger", "in progress, due %(date)s") % {"date": task.deadline.isoformat()}
        )
    if task.status == TaskStatus.ESCALATED:
        parts.append(str(STATUS_PRINT[Status.ESCALATED]))
    feedback, telling = pgettext("ledger", "feedback"), pgettext("ledger", "telling")
    parts += [t for t in (_clock_text(feedback, clocks[0]), _clock_text(telling, clocks[1])) if t]
    return comma.join(p for p in parts if p)


def _meeting_label(task: LedgerTask) -> str:
    """The meeting's number in the reader's language (2026年第3次 when printed)."""
    return render(LABEL, {"year": task.meeting_year, "number": task.meeting_number})


def _route_text(g: Grievance, tasks: list[LedgerTask]) -> str:
    if g.route == Route.DEPARTMENT:
        return pgettext("ledger", "sent to the department(s)")
    if g.route != Route.MEETING:
        return ""
    meetings = sorted({_meeting_label(t) for t in tasks if t.meeting_id})
    if not meetings:
        return pgettext("ledger", "sent to a consultation meeting")
    return pgettext("ledger", "sent to a consultation meeting (%(meetings)s)") % {
        "meetings": pgettext("ledger names", ", ").join(meetings)
    }


def handling_text(
    g: Grievance, tasks: list[LedgerTask], clocks: dict, events: list, departments: list[str]
) -> str:
    """办理情况: route, departments, result, and the two clocks met or missed."""
    parts: list[str] = [_route_text(g, tasks)]
    if departments and not tasks:
        parts.append(
            pgettext("ledger", "handling department: %(names)s")
            % {"names": pgettext("ledger names", ", ").join(departments)}
        )
    if tasks:
        parts += [_task_text(t, clocks[t.pk]) for t in tasks]
    else:
        parts.append(str(STATUS_PRINT[g.status]))
        for action, note in events:
            if action in (E.REJECTED, E.WITHDRAWN) and note:
                parts.append(note)
    if g.status in (Status.INFORMED, Status.CLOSED, Status.REMEDY) and tasks:
        parts.append(str(STATUS_PRINT[g.status]))
    return pgettext("ledger", "; ").join(p for p in parts if p)


def _remark(g: Grievance, events: list, merged: list[str]) -> str:
    notes = []
    if g.kind in KIND_PRINT:
        notes.append(str(KIND_PRINT[g.kind]))
    if merged:
        notes.append(
            pgettext("ledger", "merged: %(numbers)s")
            % {"numbers": pgettext("ledger names", ", ").join(merged)}
        )
    for action, note in events:
        if action == E.ESCALATED:
            notes.append(_noted(pgettext("ledger", "handed up to the parent body"), note))
        elif action == E.ESCALATION_ANSWERED:
            notes.append(_noted(pgettext("ledger", "the parent body answered"), note))
    return pgettext("ledger", "; ").join(notes)


def _noted(what: str, note: str) -> str:
    return (
        pgettext("ledger", "%(outcome)s: %(said)s") % {"outcome": what, "said": note}
        if note
        else what
    )


def _supervisors(
    tasks: list[LedgerTask], visitors: dict[int, list[tuple[int, str]]], actors: Actors
) -> str:
    """Step 6's fallback for 诉求监督人: who recorded the tracking visits of the item's tasks
    (as the reader may see them: a requester of an item of the task may not be named)."""
    names: list[str] = []
    for t in tasks:
        for person_id, name in visitors.get(t.pk, ()):
            if name and name not in names and not actors.hides(person_id):
                names.append(name)
    return "、".join(names)


def _supervisor(g: Grievance, outcome, tasks, related: _Related, access, user) -> str:
    """诉求监督人: who signed the survey's result, else who visited; a person who is the
    requester of an item served is shown by the identity rule (grievances.actors)."""
    served = [g, *(o for t in tasks for o in related.served.get(t.pk, ()) if o.pk != g.pk)]
    actors = Actors(served, access, user, context=IDENTITY_CONTEXT)
    if outcome and outcome.supervisor_name:
        return "" if actors.hides(outcome.supervisor_id) else outcome.supervisor_name
    return _supervisors(tasks, related.visitors, actors)


@dataclass
class LedgerTask:
    """What 办理情况 and the clocks read of a task (plain values: a ledger reads many)."""

    pk: int
    status: str
    outcome: str
    outcome_text: str
    deadline: datetime.date
    report_due: datetime.date | None
    reported_at: datetime.datetime | None
    inform_due: datetime.date | None
    informed_on: datetime.date | None
    department: str
    meeting_id: int | None
    meeting_year: int | None
    meeting_number: int | None


_TASK_FIELDS = (
    "pk", "status", "outcome", "outcome_text", "deadline", "report_due", "reported_at",
    "inform_due", "informed_on", "lead_department__name", "meeting_id", "meeting__year",
    "meeting__number",
)  # fmt: skip


def _tasks(ids) -> list[LedgerTask]:
    found = []
    for row in Task.objects.filter(pk__in=ids).values_list(*_TASK_FIELDS):
        found.append(LedgerTask(*row))
    return found


@dataclass
class _Related:
    """What a chunk of items needs from other tables, read with one query each."""

    departments: dict[int, list[str]]
    merged: dict[int, list[str]]
    tasks: dict[int, list[LedgerTask]]
    visitors: dict[int, list[tuple[int, str]]]  # task id → (who recorded a visit, name)
    events: dict[int, list[tuple[str, str]]]
    served: dict[int, list[Grievance]]  # task id → its items that have a requester account


def _related(ids: list[int]) -> _Related:
    departments = _departments(ids)
    merged = _merged(ids)
    by_id, tasks = _tasks_by_item(ids)
    visitors = _visitors(list(by_id))
    served = served_by(
        Grievance.objects.filter(tasks__in=list(by_id), requester__isnull=False).only(*_FIELDS),
        "tasks",
    )
    return _Related(departments, merged, tasks, visitors, _note_events(ids), served)


def _departments(ids: list[int]) -> dict[int, list[str]]:
    departments: dict[int, list[str]] = defaultdict(list)
    for gid, name in (
        Grievance.departments.through.objects.filter(grievance_id__in=ids)
        .order_by("department__name")
        .values_list("grievance_id", "department__name")
    ):
        departments[gid].append(name)
    return departments


def _merged(ids: list[int]) -> dict[int, list[str]]:
    """The numbers of the items merged into each item."""
    merged: dict[int, list[str]] = defaultdict(list)
    for into, year, serial in (
        Grievance.objects.filter(merged_into_id__in=ids)
        .order_by("year", "serial")
        .values_list("merged_into_id", "year", "serial")
    ):
        merged[into].append(f"{year}-{serial:04d}")
    return merged


def _tasks_by_item(ids: list[int]) -> tuple[dict[int, LedgerTask], dict[int, list[LedgerTask]]]:
    """The items' tasks by id, and each item's tasks in the order they were made."""
    links = list(
        Task.grievances.through.objects.filter(grievance_id__in=ids).values_list(
            "grievance_id", "task_id"
        )
    )
    by_id = {t.pk: t for t in _tasks({tid for _, tid in links})}
    tasks: dict[int, list[LedgerTask]] = defaultdict(list)
    for gid, tid in sorted(links, key=lambda link: link[1]):
        tasks[gid].append(by_id[tid])
    return by_id, tasks


def _visitors(task_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """task id → (who recorded a visit, their name), in the order of the visits."""
    visitors: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for tid, uid, last, first, username in (
        TrackingVisit.objects.filter(task_id__in=task_ids, recorded_by__isnull=False)
        .order_by("visited_on", "id")
        .values_list(
            "task_id",
            "recorded_by_id",
            "recorded_by__last_name",
            "recorded_by__first_name",
            "recorded_by__username",
        )
    ):
        visitors[tid].append((uid, f"{last}{first}".strip() or username))
    return visitors


def _note_events(ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    events: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for gid, action, note in (
        GrievanceEvent.objects.filter(grievance_id__in=ids, action__in=_NOTE_EVENTS)
        .order_by("created_at", "id")
        .values_list("grievance_id", "action", "note")
    ):
        events[gid].append((action, note))
    return events


@dataclass
class _Labels:
    """Names that many rows share, read once per ledger: categories and units."""

    categories: dict[int, str]
    units: dict[int, str]

    @classmethod
    def of(cls, enterprise) -> _Labels:
        categories = {
            pk: f"{parent}·{name}" if parent else name
            for pk, name, parent in Category.objects.filter(enterprise=enterprise).values_list(
                "pk", "name", "parent__name"
            )
        }
        units = {
            pk: f"{parent}{name}" if parent else name  # as OrgUnit.label says it
            for pk, name, parent in OrgUnit.objects.filter(enterprise=enterprise).values_list(
                "pk", "name", "parent__name"
            )
        }
        return cls(categories, units)


def _people(chunk: list[Grievance], enterprise) -> tuple[dict[int, str], dict[int, str]]:
    """{user id: display name}, {user id: phone} of the chunk's requesters (two queries)."""
    ids = {g.requester_id for g in chunk if g.requester_id}
    if not ids:
        return {}, {}
    names = {
        pk: f"{last}{first}".strip() or username
        for pk, last, first, username in get_user_model()
        .objects.filter(pk__in=ids)
        .values_list("pk", "last_name", "first_name", "username")
    }
    phones = dict(
        Membership.objects.filter(enterprise=enterprise, user_id__in=ids)
        .exclude(phone="")
        .values_list("user_id", "phone")
    )
    return names, phones


def _chunk_rows(
    chunk: list[Grievance], access: EnterpriseAccess, user, today, labels: _Labels
) -> list[LedgerRow]:
    related = _related([g.pk for g in chunk])
    tasks = {t.pk: t for ts in related.tasks.values() for t in ts}
    clocks = clocks_for(tasks.values(), today=today)
    outcomes: dict[int, SurveyOutcome] = outcomes_for(grievance_ids=[g.pk for g in chunk])
    people = _people(chunk, access.enterprise)
    history = history_of(chunk)
    rows: list[LedgerRow] = []
    logged: list[int] = []
    for g in chunk:
        view = _requester_view(g, access, user, labels, people, logged, history.get(g.pk))
        outcome = outcomes.get(g.pk)
        if g.pk in history:
            texts = _history_texts(history[g.pk])
        else:
            texts = _handling_texts(g, related, clocks, outcome, access, user)
        rows.append(_ledger_row(g, view, outcome, labels, texts))
    if logged:
        log_views(access, user, logged, IDENTITY_CONTEXT)
    return rows


def _requester_view(
    g: Grievance,
    access: EnterpriseAccess,
    user,
    labels: _Labels,
    people,
    logged: list[int],
    history: HistoricalItem | None = None,
) -> RequesterView:
    """The identity rule decides (grievances.selectors); the names come from the batch. The
    items whose protected requester is shown go into `logged`."""
    if g.identity_erased_at is not None:
        return erased_view()
    if not may_see_identity(g, access, user):
        return protected_view(g)
    if g.is_protected and g.requester_id != user.pk:
        # The union's own ledger: the chair and designated staff read 实名（保密）
        # names, and each such view is logged (one write per chunk).
        logged.append(g.pk)
    names, phones = people
    view = RequesterView(
        name=g.requester_name or names.get(g.requester_id, ""),
        unit=labels.units.get(g.requester_unit_id, "") or getattr(history, "unit_text", ""),
        phone=g.requester_phone or phones.get(g.requester_id, ""),
    )
    if g.is_protected:
        # Marked, as the handbook says 实名（保密）: a ledger the union hands on, or imports
        # again (ledger.history), keeps the name from management.
        label = protected_label(g)
        view.name = f"{view.name}（{label}）" if view.name else str(label)
    return view


def _handling_texts(g, related, clocks, outcome, access, user) -> tuple[str, str, str, str]:
    """办理情况, 诉求监督人, 工会审阅反馈 and 备注 of an item handled in the app."""
    g_tasks = related.tasks.get(g.pk, [])
    events = related.events.get(g.pk, [])
    return (
        handling_text(g, g_tasks, clocks, events, related.departments.get(g.pk, [])),
        _supervisor(g, outcome, g_tasks, related, access, user),
        outcome.review if outcome else "",
        _remark(g, events, related.merged.get(g.pk, [])),
    )


def _ledger_row(g, view, outcome, labels, texts) -> LedgerRow:
    """The item's row: the columns of the 职工诉求工作台账."""
    handling, supervisor, review, remark = texts
    values = [
        g.number,
        timezone.localtime(g.received_at).date().isoformat(),
        labels.categories.get(g.category_id, ""),
        view.name,
        g.content,
        view.unit,
        view.phone,
        handling,
        outcome.level_label if outcome else "",
        supervisor,
        review,
        remark,
    ]
    return LedgerRow(grievance_id=g.pk, identity_hidden=not view.shown, values=values)


def history_of(chunk: list[Grievance]) -> dict[int, HistoricalItem]:
    """What the earlier ledger said of the chunk's imported items (one query, and none when
    the chunk has no imported item)."""
    ids = [g.pk for g in chunk if g.is_history]
    if not ids:
        return {}
    return {h.grievance_id: h for h in HistoricalItem.objects.filter(grievance_id__in=ids)}


def _history_texts(item: HistoricalItem) -> tuple[str, str, str, str]:
    """办理情况, 诉求监督人, 工会审阅反馈 and 备注 of an imported item, as its ledger had them
    (备注 with the number it carried there)."""
    carried = f"原编号：{item.original_number}" if item.original_number else ""
    remark = "；".join(t for t in (item.remark, carried, "历史台账导入") if t)
    return item.handling, item.supervisor, item.review, remark


def protected_view(g: Grievance) -> RequesterView:
    """保密/匿名 in every column that could name the requester (as requester_display hides)."""
    label = protected_label(g)
    return RequesterView(name=label, unit=label, phone=label, account=label, shown=False)


def _with_related(qs: QuerySet[Grievance]) -> QuerySet[Grievance]:
    return qs.only(*_FIELDS)


# What a row reads (a 100,000-row ledger spends its time building objects: only these).
_FIELDS = (
    "enterprise_id", "year", "serial", "kind", "disclosure", "status", "content", "received_at",
    "requester_id", "requester_name", "requester_phone", "requester_unit_id", "category_id",
    "route", "merged_into_id", "identity_erased_at",
)  # fmt: skip


def ledger_rows(
    access: EnterpriseAccess, user, qs: QuerySet[Grievance], *, chunk: int = CHUNK
) -> Iterator[LedgerRow]:
    """The ledger's rows for the items of `qs` (already scoped and ordered), chunk by chunk."""
    today = timezone.localdate()
    labels = _Labels.of(access.enterprise)
    ids = list(qs.values_list("pk", flat=True))
    for offset in range(0, len(ids), chunk):
        part = ids[offset : offset + chunk]
        found = {g.pk: g for g in _with_related(Grievance.objects.filter(pk__in=part))}
        yield from _chunk_rows(
            [found[pk] for pk in part if pk in found], access, user, today, labels
        )
