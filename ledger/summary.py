"""职工诉求分类汇总表 (step 8, annual): per quarter, each class with its items' content and
how many there were."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, npgettext, pgettext_lazy

from grievances.models import Grievance
from grievances.workflow import SUMMARY_STATES
from ledger.periods import QUARTER_NAMES, Period, quarter_of

COLUMNS = [
    (pgettext_lazy("summary column", "time"), 10),
    (pgettext_lazy("summary column", "category"), 20),
    (pgettext_lazy("summary column", "requests"), 90),
]
ITEM_CHARS = 80  # each item's content as the summary quotes it
CELL_CHARS = 30000  # a spreadsheet cell holds 32,767 characters


@dataclass
class ClassRow:
    name: str
    order: tuple = (0, 0)
    contents: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.contents)

    @property
    def label(self) -> str:
        """工资福利类（3项）, in the reader's language on the page."""
        return npgettext(
            "summary", "%(name)s (%(n)d request)", "%(name)s (%(n)d requests)", self.count
        ) % {"name": self.name, "n": self.count}

    @property
    def text(self) -> str:
        lines = []
        for i, content in enumerate(self.contents, start=1):
            short = content if len(content) <= ITEM_CHARS else content[:ITEM_CHARS] + "…"
            lines.append(f"{i}. {short}")
        joined = "\n".join(lines)
        return joined if len(joined) <= CELL_CHARS else joined[:CELL_CHARS] + "…"


def summary_title(enterprise, year: int) -> str:
    return gettext("Category summary of %(enterprise)s's requests, %(year)s") % {
        "enterprise": enterprise.name,
        "year": year,
    }


def summary_queryset(enterprise, year: int) -> QuerySet[Grievance]:
    start, end = Period(year).bounds()
    return Grievance.objects.filter(
        enterprise=enterprise,
        received_at__gte=start,
        received_at__lt=end,
        category__isnull=False,
        status__in=SUMMARY_STATES,
    )


def quarters(qs: QuerySet[Grievance]) -> OrderedDict[int, list[ClassRow]]:
    """{1..4: [classes with items, in the enterprise's order]} in one query."""
    found: OrderedDict[int, OrderedDict[str, ClassRow]] = OrderedDict(
        (q, OrderedDict()) for q in QUARTER_NAMES
    )
    rows = (
        qs.select_related("category__parent")
        .order_by("received_at", "serial")
        .only(
            "content",
            "received_at",
            "category__name",
            "category__order",
            "category__parent__name",
            "category__parent__order",
        )
    )
    for g in rows.iterator(chunk_size=2000):
        c = g.category
        order = (c.parent.order, c.order) if c.parent_id else (c.order, -1)
        quarter = quarter_of(timezone.localtime(g.received_at).date())
        found[quarter].setdefault(c.name, ClassRow(c.name, order)).contents.append(g.content)
    return OrderedDict(
        (q, sorted(classes.values(), key=lambda c: (c.order, c.name)))
        for q, classes in found.items()
    )


def table_rows(groups: OrderedDict[int, list[ClassRow]]) -> list[list[str]]:
    rows = []
    for quarter, classes in groups.items():
        if not classes:
            rows.append([str(QUARTER_NAMES[quarter]), "", gettext("(no request this quarter)")])
        for c in classes:
            rows.append([str(QUARTER_NAMES[quarter]), c.label, c.text])
    return rows
