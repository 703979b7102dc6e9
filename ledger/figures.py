"""The figures of the dashboard (union and management) and of the federation's assessment
(考核), read with a fixed number of grouped queries however many items or enterprises."""

from __future__ import annotations

import datetime
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from consult.models import Enterprise, ImplementationNotice, LeadingGroup
from grievances.models import Grievance, Status
from grievances.selectors import OPEN_STATUSES, OVERDUE_DAYS
from ledger.periods import Period, quarter_of
from meetings.models import Meeting, MeetingKind, MeetingStatus
from supervision.clocks import WorkingCalendar, clocks_for
from supervision.models import Escalation, Task
from surveys.selectors import SatisfactionFigures, satisfaction_figures

HELD = (MeetingStatus.HELD, MeetingStatus.MINUTES_FINAL)
GROUP_KINDS = (MeetingKind.QUARTERLY, MeetingKind.LEADING_GROUP)
CONSULTATION_KINDS = (MeetingKind.SPECIAL, MeetingKind.JOINT)
# Told the result (waiting for the survey) or closed after it: the item was dealt with.
CLOSED_STATUSES = (Status.INFORMED, Status.CLOSED)
# The handbook's four levels, best first (values of surveys' SatisfactionLevel).
LEVELS = OrderedDict(
    [
        ("very_satisfied", "非常满意"),
        ("satisfied", "满意"),
        ("basically_satisfied", "基本满意"),
        ("unsatisfied", "不满意"),
    ]
)


@dataclass
class Rate:
    met: int = 0
    missed: int = 0
    running: int = 0

    @property
    def stopped(self) -> int:
        return self.met + self.missed

    @property
    def rate(self) -> float | None:
        return self.met / self.stopped if self.stopped else None

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.0f}%"


def clock_rates(tasks, clocks: dict | None = None) -> tuple[Rate, Rate]:
    """(clock 1, clock 2) on-time counts of these tasks, read with supervision.clocks."""
    tasks = list(tasks)
    if clocks is None:
        clocks = clocks_for(tasks, today=timezone.localdate())
    report, inform = Rate(), Rate()
    for first, second in (clocks[t.pk] for t in tasks):
        for clock, rate in ((first, report), (second, inform)):
            if not clock.started:
                continue
            if clock.met is True:
                rate.met += 1
            elif clock.met is False or clock.overdue:
                rate.missed += 1
            else:
                rate.running += 1
    return report, inform


def clock_rates_by_enterprise(
    tasks: QuerySet[Task], *, today: datetime.date
) -> dict[int, tuple[Rate, Rate]]:
    """The counts of `clock_rates`, added up by the database per enterprise: the federation
    reads a year of every enterprise's tasks (hundreds of thousands), which `clocks_for` would
    load one by one. A stopped clock is met when done by its due date; a running one is missed
    once a working day has passed since it was due (the calendar is asked per due date)."""
    rates: dict[int, tuple[Rate, Rate]] = {}
    clocks = (("report_due", TruncDate("reported_at")), ("inform_due", F("informed_on")))
    for index, (due, done) in enumerate(clocks):
        started = tasks.filter(**{f"{due}__isnull": False}).annotate(done_on=done)
        for ent, met, late in _stopped_by_enterprise(started, due):
            rate = rates.setdefault(ent, (Rate(), Rate()))[index]
            rate.met += met
            rate.missed += late
        for ent, missed, n in _running_by_enterprise(started, due, today):
            rate = rates.setdefault(ent, (Rate(), Rate()))[index]
            if missed:
                rate.missed += n
            else:
                rate.running += n
    return rates


def _stopped_by_enterprise(started: QuerySet[Task], due: str):
    """(enterprise, met, late) of the stopped clocks: met when done by the due date."""
    return (
        started.values("enterprise_id")
        .annotate(
            met=Count("pk", filter=Q(done_on__isnull=False, done_on__lte=F(due))),
            late=Count("pk", filter=Q(done_on__isnull=False, done_on__gt=F(due))),
        )
        .values_list("enterprise_id", "met", "late")
    )


def _running_by_enterprise(
    started: QuerySet[Task], due: str, today: datetime.date
) -> list[tuple[int, bool, int]]:
    """(enterprise, missed, n) of the running clocks per due date: missed once a working day
    has passed since it was due."""
    running = list(
        started.filter(done_on__isnull=True)
        .values("enterprise_id", due)
        .annotate(n=Count("pk"))
        .values_list("enterprise_id", due, "n")
    )
    calendar = WorkingCalendar([today] + [day for _, day, _ in running])
    return [(ent, day < today and calendar.between(day, today) > 0, n) for ent, day, n in running]


def by_class_and_quarter(qs: QuerySet[Grievance], year: int) -> list[dict]:
    """[{class name (None: not classified yet), quarters [n1..n4], total}] ordered as the
    enterprise orders its classes: counted by the database per class, each quarter a range of
    received_at (no row is read)."""
    counts = {
        f"q{q}": Count("pk", filter=Q(received_at__gte=start, received_at__lt=end))
        for q in (1, 2, 3, 4)
        for start, end in [Period(year, quarter=q).bounds()]
    }
    rows = (
        qs.values("category_id")
        .annotate(
            name=F("category__name"),
            top=Coalesce("category__parent__order", "category__order"),
            own=F("category__order"),
            **counts,
        )
        .order_by("top", "own", "name")
        .values_list("name", "q1", "q2", "q3", "q4")
    )
    table: OrderedDict[str | None, list[int]] = OrderedDict()
    for name, *quarters in rows:
        found = table.setdefault(name, [0, 0, 0, 0])
        for i, n in enumerate(quarters):
            found[i] += n
    return [{"name": k, "quarters": v, "total": sum(v)} for k, v in table.items()]


def dashboard_figures(
    qs: QuerySet[Grievance], enterprise_id: int, period: Period, department_id: int | None
) -> dict:
    """Every number of the dashboard for these items, in a fixed number of queries: counts
    and rates only (class names; an unclassified class is None), to be labelled when shown."""
    tasks = Task.objects.filter(grievances__in=qs.values("pk")).distinct()
    report, inform = clock_rates(tasks)
    return {
        "classes": by_class_and_quarter(qs, period.year),
        "counts": open_and_overdue(qs, tasks),
        "report": report,
        "inform": inform,
        "satisfaction": satisfaction_figures(
            enterprise_ids=[enterprise_id],
            start=period.start,
            end=period.end,
            department_id=department_id,
        ).get(enterprise_id),
        "rhythm": meeting_rhythm([enterprise_id], period.year)[enterprise_id],
    }


def open_and_overdue(qs: QuerySet[Grievance], tasks: QuerySet[Task]) -> dict:
    limit = timezone.now() - datetime.timedelta(days=OVERDUE_DAYS)
    today = timezone.localdate()
    counts = qs.aggregate(
        received=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, received_at__lt=limit)),
        closed=Count("pk", filter=Q(status__in=CLOSED_STATUSES)),
    )
    counts["tasks_overdue"] = tasks.overdue(today).count()
    return counts


def satisfaction_rows(figures: SatisfactionFigures | None) -> list[dict]:
    if figures is None or not figures.answered:
        return []
    keys = list(LEVELS) + [k for k in figures.levels if k not in LEVELS]
    return [
        {
            "name": LEVELS.get(k, k),
            "count": figures.levels.get(k, 0),
            "share": figures.levels.get(k, 0) / figures.answered,
        }
        for k in keys
    ]


def meeting_rhythm(enterprise_ids, year: int) -> dict[int, list[dict]]:
    """{enterprise id: per quarter {held, group, group_expected, dispatch, dispatch_expected}}."""
    groups = dict(
        LeadingGroup.objects.filter(enterprise_id__in=enterprise_ids).values_list(
            "enterprise_id", "group_meeting_interval_months"
        )
    )
    dispatch = dict(
        LeadingGroup.objects.filter(enterprise_id__in=enterprise_ids).values_list(
            "enterprise_id", "dispatch_meeting_interval_months"
        )
    )
    counts: Counter = Counter()
    for ent, kind, day in Meeting.objects.filter(
        enterprise_id__in=enterprise_ids, status__in=HELD, date__year=year
    ).values_list("enterprise_id", "kind", "date"):
        counts[(ent, kind_group(kind), quarter_of(day))] += 1
    result = {}
    for ent in enterprise_ids:
        g_months, d_months = groups.get(ent) or 0, dispatch.get(ent) or 0
        result[ent] = [
            {
                "quarter": q,
                "held": counts[(ent, "consultation", q)],
                "group": counts[(ent, "group", q)],
                "group_expected": round(3 / g_months, 1) if g_months else 0,
                "dispatch": counts[(ent, "dispatch", q)],
                "dispatch_expected": round(3 / d_months, 1) if d_months else 0,
            }
            for q in (1, 2, 3, 4)
        ]
    return result


def kind_group(kind: str) -> str:
    if kind in GROUP_KINDS:
        return "group"
    if kind == MeetingKind.DISPATCH:
        return "dispatch"
    return "consultation"


@dataclass
class Assessment:
    """One enterprise's row of the federation's view: figures only, no person."""

    enterprise: Enterprise
    leading_group: bool = False
    notice: bool = False
    meetings: list[dict] = field(default_factory=list)
    received: int = 0
    closed: int = 0
    report: Rate = field(default_factory=Rate)
    inform: Rate = field(default_factory=Rate)
    satisfied_rate: float | None = None
    answered: int = 0
    escalations: int = 0

    @property
    def mechanism(self) -> bool:
        return self.leading_group and self.notice

    @property
    def meetings_held(self) -> int:
        return sum(m["held"] + m["group"] + m["dispatch"] for m in self.meetings)

    @property
    def rhythm_kept(self) -> int:
        """Quarters in which the leading group met as often as its rhythm asks."""
        return sum(1 for m in self.meetings if m["group"] >= m["group_expected"])

    @property
    def satisfied_percent(self) -> str:
        return "—" if self.satisfied_rate is None else f"{self.satisfied_rate * 100:.0f}%"


SORT_KEYS = {
    "name": lambda a: a.enterprise.name,
    "mechanism": lambda a: a.mechanism,
    "meetings": lambda a: a.meetings_held,
    "received": lambda a: a.received,
    "closed": lambda a: a.closed,
    "report": lambda a: a.report.rate if a.report.rate is not None else -1,
    "inform": lambda a: a.inform.rate if a.inform.rate is not None else -1,
    "satisfaction": lambda a: a.satisfied_rate if a.satisfied_rate is not None else -1,
    "escalations": lambda a: a.escalations,
}


def assessment(
    enterprises: list[Enterprise], period: Period, *, sort: str = "name"
) -> list[Assessment]:
    """The federation's assessment of each enterprise over the period, one row each, sorted by
    `sort` (a key of SORT_KEYS, with "-" for descending)."""
    rows = {e.pk: Assessment(enterprise=e) for e in enterprises}
    for fill in _ASSESSED:
        fill(rows, period)
    descending = sort.startswith("-")
    key = SORT_KEYS.get(sort.lstrip("-"), SORT_KEYS["name"])
    return sorted(rows.values(), key=key, reverse=descending)


# Each fills its figures of the assessment's rows ({enterprise id: Assessment}) for the period.


def _leading_groups(rows: dict[int, Assessment], period: Period) -> None:
    for ent, members in (
        LeadingGroup.objects.filter(enterprise_id__in=list(rows))
        .annotate(n=Count("members", filter=Q(members__removed_at__isnull=True)))
        .values_list("enterprise_id", "n")
    ):
        rows[ent].leading_group = members > 0


def _notices(rows: dict[int, Assessment], period: Period) -> None:
    for ent in ImplementationNotice.objects.filter(
        enterprise_id__in=list(rows), year=period.year
    ).values_list("enterprise_id", flat=True):
        rows[ent].notice = True


def _meetings(rows: dict[int, Assessment], period: Period) -> None:
    for ent, quarters in meeting_rhythm(list(rows), period.year).items():
        rows[ent].meetings = (
            [m for m in quarters if period.quarter is None or m["quarter"] == period.quarter]
            if not period.month
            else [m for m in quarters if m["quarter"] == quarter_of(period.start)]
        )


def _items(rows: dict[int, Assessment], period: Period) -> None:
    start, end = period.bounds()
    for ent, received, closed in (
        Grievance.objects.filter(
            enterprise_id__in=list(rows), received_at__gte=start, received_at__lt=end
        )
        .exclude(status=Status.MERGED)
        .values("enterprise_id")
        .annotate(n=Count("pk"), c=Count("pk", filter=Q(status__in=CLOSED_STATUSES)))
        .values_list("enterprise_id", "n", "c")
    ):
        rows[ent].received, rows[ent].closed = received, closed


def _clocks(rows: dict[int, Assessment], period: Period) -> None:
    tasks = Task.objects.filter(
        enterprise_id__in=list(rows), started_on__range=(period.start, period.end)
    )
    for ent, (report, inform) in clock_rates_by_enterprise(
        tasks, today=timezone.localdate()
    ).items():
        rows[ent].report, rows[ent].inform = report, inform


def _satisfaction(rows: dict[int, Assessment], period: Period) -> None:
    for ent, figures in satisfaction_figures(
        enterprise_ids=list(rows), start=period.start, end=period.end
    ).items():
        if ent in rows:
            rows[ent].satisfied_rate, rows[ent].answered = figures.satisfied_rate, figures.answered


def _escalations(rows: dict[int, Assessment], period: Period) -> None:
    start, end = period.bounds()
    for ent, n in (
        Escalation.objects.filter(
            from_enterprise_id__in=list(rows), created_at__gte=start, created_at__lt=end
        )
        .values("from_enterprise_id")
        .annotate(n=Count("pk"))
        .values_list("from_enterprise_id", "n")
    ):
        rows[ent].escalations = n


_ASSESSED = (
    _leading_groups,
    _notices,
    _meetings,
    _items,
    _clocks,
    _satisfaction,
    _escalations,
)
